"""The server's database: engine, migrations, readiness. Layer: sync.server (storage).

One SQLAlchemy engine per app, with a connection pool; the same code runs on SQLite
(embedded default: WAL, foreign keys, ``synchronous=FULL`` so a receipt is never given
for a bundle a power cut could lose, and ``BEGIN IMMEDIATE`` so that concurrent writers
queue on the busy timeout instead of failing) and on PostgreSQL (``postgresql+psycopg://``).
Migrations are Alembic revisions run in code: no alembic.ini is needed at run time.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from pixdesk.errors import PixdeskError
from sync.server.schema import server_info

__all__ = [
    "ALEMBIC_DIR",
    "ServerError",
    "check_server_key",
    "head_revision",
    "is_ready",
    "make_engine",
    "migrate",
    "safe_url",
]

ALEMBIC_DIR = Path(__file__).resolve().parent / "alembic"
SQLITE_BUSY_SECONDS = 30


class ServerError(PixdeskError):
    """The server cannot start or an admin action cannot be done (bad database, key, input)."""


def safe_url(url: str) -> str:
    """The URL without its password, for logs and messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is reported as such, never echoed with a secret in it
        return "<unparsable database URL>"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event sends BEGIN itself
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, pool_size: int = 5) -> Engine:
    """An engine with a connection pool for ``url`` (``sqlite:///…`` or ``postgresql+psycopg://…``).

    Raises:
        ServerError: the URL names another database or driver.
    """
    try:
        parsed = make_url(url)
    except Exception:
        raise ServerError("server.bad_database_url", "not a database URL", safe_url(url)) from None
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise ServerError("server.bad_database_url", "an SQLite database must be a file", safe_url(url))
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_SECONDS}
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, pool_size=pool_size, max_overflow=pool_size * 2, pool_pre_ping=True)
    raise ServerError(
        "server.bad_database_url", "only sqlite:/// and postgresql+psycopg:// are supported", safe_url(url)
    )


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    return config


@functools.cache  # a property of the code, read from the revision files once
def head_revision() -> str:
    """The newest migration this code knows."""
    heads = ScriptDirectory.from_config(_alembic_config()).get_heads()
    return str(heads[0])


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision (idempotent; safe from several processes).

    Raises:
        ServerError: the database is unreachable or a migration failed.
    """
    config = _alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        raise ServerError(
            "server.database", f"cannot migrate the database: {type(exc).__name__}", safe_url(str(engine.url))
        ) from exc


def is_ready(engine: Engine) -> bool:
    """The database answers and its schema is at the newest revision."""
    try:  # a plain query: called by load balancers every few seconds, it must stay quiet and cheap
        with engine.connect() as connection:
            current: list[str] = list(
                connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
            )
    except SQLAlchemyError:
        return False
    return current == [head_revision()]


def check_server_key(engine: Engine, public_key_b64: str) -> None:
    """Record the server key at the first start; refuse a process started with another key.

    Several app processes share one database: they must sign receipts with the same key.

    Raises:
        ServerError: the database already belongs to a server with another key.
    """
    query = select(server_info.c.value).where(server_info.c.name == "server_public_key")
    for _attempt in range(2):
        try:
            with engine.begin() as connection:
                stored: str | None = connection.execute(query).scalar_one_or_none()
                if stored is None:
                    connection.execute(
                        server_info.insert().values(name="server_public_key", value=public_key_b64)
                    )
                    return
        except IntegrityError:  # another process recorded it at the same moment: compare again
            continue
        if stored != public_key_b64:
            raise ServerError(
                "server.key_mismatch",
                "this database belongs to a server with another key: give every app process"
                " the same server.key file",
                safe_url(str(engine.url)),
            )
        return
