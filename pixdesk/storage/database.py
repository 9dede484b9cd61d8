"""The local SQLite database: the one module that owns the connection.

Layer: storage. Nothing else in PixDesk opens the machine's database. Settings on
every connection: WAL journal, foreign keys on, ``synchronous=FULL`` (a committed
answer survives a pulled plug), a busy timeout. Transactions are explicit
(``BEGIN IMMEDIATE`` … ``COMMIT``); the connection runs in autocommit otherwise, so
no statement ever sits in an implicit transaction.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pixdesk.errors import StoreError
from pixdesk.storage.migrations import MIGRATIONS, apply_migrations

if TYPE_CHECKING:
    import sqlite_utils

__all__ = ["Store", "open_store"]

BUSY_TIMEOUT_MS = 5000


class Store:
    """An open machine database. Use one per thread (SQLite connections are not shared)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._db: sqlite_utils.Database | None = None
        self._depth = 0

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, for table inserts.

        Imported on first use: sqlite-utils pulls in numpy and plugin machinery (~170 ms),
        which the app's start (reads only) does not need.
        """
        if self._db is None:
            import sqlite_utils

            self._db = sqlite_utils.Database(self.conn)
        return self._db

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """A durable write transaction; nested calls join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield self.db
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield self.db
        except BaseException:
            self._depth = 0
            if self.conn.in_transaction:  # SQLite may already have rolled back (disk full, I/O error)
                self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self.conn.execute("COMMIT")

    def query(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        """The rows of one SELECT as dicts (column name → value)."""
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    @property
    def schema_version(self) -> int:
        row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0] or 0)

    def integrity_check(self) -> list[str]:
        """Problems reported by ``PRAGMA integrity_check`` (empty when all is well)."""
        try:
            rows = [r[0] for r in self.conn.execute("PRAGMA integrity_check").fetchall()]
        except sqlite3.DatabaseError as exc:  # damage bad enough that the check itself stops
            return [str(exc)]
        return [] if rows == ["ok"] else rows

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(path: Path, migrate: bool = True, shared: bool = False) -> Store:
    """Open (creating if needed) the machine database at ``path`` and migrate it.

    Raises:
        StoreError: the file is not a database, is newer than this program, or a
            migration failed (the database is left as it was).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    # shared: the owner serialises use across threads (e.g. a service on the UI's worker)
    conn = sqlite3.connect(
        path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=not shared
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError("store.unreadable", f"not a usable SQLite database: {exc}", str(path)) from None
    if mode.lower() != "wal":
        conn.close()
        raise StoreError("store.no_wal", f"cannot switch to WAL journal (got {mode})", str(path))
    store = Store(conn, path)
    if migrate:
        try:
            apply_migrations(store, MIGRATIONS)
        except sqlite3.DatabaseError as exc:  # e.g. "database disk image is malformed"
            conn.close()
            raise StoreError("store.unreadable", f"not a usable SQLite database: {exc}", str(path)) from None
        except BaseException:
            conn.close()
            raise
    return store
