"""``python -m pixdesk``: the same as the ``pixdesk`` command."""

import sys

from pixdesk.cli.main import main

sys.exit(main())
