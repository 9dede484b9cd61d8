"""The ``pixdesk`` command: the composition root that wires core, UI, sync and authoring.

Nothing imports this package. Commands import what they need inside their own body, so
``pixdesk --version`` stays fast.
"""
