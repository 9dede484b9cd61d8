"""The machine database: connection settings, migrations, transactions, damage detection."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import damage_database_middle

from pixdesk.errors import StoreError
from pixdesk.storage.database import BUSY_TIMEOUT_MS, Store, open_store
from pixdesk.storage.migrations import MIGRATIONS, Migration, apply_migrations

LATEST = MIGRATIONS[-1].version


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "pixdesk.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with open_store(db_path) as opened:
        opened.conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
        yield opened


def _tables(store: Store) -> set[str]:
    return {r["name"] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _pragma(store: Store, name: str) -> object:
    return store.conn.execute(f"PRAGMA {name}").fetchone()[0]


def _count(path: Path, table: str) -> int:
    """Rows of ``table`` as another connection sees them (what was committed)."""
    with sqlite3.connect(path) as other:
        return int(other.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_open_store_creates_the_database_with_durable_settings(db_path: Path) -> None:
    with open_store(db_path) as store:
        assert db_path.is_file()
        assert _pragma(store, "journal_mode") == "wal"
        assert _pragma(store, "foreign_keys") == 1
        assert _pragma(store, "synchronous") == 2  # FULL
        assert _pragma(store, "busy_timeout") == BUSY_TIMEOUT_MS == 5000
        assert store.schema_version == LATEST
        assert {"schema_version", "packs"} <= _tables(store)
        rows = store.query("SELECT version, name FROM schema_version ORDER BY version")
        assert rows == [{"version": m.version, "name": m.name} for m in MIGRATIONS]
        assert not store.conn.in_transaction


def test_migration_numbers_are_increasing() -> None:
    versions = [m.version for m in MIGRATIONS]
    assert versions == sorted(set(versions))
    assert versions[0] == 1


def test_reopening_runs_no_migration_again(db_path: Path) -> None:
    with open_store(db_path) as store:
        first = store.query("SELECT * FROM schema_version")

    with open_store(db_path) as store:
        assert store.query("SELECT * FROM schema_version") == first
        assert apply_migrations(store, MIGRATIONS) == 0
        assert store.query("SELECT * FROM schema_version") == first


def test_apply_migrations_reports_how_many_ran(db_path: Path) -> None:
    with open_store(db_path, migrate=False) as store:
        assert "schema_version" not in _tables(store)
        assert apply_migrations(store, MIGRATIONS) == len(MIGRATIONS)
        assert store.schema_version == LATEST


def test_a_database_newer_than_the_program_is_refused(db_path: Path) -> None:
    with open_store(db_path) as store:
        store.conn.execute(
            "INSERT INTO schema_version VALUES (?, 'from the future', '2099-01-01T00:00:00Z')", (LATEST + 5,)
        )

    with pytest.raises(StoreError) as info:
        open_store(db_path)

    assert info.value.code == "store.too_new"
    assert "newer" in str(info.value)
    assert f"version {LATEST + 5}" in str(info.value)
    assert str(db_path) in str(info.value)
    with open_store(db_path, migrate=False) as store:  # left untouched, and not locked
        assert store.schema_version == LATEST + 5


def test_a_failed_migration_leaves_the_previous_version_and_no_partial_table(db_path: Path) -> None:
    migrations = (
        *MIGRATIONS,
        Migration(LATEST + 1, "good", "CREATE TABLE good (x INTEGER)"),
        Migration(
            LATEST + 2,
            "bad",
            "CREATE TABLE partial (x INTEGER); INSERT INTO partial VALUES (1);"
            " INSERT INTO nowhere VALUES (1)",
        ),
        Migration(LATEST + 3, "never reached", "CREATE TABLE later (x INTEGER)"),
    )
    with open_store(db_path) as store:
        with pytest.raises(StoreError) as info:
            apply_migrations(store, migrations)

        assert info.value.code == "store.migration_failed"
        assert f"migration {LATEST + 2} (bad) failed" in str(info.value)
        assert "no such table: nowhere" in str(info.value)
        assert f"stays at version {LATEST + 1}" in str(info.value)
        assert store.schema_version == LATEST + 1
        tables = _tables(store)
        assert "good" in tables
        assert "partial" not in tables
        assert "later" not in tables
        assert not store.conn.in_transaction

    with open_store(db_path, migrate=False) as store:  # as seen after a restart
        assert store.schema_version == LATEST + 1
        assert "partial" not in _tables(store)


def test_a_failed_first_migration_leaves_an_empty_schema(db_path: Path) -> None:
    with open_store(db_path, migrate=False) as store:
        with pytest.raises(StoreError):
            apply_migrations(store, (Migration(1, "broken", "CREATE TABLE t (x INTEGER); SELEC 1"),))

        assert store.schema_version == 0
        assert _tables(store) == {"schema_version"}


def test_transaction_commits(store: Store, db_path: Path) -> None:
    with store.transaction() as db:
        db.table("notes").insert({"text": "kept"})
        assert store.conn.in_transaction

    assert not store.conn.in_transaction
    assert _count(db_path, "notes") == 1


def test_transaction_rolls_back_on_exception(store: Store, db_path: Path) -> None:
    with pytest.raises(RuntimeError, match="boom"), store.transaction():
        store.conn.execute("INSERT INTO notes (text) VALUES ('lost')")
        raise RuntimeError("boom")

    assert not store.conn.in_transaction
    assert store.query("SELECT * FROM notes") == []
    assert _count(db_path, "notes") == 0


def test_nested_transactions_join_the_outer_one(store: Store, db_path: Path) -> None:
    with store.transaction():
        store.conn.execute("INSERT INTO notes (text) VALUES ('outer')")
        with store.transaction():
            store.conn.execute("INSERT INTO notes (text) VALUES ('inner')")
        assert store.conn.in_transaction  # the inner block did not commit
        assert _count(db_path, "notes") == 0  # nothing visible to others yet

    assert _count(db_path, "notes") == 2


def test_an_error_in_a_nested_transaction_rolls_back_everything(store: Store) -> None:
    with pytest.raises(ValueError), store.transaction():
        store.conn.execute("INSERT INTO notes (text) VALUES ('outer')")
        with store.transaction():
            store.conn.execute("INSERT INTO notes (text) VALUES ('inner')")
            raise ValueError("inner failure")

    assert store.query("SELECT * FROM notes") == []
    with store.transaction():  # the store is usable again: depth was reset
        store.conn.execute("INSERT INTO notes (text) VALUES ('after')")
    assert [r["text"] for r in store.query("SELECT text FROM notes")] == ["after"]


def test_the_original_error_survives_when_sqlite_already_rolled_back(store: Store) -> None:
    with pytest.raises(KeyError, match="original"), store.transaction():
        store.conn.execute("INSERT INTO notes (text) VALUES ('x')")
        store.conn.execute("ROLLBACK")  # as SQLite does by itself on a full disk or an I/O error
        raise KeyError("original")

    assert not store.conn.in_transaction


def test_foreign_keys_are_enforced(store: Store) -> None:
    store.conn.execute(
        "CREATE TABLE child (id INTEGER PRIMARY KEY, note INTEGER NOT NULL REFERENCES notes(id))"
    )

    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        store.conn.execute("INSERT INTO child (note) VALUES (42)")


@pytest.mark.parametrize(
    "content",
    [b"this is not a database, just some text " * 50, b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["text", "bad-header"],
)
def test_a_file_that_is_not_a_database_is_refused(db_path: Path, content: bytes) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(content)

    with pytest.raises(StoreError) as info:
        open_store(db_path)

    assert info.value.code == "store.unreadable"
    assert str(info.value).startswith(f"{db_path}: not a usable SQLite database")
    assert db_path.read_bytes() == content  # nothing was written over it


def test_integrity_check_is_empty_on_a_good_database(store: Store) -> None:
    with store.transaction():
        store.conn.executemany("INSERT INTO notes (text) VALUES (?)", [(f"n{i}",) for i in range(100)])

    assert store.integrity_check() == []


def test_integrity_check_reports_damage_instead_of_raising(db_path: Path) -> None:
    damage_database_middle(db_path)

    with open_store(db_path) as store:
        problems = store.integrity_check()

    assert problems
    assert all(isinstance(p, str) and p for p in problems)


def test_query_returns_rows_as_dicts(store: Store) -> None:
    store.conn.execute("INSERT INTO notes (text) VALUES ('a'), ('b')")

    assert store.query("SELECT id, text FROM notes WHERE text = ?", ("b",)) == [{"id": 2, "text": "b"}]
    assert store.query("SELECT text FROM notes WHERE id = :id", {"id": 1}) == [{"text": "a"}]


def test_a_migration_done_meanwhile_by_another_process_is_skipped(db_path: Path) -> None:
    """The app and the command line may create the database at the same moment. Here the
    other process migrates right after this one read the version (0): this one must re-read
    it inside its own transaction and skip the work instead of failing on CREATE TABLE."""
    other = open_store(db_path, migrate=False)

    class Racing(Store):
        reads = 0

        @property
        def schema_version(self) -> int:
            self.reads += 1
            if self.reads == 1:
                apply_migrations(other, MIGRATIONS)  # the other process wins the race now
                return 0  # what this process had read before
            return super().schema_version

    conn = sqlite3.connect(db_path, isolation_level=None)
    racing = Racing(conn, db_path)
    try:
        assert apply_migrations(racing, MIGRATIONS) == 0
        assert racing.reads > 1
        rows = racing.query("SELECT version FROM schema_version ORDER BY version")
        assert [row["version"] for row in rows] == [m.version for m in MIGRATIONS]
    finally:
        racing.close()
        other.close()
