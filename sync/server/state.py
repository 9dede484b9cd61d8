"""What one app instance holds: its configuration, its engine, its pack cache. Layer: sync.server.

Nothing in here is shared state between requests beyond what the database holds: the
engine is a connection pool, the pack cache a read-only copy of packs stored in the
database, the activity only when this process last received bundles (so that its
background scoring yields to intake). Several processes (or several apps in one test)
each have their own.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from time import monotonic
from typing import Any

from fastapi import Request
from sqlalchemy.engine import Engine

from sync.server.config import ServerConfig
from sync.server.device_turns import DeviceTurns
from sync.server.packstore import PackCache

__all__ = ["Activity", "ServerState", "get_state"]

CRYPTO_THREADS = 2


class Activity:
    """Bundle intake in this process: how many requests are in, when the last one ended."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._last_end = 0.0
        self.scoring_wanted = threading.Event()  # set when bundles were accepted

    @contextmanager
    def intake(self) -> Iterator[None]:
        with self._lock:
            self._running += 1
        try:
            yield
        finally:
            with self._lock:
                self._running -= 1
                self._last_end = monotonic()

    def busy_for(self, quiet_s: float) -> float:
        """Seconds until intake has been quiet for ``quiet_s`` (0: quiet now)."""
        with self._lock:
            if self._running:
                return quiet_s
            return max(0.0, self._last_end + quiet_s - monotonic())


@dataclass
class ServerState:
    config: ServerConfig
    engine: Engine
    packs: PackCache
    activity: Activity = field(default_factory=Activity)
    turns: DeviceTurns = field(default_factory=DeviceTurns)  # one device's batches: stored in turn
    # signature checks (Ed25519 releases the GIL): run beside the thread that parses a batch
    crypto: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(
            max_workers=CRYPTO_THREADS, thread_name_prefix="pixdesk-crypto"
        )
    )

    def intake_running(self) -> Any:
        """A context for receiving bundles (background scoring waits while one runs)."""
        return self.activity.intake()

    def scoring_wanted(self) -> None:
        """Wake this process's background scoring: bundles were received."""
        self.activity.scoring_wanted.set()

    def now(self) -> datetime:
        return self.config.clock()

    def purge_due(self) -> bool:
        """True about once every ``purge_every`` requests (no counter: processes share nothing)."""
        return secrets.randbelow(max(1, self.config.purge_every)) == 0

    def close(self) -> None:
        self.crypto.shutdown(wait=True)
        self.packs.close()
        self.engine.dispose()


def get_state(request: Request) -> ServerState:
    """The app's state (a FastAPI dependency)."""
    state = request.app.state.server
    assert isinstance(state, ServerState)
    return state
