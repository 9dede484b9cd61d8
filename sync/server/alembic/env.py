"""Alembic environment: migrate the connection handed over by sync.server.database.

Layer: sync.server (storage). Never reads alembic.ini or a URL: :func:`migrate` passes an
open connection in ``config.attributes["connection"]``. On PostgreSQL a transaction-level
advisory lock makes concurrent app processes starting together migrate one at a time.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

from sync.server.schema import metadata

MIGRATION_LOCK = 7_301_998_521  # any constant shared by every process of one deployment


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, Connection):
        raise RuntimeError("run the migrations through sync.server.database.migrate()")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        context.run_migrations()


run_migrations_online()
