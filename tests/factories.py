"""Builders shared by tests: keys, trust roots, settings and real signed packs.

Everything is real (real Ed25519 keys, real SQLite, real pack files); nothing is mocked.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from pixdesk.config import Settings, load_settings
from pixdesk.packs.assemble import PackInfo, assemble_pack, create_content_db
from pixdesk.packs.sealing import new_pack_key, seal
from pixdesk.signing import SigningKey, generate_key
from pixdesk.timeutil import format_utc, utc_now
from pixdesk.trust import sign_root

NOW = utc_now()  # relative to today, so that test packs never expire under CI


def publisher_entry(
    key: SigningKey,
    roles: list[str],
    name: str = "Test publisher",
    not_before: datetime = NOW - timedelta(days=365),
    not_after: datetime = NOW + timedelta(days=365 * 5),
) -> dict[str, Any]:
    return {
        "key_id": key.key_id,
        "public_key": key.public.b64,
        "name": name,
        "roles": roles,
        "not_before": format_utc(not_before),
        "not_after": format_utc(not_after),
    }


def root_signed(
    root_keys: list[SigningKey],
    publishers: list[dict[str, Any]],
    version: int = 1,
    revoked: list[str] | None = None,
    root_id: str = "test-root",
    threshold: int = 1,
) -> dict[str, Any]:
    """The ``signed`` part of a trust root."""
    return {
        "type": "pixdesk-trust-root",
        "id": root_id,
        "version": version,
        "issued": format_utc(NOW),
        "threshold": threshold,
        "root_keys": [{"key_id": k.key_id, "public_key": k.public.b64} for k in root_keys],
        "publishers": publishers,
        "revoked": revoked or [],
    }


@dataclass
class TrustFixture:
    """A test trust root on disk with its keys, and settings that use it."""

    folder: Path
    root_key: SigningKey
    practice: SigningKey  # role practice only
    certification: SigningKey  # role certification only
    root_path: Path

    def write_root(self, signed: dict[str, Any], signers: list[SigningKey], name: str) -> Path:
        path = self.folder / name
        path.write_bytes(sign_root(signed, signers))
        return path


def make_trust(folder: Path, home: Path, trust_demo: bool = False) -> tuple[TrustFixture, Settings]:
    """Create a root trusting a practice and a certification key; point settings at it."""
    folder.mkdir(parents=True, exist_ok=True)
    root_key, practice, certification = generate_key(), generate_key(), generate_key()
    signed = root_signed(
        [root_key],
        [publisher_entry(practice, ["practice"]), publisher_entry(certification, ["certification"])],
    )
    fixture = TrustFixture(folder, root_key, practice, certification, folder / "root.json")
    fixture.write_root(signed, [root_key], "root.json")
    (home / "config.toml").write_text(
        f"trusted_roots = [{json.dumps(str(fixture.root_path))}]\n"
        f"trust_demo_publisher = {'true' if trust_demo else 'false'}\n"
    )
    return fixture, load_settings()


def fill_content(
    conn: Any, kind: str, pack_id: str, challenges: int = 3, pack_key: bytes | None = None
) -> None:
    """A small but complete framework slice: 1 domain, 1 competence, 1 tube, skills and challenges."""
    title = json.dumps({"en": "Information", "fr": "Information"})
    conn.execute("INSERT INTO domains VALUES ('1', 1, ?)", (title,))
    conn.execute("INSERT INTO competences VALUES ('1.1', '1', 1, ?, ?)", (title, title))
    conn.execute("INSERT INTO tubes VALUES ('searchEngines', '1.1', ?, ?)", (title, title))
    for level in range(1, 4):
        conn.execute(
            "INSERT INTO skills VALUES (?, 'searchEngines', ?, 'active')", (f"@searchEngines{level}", level)
        )
    for i in range(challenges):
        cid = f"ch{i:04d}"
        level = 1 + i % 3
        conn.execute(
            "INSERT INTO challenges (id, skill_id, format, discrimination, difficulty)"
            " VALUES (?, ?, 'qcu', 1.0, ?)",
            (cid, f"@searchEngines{level}", level - 3.5),
        )
        for lang in ("en", "fr"):
            body = json.dumps(
                {"instruction": f"Question {i}", "proposals": ["A", "B"], "solutions": ["1"]}
            ).encode()
            if pack_key is not None:
                body = seal(pack_key, pack_id, cid, lang, body)
            conn.execute("INSERT INTO challenge_texts VALUES (?, ?, ?)", (cid, lang, body))
    conn.commit()


def build_pack(
    out: Path,
    key: SigningKey,
    pack_id: str = "testpack",
    version: int = 1,
    kind: str = "practice",
    created: datetime = NOW - timedelta(days=1),
    valid_for: timedelta = timedelta(days=365),
    challenges: int = 3,
) -> Path:
    """Build a real signed pack file; certification packs are sealed with a fresh key."""
    work = out.parent / f".work-{out.stem}"
    work.mkdir(parents=True, exist_ok=True)
    db = work / "content.db"
    db.unlink(missing_ok=True)
    info = PackInfo(
        pack_id, version, kind, "pix-digcomp", ("en", "fr"), {"en": "Test", "fr": "Test"}, created, valid_for
    )
    pack_key = new_pack_key() if kind == "certification" else None
    conn = create_content_db(db, info)
    fill_content(conn, kind, pack_id, challenges, pack_key)
    conn.close()
    assemble_pack(out, db, info, key, pack_key)
    return out


def run_pixdesk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess (environment: this process's, or ``env``)."""
    return subprocess.run(
        [sys.executable, "-m", "pixdesk", *args],
        env=dict(os.environ) if env is None else env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def damage_database_middle(path: Path) -> None:
    """Fill a machine database with rows, then overwrite 8 KB in the middle of the file."""
    from pixdesk.storage.database import open_store

    with open_store(path) as store:
        store.conn.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, text TEXT)")
        with store.transaction():
            store.conn.executemany(
                "INSERT INTO filler (text) VALUES (?)", [("x" * 200,) for _ in range(3000)]
            )
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = b"\xab" * 8192
    path.write_bytes(bytes(data))


FIXTURES = Path(__file__).resolve().parent / "fixtures"


def build_demo_packs(folder: Path, practice: SigningKey, certification: SigningKey) -> dict[str, Path]:
    """Small "demo" and "demo-cert" packs built with test keys (demo-cert key file beside it).

    Their sources (tests/fixtures/small_demo, small_cert) are a frozen copy of the first demo
    content — 4 competences, 16 challenges — so that tests do not change when the shipped
    content grows.
    """
    from content_packs.builder import build_pack as build_from_sources

    folder.mkdir(parents=True, exist_ok=True)
    demo = folder / "demo.pixpack"
    cert = folder / "demo-cert.pixpack"
    build_from_sources(FIXTURES / "small_demo", demo, practice)
    build_from_sources(FIXTURES / "small_cert", cert, certification)
    return {"demo": demo, "demo-cert": cert}


def run_bench(root: Path, name: str, *extra: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    """``pixdesk bench NAME --quick --json`` in an isolated home; returns the run and its TMPDIR."""
    home, scratch = root / "home", root / "tmp"
    home.mkdir()
    scratch.mkdir()
    machine = root / "machine.toml"
    machine.write_text("")
    env = {**os.environ, "PIXDESK_HOME": str(home), "PIXDESK_CONFIG": str(machine), "TMPDIR": str(scratch)}
    command = [sys.executable, "-m", "pixdesk", "bench", name, "--quick", "--json", *extra]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False), scratch
