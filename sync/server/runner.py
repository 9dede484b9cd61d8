"""Running the server and opening its database for admin work. Layer: sync.server.

What ``pixdesk server run`` and ``pixdesk server admin …`` call: :func:`serve` starts
uvicorn on the app of a data dir (JSON logs on stderr, no access log of its own: the
app logs each request without headers); :func:`admin_engine` opens and migrates the
database of a data dir without needing the server key, so admin commands can run on
any host that reaches the database.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import Engine

from sync.server.config import ServerConfig, sqlite_url
from sync.server.database import make_engine, migrate, safe_url
from sync.server.logs import configure_json_logging

__all__ = ["admin_engine", "serve"]

log = logging.getLogger("sync.server.runner")


@contextmanager
def admin_engine(data_dir: Path, database_url: str | None) -> Iterator[Engine]:
    """The migrated database of ``data_dir`` (or ``database_url``), closed afterwards."""
    data_dir = data_dir.expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(database_url or sqlite_url(data_dir))
    try:
        migrate(engine)
        yield engine
    finally:
        engine.dispose()


def serve(config: ServerConfig, host: str, port: int, fd: int | None = None, log_level: str = "info") -> None:
    """Serve the app until interrupted (uvicorn; ``fd``: a socket the caller already bound)."""
    import uvicorn

    from sync.server.app import create_app

    configure_json_logging(log_level)
    app = create_app(config)
    log.info(
        "listening",
        extra={
            "event": "listening",
            "host": host if fd is None else None,
            "port": port if fd is None else None,
            "database": safe_url(config.database_url),
        },
    )
    if fd is not None:
        sock = socket.socket(fileno=fd)
        server = uvicorn.Server(uvicorn.Config(app, log_config=None, access_log=False, log_level=log_level))
        server.run(sockets=[sock])
        return
    uvicorn.run(app, host=host, port=port, log_config=None, access_log=False, log_level=log_level)
