"""What one app instance holds: its configuration, its engine, its pack cache. Layer: sync.server.

Nothing in here is shared state between requests beyond what the database holds: the
engine is a connection pool, the pack cache a read-only copy of packs stored in the
database. Several processes (or several apps in one test) each have their own.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from fastapi import Request
from sqlalchemy.engine import Engine

from sync.server.config import ServerConfig
from sync.server.packstore import PackCache

__all__ = ["ServerState", "get_state"]


@dataclass
class ServerState:
    config: ServerConfig
    engine: Engine
    packs: PackCache

    def now(self) -> datetime:
        return self.config.clock()

    def purge_due(self) -> bool:
        """True about once every ``purge_every`` requests (no counter: processes share nothing)."""
        return secrets.randbelow(max(1, self.config.purge_every)) == 0

    def close(self) -> None:
        self.packs.close()
        self.engine.dispose()


def get_state(request: Request) -> ServerState:
    """The app's state (a FastAPI dependency)."""
    state = request.app.state.server
    assert isinstance(state, ServerState)
    return state
