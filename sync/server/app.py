"""The application factory of the certification server. Layer: sync.server (composition).

:func:`create_app` builds one FastAPI app from a :class:`ServerConfig`: its engine (a
connection pool), the schema migrated to the newest revision, the server key checked
against the one the database was created with, its routers, error handlers and
middleware (request logs, body size limit), and — while it runs — its background
scoring thread (sync.server.scoring). No module-level state: app processes hold nothing
but a cache of packs and work they can lose (scoring leases run out), so any number can
run behind a load balancer on one PostgreSQL database, and tests build as many apps as
they like.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from pixdesk import __version__
from sync.protocol import PROTOCOL_VERSION
from sync.server import api_devices, api_public, results
from sync.server.config import ServerConfig
from sync.server.database import check_server_key, make_engine, migrate, safe_url
from sync.server.errors import install_error_handlers
from sync.server.limits import BodyLimitMiddleware
from sync.server.logs import RequestLogMiddleware
from sync.server.packstore import PackCache
from sync.server.scoring import BackgroundScoring
from sync.server.state import ServerState

__all__ = ["create_app"]

log = logging.getLogger("sync.server.app")

DESCRIPTION = f"""PixDesk certification server, protocol version {PROTOCOL_VERSION}.

Devices enroll with a single-use code, then sign every request (headers `X-PixDesk-*`,
see sync/PROTOCOL.md); result bundles are re-scored by replaying their signed events.
Errors are `{{"error": {{"code": …, "message": …}}}}`.
"""


def create_app(config: ServerConfig) -> FastAPI:
    """A ready app for ``config``: database migrated, server key checked.

    Raises:
        ServerError: the database is unreachable, cannot be migrated, or belongs to a
            server with another key.
    """
    engine = make_engine(config.database_url, config.pool_size)
    try:
        migrate(engine)
        check_server_key(engine, config.server_key.public.b64)
    except Exception:
        engine.dispose()
        raise
    state = ServerState(config, engine, PackCache(engine, config.packs_dir))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        log.info(
            "server started",
            extra={"event": "started", "database": safe_url(config.database_url)},
        )
        scoring = BackgroundScoring(state) if config.background_scoring else None
        if scoring is not None:
            scoring.start()
            state.scoring_wanted()  # bundles left pending by an earlier run
        yield
        if scoring is not None:
            scoring.stop()
        state.close()
        log.info("server stopped", extra={"event": "stopped"})

    app = FastAPI(
        title="PixDesk certification server",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.server = state
    install_error_handlers(app)
    app.include_router(api_public.router)
    app.include_router(api_devices.router)
    app.include_router(results.router)
    # Outermost last: the log sees every request, the limit runs before any route reads a body.
    app.add_middleware(BodyLimitMiddleware, max_bytes=config.max_body_bytes)
    app.add_middleware(RequestLogMiddleware)
    return app
