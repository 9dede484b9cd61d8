"""Numbered schema migrations of the machine database. Layer: storage.

Each migration runs in its own transaction together with the row that records it in
``schema_version``; a failed migration leaves the database at the previous version.
Migrations are append-only: never edit one that has shipped, add the next number.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pixdesk.errors import StoreError
from pixdesk.timeutil import format_utc, utc_now

if TYPE_CHECKING:
    from pixdesk.storage.database import Store

__all__ = ["MIGRATIONS", "Migration", "apply_migrations"]


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "installed packs",
        """
        CREATE TABLE packs (
            pack_id        TEXT    NOT NULL,
            version        INTEGER NOT NULL,
            kind           TEXT    NOT NULL CHECK (kind IN ('practice', 'certification')),
            framework_id   TEXT    NOT NULL,
            languages      TEXT    NOT NULL,
            title          TEXT    NOT NULL,
            publisher_key  TEXT    NOT NULL,
            created        TEXT    NOT NULL,
            expires        TEXT    NOT NULL,
            content_sha256 TEXT    NOT NULL,
            size           INTEGER NOT NULL,
            folder         TEXT    NOT NULL,
            status         TEXT    NOT NULL CHECK (status IN ('active', 'superseded')),
            installed_at   TEXT    NOT NULL,
            PRIMARY KEY (pack_id, version)
        );
        CREATE UNIQUE INDEX packs_one_active ON packs (pack_id) WHERE status = 'active';
        """,
    ),
    Migration(
        2,
        "learners, attempts, answers, knowledge, events, outbox",
        """
        CREATE TABLE learners (
            id           TEXT PRIMARY KEY,
            display_name TEXT NOT NULL,
            created_at   TEXT NOT NULL
        );
        CREATE TABLE attempts (
            id                TEXT PRIMARY KEY,
            learner_id        TEXT NOT NULL REFERENCES learners (id),
            kind              TEXT NOT NULL CHECK (kind IN ('competence', 'campaign', 'certification')),
            pack_id           TEXT NOT NULL,
            pack_version      INTEGER NOT NULL,
            pack_sha256       TEXT NOT NULL,
            language          TEXT NOT NULL,
            competence        TEXT,
            campaign_code     TEXT,
            settings          TEXT NOT NULL,
            status            TEXT NOT NULL CHECK (status IN ('started', 'finished', 'aborted')),
            started_at        TEXT NOT NULL,
            finished_at       TEXT,
            current_challenge TEXT,
            answers_count     INTEGER NOT NULL DEFAULT 0,
            last_seq          INTEGER NOT NULL,
            last_hash         TEXT NOT NULL,
            result            TEXT
        );
        CREATE INDEX attempts_learner ON attempts (learner_id, status);
        CREATE TABLE answers (
            attempt_id   TEXT NOT NULL REFERENCES attempts (id),
            position     INTEGER NOT NULL,
            challenge_id TEXT NOT NULL,
            skill_id     TEXT NOT NULL,
            response     TEXT NOT NULL,
            status       TEXT NOT NULL,
            elapsed_ms   INTEGER,
            answered_at  TEXT NOT NULL,
            PRIMARY KEY (attempt_id, position)
        );
        CREATE TABLE knowledge_elements (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            learner_id   TEXT NOT NULL REFERENCES learners (id),
            attempt_id   TEXT NOT NULL REFERENCES attempts (id),
            skill_id     TEXT NOT NULL,
            tube_id      TEXT NOT NULL,
            competence   TEXT NOT NULL,
            status       TEXT NOT NULL,
            source       TEXT NOT NULL,
            earned_pix   REAL NOT NULL,
            challenge_id TEXT,
            created_at   TEXT NOT NULL,
            active       INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX knowledge_learner ON knowledge_elements (learner_id, competence, active);
        CREATE TABLE events (
            attempt_id TEXT NOT NULL REFERENCES attempts (id),
            seq        INTEGER NOT NULL,
            body       BLOB NOT NULL,
            hash       TEXT NOT NULL,
            signature  TEXT NOT NULL,
            PRIMARY KEY (attempt_id, seq)
        );
        CREATE TABLE outbox (
            bundle_id   TEXT PRIMARY KEY,
            device_seq  INTEGER NOT NULL UNIQUE,
            kind        TEXT NOT NULL,
            attempt_id  TEXT UNIQUE REFERENCES attempts (id),
            payload     BLOB NOT NULL,
            signature   TEXT NOT NULL,
            created_at  TEXT NOT NULL,
            status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'rejected')),
            sent_at     TEXT,
            receipt     BLOB,
            reject_code TEXT,
            reject_reason TEXT
        );
        """,
    ),
    Migration(
        3,
        "learner profiles: secret, lock-out, language, extra time, display preferences",
        """
        ALTER TABLE learners ADD COLUMN secret_kind TEXT CHECK (secret_kind IN ('pin', 'password'));
        ALTER TABLE learners ADD COLUMN secret_hash TEXT;
        ALTER TABLE learners ADD COLUMN failed_tries INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE learners ADD COLUMN locked_until TEXT;
        ALTER TABLE learners ADD COLUMN language TEXT NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en'));
        ALTER TABLE learners ADD COLUMN extra_time_pct INTEGER NOT NULL DEFAULT 0
            CHECK (extra_time_pct IN (0, 25, 33, 50, 100));
        ALTER TABLE learners ADD COLUMN zoom INTEGER NOT NULL DEFAULT 100 CHECK (zoom BETWEEN 100 AND 200);
        ALTER TABLE learners ADD COLUMN high_contrast INTEGER NOT NULL DEFAULT 0
            CHECK (high_contrast IN (0, 1))
        """,
    ),
    Migration(
        4,
        "sync: enrollment and pull state, revoked devices, uploaded profiles, other devices' attempts",
        """
        CREATE TABLE sync_state (
            id              INTEGER PRIMARY KEY CHECK (id = 1),
            server_url      TEXT    NOT NULL,
            centre_id       TEXT    NOT NULL,
            centre_name     TEXT    NOT NULL,
            device_name     TEXT    NOT NULL,
            server_key      TEXT    NOT NULL,
            server_key_id   TEXT    NOT NULL,
            enrolled_at     TEXT    NOT NULL,
            pull_cursor     INTEGER NOT NULL DEFAULT 0,
            last_sync_at    TEXT,
            last_try_at     TEXT,
            online          INTEGER CHECK (online IN (0, 1)),
            last_error_code TEXT,
            last_error      TEXT
        );
        CREATE TABLE revoked_devices (
            device      TEXT PRIMARY KEY,
            recorded_at TEXT NOT NULL
        );
        CREATE TABLE profile_uploads (
            learner_id  TEXT PRIMARY KEY REFERENCES learners (id),
            fingerprint TEXT    NOT NULL,
            version     INTEGER NOT NULL,
            synced_at   TEXT    NOT NULL
        );
        ALTER TABLE attempts ADD COLUMN source_device TEXT;
        CREATE TABLE remote_bundles (
            bundle_id   TEXT PRIMARY KEY,
            device      TEXT    NOT NULL,
            device_seq  INTEGER NOT NULL,
            device_key  TEXT,
            attempt_id  TEXT    NOT NULL,
            learner_id  TEXT    NOT NULL,
            payload     BLOB    NOT NULL,
            signature   TEXT    NOT NULL,
            received_at TEXT    NOT NULL,
            status      TEXT    NOT NULL CHECK (status IN ('applied', 'waiting', 'skipped', 'refused')),
            reason      TEXT
        );
        CREATE INDEX remote_bundles_device ON remote_bundles (device, device_seq);
        CREATE INDEX remote_bundles_waiting ON remote_bundles (status) WHERE status = 'waiting'
        """,
    ),
    Migration(
        5,
        "question clock: when the current question of an attempt was first on screen",
        """
        CREATE TABLE question_clock (
            attempt_id   TEXT PRIMARY KEY REFERENCES attempts (id),
            challenge_id TEXT    NOT NULL,
            shown_ms     INTEGER NOT NULL
        )
        """,
    ),
)


def apply_migrations(store: Store, migrations: tuple[Migration, ...]) -> int:
    """Bring the database to the newest version; return how many migrations ran."""
    store.conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    current = store.schema_version
    newest = migrations[-1].version if migrations else 0
    if current > newest:
        raise StoreError(
            "store.too_new",
            f"database schema version {current} is newer than this program knows ({newest});"
            " install a newer PixDesk",
            str(store.path),
        )
    ran = 0
    for migration in migrations:
        if migration.version <= current:
            continue
        try:
            with store.transaction():
                if store.schema_version >= migration.version:  # another process migrated meanwhile
                    continue
                for statement in _statements(migration.sql):
                    store.conn.execute(statement)
                store.conn.execute(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                    (migration.version, migration.name, format_utc(utc_now())),
                )
        except sqlite3.Error as exc:
            raise StoreError(
                "store.migration_failed",
                f"migration {migration.version} ({migration.name}) failed: {exc};"
                f" the database stays at version {store.schema_version}",
                str(store.path),
            ) from None
        ran += 1
    return ran


def _statements(sql: str) -> list[str]:
    return [part.strip() for part in sql.split(";") if part.strip()]
