"""The certification server (FastAPI, SQLAlchemy Core, Alembic). Layer: sync.server.

Devices enroll with a single-use code, then send signed requests: result bundles (each
re-scored by replaying its signed events on the very pack version it used), learner
profiles, and a sync pull of what other machines of the centre recorded. Centre admins
read results with a bearer token. Start with ``pixdesk server run``; the protocol is in
sync/PROTOCOL.md, deployment in docs/deploy-server.md.

Modules: app (factory) · config · state · database + schema + alembic/ (storage) ·
auth, limits, errors, logs (cross-cutting) · enrollment, intake + rescore, profiles,
syncfeed, results (with its route), packstore, trustroots, registry (one concept each) ·
api_devices, api_public (routes) · models (bodies / OpenAPI) · runner (uvicorn, admin).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["ServerConfig", "create_app", "load_config"]

if TYPE_CHECKING:
    from sync.server.app import create_app
    from sync.server.config import ServerConfig, load_config


def __getattr__(name: str) -> object:
    """Import on first use: ``import sync.server`` stays cheap for the command line."""
    if name == "create_app":
        from sync.server.app import create_app

        return create_app
    if name in ("ServerConfig", "load_config"):
        from sync.server import config

        return getattr(config, name)
    raise AttributeError(name)
