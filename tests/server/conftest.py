"""Fixtures of the server tests; the machinery lives in server_world.py, which tests import.

(Test modules never import ``conftest``: with several conftest.py files in the suite,
"conftest" would name whichever was imported first.)
"""

from __future__ import annotations

from server_world import database_url, pg_uri, server, world

__all__ = ["database_url", "pg_uri", "server", "world"]
