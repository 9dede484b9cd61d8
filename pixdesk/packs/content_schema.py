"""The content database inside a pack: its schema (format v1) and the check of it.

Layer: packs. Texts meant for people are JSON objects keyed by language
(``{"en": "…", "fr": "…"}``). In a certification pack each ``challenge_texts.body`` is
sealed (see pixdesk.packs.sealing); in a practice pack it is UTF-8 JSON.
"""

from __future__ import annotations

import functools
import re
import sqlite3
from pathlib import Path

from pixdesk.errors import PackError

__all__ = ["SCHEMA", "TABLES", "check_content", "open_content"]

SCHEMA = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE domains (
    code     TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    title    TEXT NOT NULL
);
CREATE TABLE competences (
    code        TEXT PRIMARY KEY,
    domain_code TEXT NOT NULL REFERENCES domains (code),
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL
);
CREATE TABLE tubes (
    id              TEXT PRIMARY KEY,
    competence_code TEXT NOT NULL REFERENCES competences (code),
    title           TEXT NOT NULL,
    description     TEXT NOT NULL
);
CREATE TABLE skills (
    id      TEXT PRIMARY KEY,
    tube_id TEXT NOT NULL REFERENCES tubes (id),
    level   INTEGER NOT NULL CHECK (level BETWEEN 1 AND 8),
    status  TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived'))
);
CREATE TABLE challenges (
    id             TEXT PRIMARY KEY,
    skill_id       TEXT NOT NULL REFERENCES skills (id),
    format         TEXT NOT NULL CHECK (format IN ('qcu', 'qcm', 'qroc', 'qrocm-ind', 'qrocm-dep')),
    timer_seconds  INTEGER CHECK (timer_seconds IS NULL OR timer_seconds > 0),
    focused        INTEGER NOT NULL DEFAULT 0,
    accessible     INTEGER NOT NULL DEFAULT 1,
    t1             INTEGER NOT NULL DEFAULT 1,
    t2             INTEGER NOT NULL DEFAULT 1,
    t3             INTEGER NOT NULL DEFAULT 1,
    discrimination REAL NOT NULL,
    difficulty     REAL NOT NULL
);
CREATE INDEX challenges_skill ON challenges (skill_id);
CREATE TABLE challenge_texts (
    challenge_id TEXT NOT NULL REFERENCES challenges (id),
    lang         TEXT NOT NULL,
    body         BLOB NOT NULL,
    PRIMARY KEY (challenge_id, lang)
);
CREATE TABLE media (
    id       TEXT PRIMARY KEY,
    mime     TEXT NOT NULL,
    filename TEXT NOT NULL,
    alt      TEXT NOT NULL,
    sha256   TEXT NOT NULL,
    data     BLOB NOT NULL
);
CREATE TABLE challenge_media (
    challenge_id TEXT NOT NULL REFERENCES challenges (id),
    media_id     TEXT NOT NULL REFERENCES media (id),
    role         TEXT NOT NULL CHECK (role IN ('illustration', 'attachment')),
    PRIMARY KEY (challenge_id, media_id)
);
CREATE TABLE tutorials (
    id               TEXT PRIMARY KEY,
    tube_id          TEXT NOT NULL REFERENCES tubes (id),
    kind             TEXT NOT NULL CHECK (kind IN ('text', 'howto')),
    duration_minutes INTEGER NOT NULL,
    title            TEXT NOT NULL,
    body             TEXT NOT NULL
);
CREATE TABLE tutorial_skills (
    tutorial_id TEXT NOT NULL REFERENCES tutorials (id),
    skill_id    TEXT NOT NULL REFERENCES skills (id),
    PRIMARY KEY (tutorial_id, skill_id)
);
"""

TABLES = frozenset(
    {
        "meta",
        "domains",
        "competences",
        "tubes",
        "skills",
        "challenges",
        "challenge_texts",
        "media",
        "challenge_media",
        "tutorials",
        "tutorial_skills",
    }
)
SQLITE_MAGIC = b"SQLite format 3\x00"


def open_content(path: Path, shared: bool = False) -> sqlite3.Connection:
    """Open a verified content database read-only (and immutable: no journal, no locks).

    ``shared``: the connection may be used from another thread than the one that opened
    it (callers serialise the use; the database is immutable).
    """
    conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=not shared)
    conn.execute("PRAGMA query_only = 1")
    conn.execute("PRAGMA trusted_schema = 0")
    return conn


_VIRTUAL_SQL = re.compile(r"\s*CREATE\s+VIRTUAL\s+TABLE\b", re.IGNORECASE)


def _virtual_tables(conn: sqlite3.Connection) -> set[str]:
    """Names of the virtual tables, as SQLite itself parsed the schema.

    The text of ``sqlite_master.sql`` cannot be trusted for this: a crafted file may store
    ``CREATE  VIRTUAL  TABLE`` with any spacing (or a real table's root page) and SQLite
    still parses it as a virtual table. ``pragma_table_list`` (SQLite 3.37+) says what
    SQLite made of it; older SQLite falls back to root page 0 and a whitespace-tolerant match.
    """
    try:
        rows = conn.execute("SELECT name, type FROM pragma_table_list WHERE schema = 'main'").fetchall()
    except sqlite3.OperationalError:  # SQLite < 3.37
        rows = [
            (name, "virtual" if not rootpage or _VIRTUAL_SQL.match(sql or "") else "table")
            for name, rootpage, sql in conn.execute(
                "SELECT name, rootpage, sql FROM sqlite_master WHERE type = 'table'"
            )
        ]
    return {name for name, kind_of in rows if kind_of == "virtual"}


def _columns(conn: sqlite3.Connection, table: str) -> list[tuple[str, str, int, int]]:
    """(name, declared type, not null, primary key position) of each column, in order."""
    return [(row[1], row[2].upper(), row[3], row[5]) for row in conn.execute(f"PRAGMA table_info('{table}')")]


@functools.cache
def _expected_columns() -> dict[str, list[tuple[str, str, int, int]]]:
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(SCHEMA)
        return {table: _columns(conn, table) for table in TABLES}
    finally:
        conn.close()


def check_content(path: Path, pack_id: str, version: int, kind: str, where: str) -> None:
    """Refuse a content database that is not plain tables of format v1 for this pack.

    Called only after the member's SHA-256 matched the signed manifest.
    """
    with path.open("rb") as handle:
        if handle.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise PackError("pack.content_invalid", "content.db is not an SQLite database", where)
    conn = open_content(path)
    try:
        rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
        virtual = _virtual_tables(conn)
        for kind_of, name, _table, _sql in rows:
            if kind_of in ("trigger", "view"):
                raise PackError(
                    "pack.content_invalid",
                    f"content.db holds a {kind_of} ({name}); only tables are allowed",
                    where,
                )
            if name in virtual:
                raise PackError(
                    "pack.content_invalid",
                    f"content.db holds a virtual table ({name}); only tables are allowed",
                    where,
                )
        tables = {name for kind_of, name, _t, _s in rows if kind_of == "table"}
        if tables != TABLES:
            extra, missing = sorted(tables - TABLES), sorted(TABLES - tables)
            detail = "; ".join(
                part
                for part in (
                    f"unexpected tables {', '.join(extra)}" if extra else "",
                    f"missing tables {', '.join(missing)}" if missing else "",
                )
                if part
            )
            raise PackError("pack.content_invalid", f"content.db is not format v1: {detail}", where)
        expected_columns = _expected_columns()
        for table in sorted(TABLES):
            if _columns(conn, table) != expected_columns[table]:
                raise PackError(
                    "pack.content_invalid",
                    f"content.db table {table!r} does not have the columns of format v1",
                    where,
                )
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError as exc:
        raise PackError("pack.content_invalid", f"content.db cannot be read: {exc}", where) from None
    finally:
        conn.close()
    expected = {"pack_id": pack_id, "version": str(version), "kind": kind}
    for key, value in expected.items():
        if meta.get(key) != value:
            raise PackError(
                "pack.content_invalid",
                f"content.db says {key} = {meta.get(key)!r}, the manifest says {value!r}",
                where,
            )
