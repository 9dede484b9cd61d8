"""What one certification-server process runs with. Layer: sync.server.

:class:`ServerConfig` is everything :func:`sync.server.app.create_app` needs: the data
dir (server key, unpacked pack cache), the database URL, the trust used to verify packs
when no root was set in the database, the limits, and a clock tests can move. Nothing
here is global: two apps in one process (tests) or many processes behind a load
balancer (production) each build their own from the same files and database.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pixdesk.config import Settings
from pixdesk.errors import KeyFileError
from pixdesk.signing import SigningKey, generate_key, load_private_key, save_private_key
from pixdesk.timeutil import utc_now
from sync.protocol import MAX_BODY_BYTES

__all__ = [
    "SERVER_KEY_NAME",
    "ServerConfig",
    "default_data_dir",
    "load_config",
    "load_or_create_server_key",
    "sqlite_url",
]

SERVER_KEY_NAME = "server.key"


def default_data_dir(settings: Settings) -> Path:
    """The server's own folder: ``server/`` under the PixDesk data dir."""
    return settings.data_dir / "server"


def sqlite_url(data_dir: Path) -> str:
    """The embedded database of a data dir."""
    return f"sqlite:///{(data_dir / 'server.db').resolve()}"


def load_or_create_server_key(data_dir: Path) -> SigningKey:
    """The server's Ed25519 key (``server.key``, mode 0600), created on the first start.

    Raises:
        KeyFileError: the file exists but is unreadable, malformed or readable by others.
    """
    path = data_dir / SERVER_KEY_NAME
    if not path.exists():
        try:
            save_private_key(generate_key(), path)
        except KeyFileError as exc:
            if exc.code != "key.exists":  # another process created it first: use that one
                raise
    return load_private_key(path)


@dataclass(frozen=True)
class ServerConfig:
    """One server process's configuration (immutable; the app keeps no other state)."""

    data_dir: Path
    database_url: str
    server_key: SigningKey
    settings: Settings | None = None  # PixDesk settings: trust roots used until root-set
    clock: Callable[[], datetime] = utc_now
    max_body_bytes: int = MAX_BODY_BYTES
    rate_limit: int = 120  # signed requests per device and window
    rate_window_seconds: int = 60
    pool_size: int = 5
    purge_every: int = 50  # expired nonces and windows are purged about once per this many requests
    sync_page: int = 500  # bundles per /v1/sync answer at most
    background_scoring: bool = True  # score accepted bundles on a thread of this process

    @property
    def packs_dir(self) -> Path:
        """Where this process unpacks the packs it replays with (a cache of the database)."""
        return self.data_dir / "packs"


def load_config(
    data_dir: Path,
    database_url: str | None = None,
    settings: Settings | None = None,
    **overrides: object,
) -> ServerConfig:
    """Build the configuration of a data dir: create it (0700) and the server key if needed.

    Args:
        database_url: defaults to the embedded SQLite file ``server.db`` of the data dir.
        overrides: other :class:`ServerConfig` fields (limits, clock).
    """
    data_dir = data_dir.expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(data_dir, 0o700)
    key = load_or_create_server_key(data_dir)
    return ServerConfig(
        data_dir=data_dir,
        database_url=database_url or sqlite_url(data_dir),
        server_key=key,
        settings=settings,
        **overrides,  # type: ignore[arg-type]
    )
