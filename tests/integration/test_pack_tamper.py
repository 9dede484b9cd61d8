"""The tamper suite: every damaged, forged or misused ``.pixpack`` is refused, and nothing changes.

Layer: tests (integration). Each case builds a real signed pack with the factories, damages
it one way, and imports it (the real command line in a subprocess, or the pack service in
process for a share of the cases, to keep the suite fast). It must be refused with exit
code 2 and one line ``pixdesk: error: <file>: <reason>``, and the ``packs`` rows and every
file under ``packs/`` must be exactly as before (a good pack of another id is installed
first, so that "unchanged" means something).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import struct
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from factories import NOW, build_pack, publisher_entry
from pack_mutations import (
    OTHER_PACK,
    Layout,
    Machine,
    append_bytes,
    build_content_pack,
    flip_byte,
    layout,
    new_machine,
    read_parts,
    resign,
    rotate_root,
    run_cli,
    take_snapshot,
    truncate,
    write_raw_pack,
)

from pixdesk import canonical
from pixdesk.config import Settings
from pixdesk.errors import PackError, PixdeskError
from pixdesk.packs.manifest import DEFAULT_LIMITS, Limits
from pixdesk.services.packs import PackService
from pixdesk.signing import SigningKey, generate_key

LIMITS = Limits()  # the documented defaults


class Env(Machine):
    """A machine for one tamper case."""

    def good(self, name: str = "good", **kwargs: Any) -> Path:
        """A valid practice pack ``testpack`` v1 signed by the practice key (not installed)."""
        return self.pack(name, **kwargs)

    @property
    def bad(self) -> Path:
        return self.work / "bad.pixpack"


@dataclass(frozen=True)
class Target:
    """What to import, and the path the error line must name."""

    arg: Path
    named: Path


def at(path: Path) -> Target:
    return Target(path, path)


Make = Callable[[Env], Target]


@dataclass(frozen=True)
class Case:
    id: str
    make: Make
    reason: tuple[str, ...]
    via: str = "service"  # "cli": the command line in a subprocess; "service": PackService in process


# ---------------------------------------------------------------------------------------------
# Builders of bad input
# ---------------------------------------------------------------------------------------------


def flipped(locate: Callable[[Layout, bytes], int]) -> Make:
    """A valid pack with one byte, located in its layout, XOR-ed with 0x01."""

    def make(env: Env) -> Target:
        good = env.good()
        return at(flip_byte(good, env.bad, locate(layout(good), good.read_bytes())))

    return make


def cut(locate: Callable[[Layout], int]) -> Make:
    """A valid pack cut short at a located length."""

    def make(env: Env) -> Target:
        good = env.good()
        return at(truncate(good, env.bad, locate(layout(good))))

    return make


def written(data: Callable[[Path], bytes], name: str = "bad.pixpack") -> Make:
    def make(env: Env) -> Target:
        path = env.work / name
        path.write_bytes(data(env.work))
        return at(path)

    return make


def png_bytes(_work: Path) -> bytes:
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + b"IHDR" + header + b"\0" * 4


def zip_bytes(work: Path) -> bytes:
    path = work / "archive.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.db", b"not really")
    return path.read_bytes()


def sqlite_bytes(work: Path) -> bytes:
    path = work / "plain.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.commit()
    conn.close()
    return path.read_bytes()


def folder_with_directory_named_pack(env: Env) -> Target:
    folder = env.work / "usb"
    (folder / "looks-like.pixpack").mkdir(parents=True)
    return at(folder)


def symlink_to_pack(env: Env) -> Target:
    link = env.work / "link.pixpack"
    link.symlink_to(env.good())
    return at(link)


def symlink_in_folder(env: Env) -> Target:
    folder = env.work / "usb"
    folder.mkdir()
    link = folder / "link.pixpack"
    link.symlink_to(env.good())
    return Target(folder, link)


def signed_by(key: Callable[[Env], SigningKey], **kwargs: Any) -> Make:
    def make(env: Env) -> Target:
        return at(build_pack(env.bad, key(env), **kwargs))

    return make


def under_rotated_root(
    extra: Callable[[SigningKey], dict[str, Any] | None], revoke_practice: bool = False
) -> Make:
    """Accept root v2 (signed by the root key) that adds a key and/or revokes the practice key.

    The bad pack is signed by the added key, or by the practice key when none is added.
    """

    def make(env: Env) -> Target:
        key = generate_key()
        entry = extra(key)
        publishers = [
            publisher_entry(env.trust.practice, ["practice"]),
            publisher_entry(env.trust.certification, ["certification"]),
        ]
        if entry is not None:
            publishers.append(entry)
        revoked = [env.trust.practice.key_id] if revoke_practice else []
        rotate_root(env.trust, env.settings, publishers, revoked)
        return at(build_pack(env.bad, key if entry is not None else env.trust.practice))

    return make


def forged_signature(env: Env) -> Target:
    """The manifest names the practice key, but another trusted key signed it."""
    parts = read_parts(env.good())
    return at(
        write_raw_pack(env.bad, parts.manifest_bytes, list(parts.members.values()), env.trust.certification)
    )


def installed_then(version: int) -> Make:
    """``testpack`` v2 is installed; then import a freshly built ``testpack`` of ``version``."""

    def make(env: Env) -> Target:
        env.install(env.good("installed", version=2))
        return at(env.good("bad", version=version))

    return make


Edit = Callable[[dict[str, Any], dict[str, bytes]], None]


def resigned(edit: Edit) -> Make:
    """A valid pack whose manifest (and members) are edited, then signed again by the trusted key."""

    def make(env: Env) -> Target:
        parts = read_parts(env.good())
        manifest, members = parts.manifest, dict(parts.members)
        edit(manifest, members)
        return at(resign(env.bad, manifest, members, env.trust.practice))

    return make


def raw_resigned(encode: Callable[[dict[str, Any]], bytes]) -> Make:
    """A valid pack whose manifest is re-encoded by ``encode`` (not canonically) and signed again."""

    def make(env: Env) -> Target:
        parts = read_parts(env.good())
        data = encode(parts.manifest)
        return at(write_raw_pack(env.bad, data, list(parts.members.values()), env.trust.practice))

    return make


def entry_for(name: str, data: bytes, kind: str = "file") -> dict[str, Any]:
    return {"name": name, "type": kind, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def content_entry(manifest: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = next(e for e in manifest["members"] if e["name"] == "content.db")
    return entry


def set_content(field: str, value: object) -> Edit:
    def edit(manifest: dict[str, Any], _members: dict[str, bytes]) -> None:
        content_entry(manifest)[field] = value

    return edit


def resize_content(delta: int) -> Edit:
    def edit(manifest: dict[str, Any], _members: dict[str, bytes]) -> None:
        content_entry(manifest)["size"] += delta

    return edit


def add_member(name: str, data: bytes = b"payload\n", kind: str = "file") -> Edit:
    def edit(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
        manifest["members"].append(entry_for(name, data, kind))
        members[name] = data

    return edit


def drop_members(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
    manifest["members"] = []
    members.clear()


def duplicate_content(manifest: dict[str, Any], _members: dict[str, bytes]) -> None:
    manifest["members"].append(dict(content_entry(manifest)))


def too_many_members(manifest: dict[str, Any], _members: dict[str, bytes]) -> None:
    manifest["members"] = [dict(content_entry(manifest)) for _ in range(LIMITS.members + 1)]


def total_over_limit(manifest: dict[str, Any], members: dict[str, bytes]) -> None:
    """content.db (real) + LICENSE.txt declared at exactly the per-member limit: the total is over."""
    add_member("LICENSE.txt")(manifest, members)
    manifest["members"][-1]["size"] = LIMITS.member_bytes


def set_field(field: str, value: object) -> Edit:
    def edit(manifest: dict[str, Any], _members: dict[str, bytes]) -> None:
        manifest[field] = value

    return edit


def with_spaces(manifest: dict[str, Any]) -> bytes:
    return json.dumps(manifest, sort_keys=True, ensure_ascii=False).encode()


def with_duplicate_key(manifest: dict[str, Any]) -> bytes:
    return b'{"created":"2000-01-01T00:00:00Z",' + canonical.dumps(manifest)[1:]


def with_float_version(manifest: dict[str, Any]) -> bytes:
    return json.dumps({**manifest, "version": 1.5}, sort_keys=True, separators=(",", ":")).encode()


def with_manifest_length(length: int) -> Make:
    """A valid pack whose manifest length field is changed to ``length`` (the bytes stay)."""

    def make(env: Env) -> Target:
        data = bytearray(env.good().read_bytes())
        data[12:16] = struct.pack(">I", length)
        env.bad.write_bytes(bytes(data))
        return at(env.bad)

    return make


def trailing_bytes(env: Env) -> Target:
    return at(append_bytes(env.good(), env.bad, b"\0" * 16))


Alter = Callable[[sqlite3.Connection], None]


def content(alter: Alter | None = None, **kwargs: Any) -> Make:
    """A pack signed properly whose content database is wrong (only the content check can see it)."""

    def make(env: Env) -> Target:
        return at(build_content_pack(env.bad, env.trust.practice, alter, **kwargs))

    return make


def sql(*statements: str) -> Alter:
    def alter(conn: sqlite3.Connection) -> None:
        for statement in statements:
            conn.execute(statement)

    return alter


def disguised_virtual_table(conn: sqlite3.Connection) -> None:
    """A virtual table with no shadow tables, under an expected name, its SQL re-spaced.

    SQLite stores ``CREATE VIRTUAL TABLE`` normalised, but a crafted file can hold any
    spacing SQLite still parses; the table list then matches format v1 exactly.
    """
    conn.execute("DROP TABLE tutorial_skills")
    conn.execute("CREATE VIRTUAL TABLE tutorial_skills USING dbstat")
    conn.commit()
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE  VIRTUAL  TABLE tutorial_skills USING dbstat'"
        " WHERE name = 'tutorial_skills'"
    )
    conn.commit()
    conn.execute("PRAGMA writable_schema = OFF")


def corrupt_sqlite(work: Path) -> bytes:
    data = sqlite_bytes(work)
    return data[:100] + b"\xff" * (len(data) - 100)


def corrupt_content(env: Env) -> Target:
    return at(build_content_pack(env.bad, env.trust.practice, content=corrupt_sqlite(env.work)))


def _flip_in_manifest(needle: bytes) -> Callable[[Layout, bytes], int]:
    def locate(where: Layout, data: bytes) -> int:
        return data.index(needle, where.manifest_offset, where.sig_len_offset) + len(needle)

    return locate


def _content(fraction: float) -> Callable[[Layout, bytes], int]:
    def locate(where: Layout, _data: bytes) -> int:
        start, size = where.members["content.db"]
        return start + min(size - 1, int(size * fraction))

    return locate


SIGNATURE_MISMATCH = ("the signature does not match the manifest",)
HASH_MISMATCH = ("member 'content.db' does not match its SHA-256 in the manifest",)
NOT_A_PACK = ("not a PixDesk content pack",)
LENGTH_SHORT = ("the manifest describes",)
TRAILING = ("unexpected bytes after the last member",)

FLIPS = [
    Case("flip-magic-first", flipped(lambda w, d: 0), NOT_A_PACK, "cli"),
    Case("flip-magic-last", flipped(lambda w, d: 11), NOT_A_PACK),
    Case("flip-manifest-length-high", flipped(lambda w, d: 12), ("manifest of", "limit 262144"), "cli"),
    Case("flip-manifest-length-low", flipped(lambda w, d: 15), ("signature of", "bytes, expected 64")),
    Case("flip-manifest-first", flipped(lambda w, d: w.manifest_offset), ("manifest: invalid JSON",)),
    Case("flip-manifest-pack-id", flipped(_flip_in_manifest(b'"pack_id":"')), SIGNATURE_MISMATCH, "cli"),
    Case("flip-manifest-last", flipped(lambda w, d: w.sig_len_offset - 1), ("manifest: invalid JSON",)),
    Case("flip-signature-length-high", flipped(lambda w, d: w.sig_len_offset), ("signature of 320 bytes",)),
    Case(
        "flip-signature-length-low",
        flipped(lambda w, d: w.sig_len_offset + 1),
        ("signature of 65 bytes",),
        "cli",
    ),
    Case("flip-signature-first", flipped(lambda w, d: w.sig_offset), SIGNATURE_MISMATCH),
    Case("flip-signature-last", flipped(lambda w, d: w.members_offset - 1), SIGNATURE_MISMATCH, "cli"),
    Case("flip-content-first", flipped(_content(0.0)), HASH_MISMATCH, "cli"),
    Case("flip-content-middle", flipped(_content(0.5)), HASH_MISMATCH, "cli"),
    Case("flip-content-last", flipped(_content(1.0)), HASH_MISMATCH),
]

TRUNCATIONS = [
    Case("cut-inside-magic", cut(lambda w: 6), ("file ends inside the pack header",)),
    Case("cut-inside-manifest-length", cut(lambda w: 14), ("file ends inside the pack header",)),
    Case(
        "cut-inside-manifest",
        cut(lambda w: w.manifest_offset + w.manifest_len // 2),
        ("file ends inside the manifest",),
        "cli",
    ),
    Case(
        "cut-inside-signature-length",
        cut(lambda w: w.sig_len_offset + 1),
        ("file ends inside the signature header",),
    ),
    Case("cut-inside-signature", cut(lambda w: w.sig_offset + 32), ("file ends inside the signature",)),
    Case("cut-before-members", cut(lambda w: w.members_offset), LENGTH_SHORT),
    Case(
        "cut-inside-member", cut(lambda w: w.members_offset + w.members["content.db"][1] // 2), LENGTH_SHORT
    ),
    Case("cut-one-byte-short", cut(lambda w: w.file_size - 1), LENGTH_SHORT, "cli"),
    Case("empty-file", written(lambda _w: b""), ("the file is empty",), "cli"),
]

NOT_PACKS = [
    Case("png-file", written(png_bytes, "picture.pixpack"), NOT_A_PACK, "cli"),
    Case("zip-file", written(zip_bytes, "archive.pixpack"), NOT_A_PACK),
    Case("text-file", written(lambda _w: b"hello, this is a text file\n", "notes.txt"), NOT_A_PACK),
    Case("plain-sqlite-file", written(sqlite_bytes, "plain.pixpack"), NOT_A_PACK, "cli"),
    Case(
        "folder-with-directory-named-pixpack",
        folder_with_directory_named_pack,
        ("no .pixpack file in this folder",),
        "cli",
    ),
    Case("symlink-to-pack", symlink_to_pack, ("not a regular file",), "cli"),
    Case("symlink-in-folder", symlink_in_folder, ("not a regular file",)),
    Case("missing-file", lambda env: at(env.work / "absent.pixpack"), ("file not found",)),
]

TRUST = [
    Case("unknown-publisher-key", signed_by(lambda env: generate_key()), ("is not trusted",), "cli"),
    Case(
        "revoked-publisher-key",
        under_rotated_root(lambda key: None, revoke_practice=True),
        ("has been revoked",),
        "cli",
    ),
    Case(
        "expired-publisher-key",
        under_rotated_root(
            lambda key: publisher_entry(
                key, ["practice"], not_before=NOW - timedelta(days=730), not_after=NOW - timedelta(days=1)
            )
        ),
        ("publisher key", "expired on"),
        "cli",
    ),
    Case(
        "publisher-key-not-yet-valid",
        under_rotated_root(
            lambda key: publisher_entry(
                key, ["practice"], not_before=NOW + timedelta(days=30), not_after=NOW + timedelta(days=365)
            )
        ),
        ("is not valid before",),
    ),
    Case(
        "certification-pack-by-practice-key",
        signed_by(lambda env: env.trust.practice, kind="certification"),
        ("may sign practice packs, not certification packs",),
        "cli",
    ),
    Case(
        "practice-pack-by-certification-key",
        signed_by(lambda env: env.trust.certification),
        ("may sign certification packs, not practice packs",),
    ),
    Case("signed-by-another-trusted-key", forged_signature, SIGNATURE_MISMATCH),
    Case(
        "older-version-than-installed",
        installed_then(1),
        ("version 1 is not newer than installed version 2",),
        "cli",
    ),
    Case(
        "equal-version-to-installed",
        installed_then(2),
        ("version 2 is not newer than installed version 2",),
        "cli",
    ),
    Case(
        "expired-pack",
        signed_by(
            lambda env: env.trust.practice, created=NOW - timedelta(days=400), valid_for=timedelta(days=30)
        ),
        ("pack expired on",),
        "cli",
    ),
]

RESIGNED = [
    Case(
        "resigned-wrong-sha256",
        resigned(set_content("sha256", hashlib.sha256(b"other").hexdigest())),
        HASH_MISMATCH,
        "cli",
    ),
    Case("resigned-size-larger", resigned(resize_content(+1)), LENGTH_SHORT),
    Case("resigned-size-smaller", resigned(resize_content(-1)), TRAILING),
    Case("resigned-missing-content-db", resigned(drop_members), ("missing member content.db",), "cli"),
    Case("trailing-bytes-after-last-member", trailing_bytes, TRAILING, "cli"),
    Case(
        "resigned-extra-member", resigned(add_member("extra.bin")), ("unexpected member 'extra.bin'",), "cli"
    ),
    Case("resigned-duplicate-member", resigned(duplicate_content), ("member 'content.db' appears twice",)),
    Case("resigned-too-many-members", resigned(too_many_members), (f"at most {LIMITS.members}",)),
    Case("member-name-dotdot", resigned(add_member("../evil")), ("'../evil'", "climbs out", "'..'"), "cli"),
    Case("member-name-absolute", resigned(add_member("/etc/passwd")), ("'/etc/passwd'", "absolute path")),
    Case("member-name-inner-dotdot", resigned(add_member("a/../../b")), ("'a/../../b'", "'..'")),
    Case("member-name-drive", resigned(add_member("C:/x")), ("'C:/x'", "absolute path")),
    Case("member-name-backslash", resigned(add_member("a\\b")), ("backslash",)),
    Case("member-type-symlink", resigned(set_content("type", "symlink")), ("'symlink'", "no links"), "cli"),
    Case(
        "member-over-size-limit",
        resigned(set_content("size", LIMITS.member_bytes + 1)),
        (f"declares {LIMITS.member_bytes + 1} bytes, limit {LIMITS.member_bytes}",),
        "cli",
    ),
    Case(
        "members-total-over-limit",
        resigned(total_over_limit),
        ("members total", f"limit {LIMITS.total_bytes}"),
    ),
    Case(
        "manifest-length-10mb",
        with_manifest_length(10 * 1024 * 1024),
        (f"manifest of {10 * 1024 * 1024} bytes, limit {LIMITS.manifest_bytes}",),
        "cli",
    ),
    Case("manifest-not-canonical", raw_resigned(with_spaces), ("not in canonical form",), "cli"),
    Case("manifest-duplicate-key", raw_resigned(with_duplicate_key), ("duplicate key 'created'",)),
    Case("manifest-float", raw_resigned(with_float_version), ("floats are not allowed",)),
    Case(
        "manifest-format-version-2",
        resigned(set_field("format_version", 2)),
        ("pack format version 2",),
        "cli",
    ),
    Case(
        "manifest-unknown-field", resigned(set_field("comment", "x")), ("unknown manifest field(s) comment",)
    ),
    Case(
        "practice-pack-declares-encryption",
        resigned(set_field("encryption", {"algorithm": "AES-256-GCM", "key_id": "0" * 16})),
        ("a practice pack is not encrypted",),
    ),
]

CONTENT = [
    Case(
        "content-trigger",
        content(sql("CREATE TRIGGER wipe AFTER INSERT ON meta BEGIN DELETE FROM meta; END")),
        ("content.db holds a trigger (wipe)",),
        "cli",
    ),
    Case(
        "content-view",
        content(sql("CREATE VIEW everything AS SELECT * FROM meta")),
        ("content.db holds a view (everything)",),
    ),
    Case(
        "content-fts5-virtual-table",
        content(sql("CREATE VIRTUAL TABLE search USING fts5(body)")),
        ("content.db holds a virtual table (search)",),
        "cli",
    ),
    Case(
        "content-disguised-virtual-table",
        content(disguised_virtual_table),
        ("virtual table (tutorial_skills)",),
        "cli",
    ),
    Case(
        "content-unexpected-table",
        content(sql("CREATE TABLE notes (body TEXT)")),
        ("unexpected tables notes",),
    ),
    Case(
        "content-missing-table",
        content(sql("DROP TABLE tutorial_skills")),
        ("missing tables tutorial_skills",),
    ),
    Case(
        "content-meta-pack-id",
        content(meta={"pack_id": "otherpack"}),
        ("content.db says pack_id = 'otherpack', the manifest says 'testpack'",),
        "cli",
    ),
    Case("content-meta-version", content(meta={"version": "7"}), ("content.db says version = '7'",)),
    Case(
        "content-meta-kind",
        content(meta={"kind": "certification"}),
        ("content.db says kind = 'certification'",),
    ),
    Case(
        "content-not-sqlite",
        content(content=b"this is not a database\n" * 64),
        ("content.db is not an SQLite database",),
        "cli",
    ),
    Case("content-corrupt-sqlite", corrupt_content, ("content.db cannot be read",)),
    Case(
        "content-wrong-columns",
        content(sql("DROP TABLE tutorial_skills", "CREATE TABLE tutorial_skills (tutorial_id TEXT, x BLOB)")),
        ("table 'tutorial_skills' does not have the columns of format v1",),
    ),
]

CASES = FLIPS + TRUNCATIONS + NOT_PACKS + TRUST + RESIGNED + CONTENT


# ---------------------------------------------------------------------------------------------
# Running an import and checking the refusal
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def env(tmp_path: Path, home: Path) -> Env:
    machine = new_machine(tmp_path, home)
    return Env(machine.work, machine.home, machine.trust, machine.settings)


def refused_by_cli(target: Target) -> str:
    result = run_cli("pack", "import", str(target.arg))
    assert result.returncode == 2, result
    assert result.stdout == "", result
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result
    return lines[0]


def refused_by_service(settings: Settings, target: Target) -> str:
    error: PixdeskError
    try:
        results = PackService(settings).import_path(target.arg)
    except PixdeskError as exc:
        error = exc
    else:
        assert len(results) == 1, results
        assert results[0].outcome is None, results[0].outcome
        assert results[0].error is not None
        error = results[0].error
    assert error.exit_code == 2
    line = f"pixdesk: error: {error}"
    assert "\n" not in line
    return line


def check_refusal(env: Env, case: Case) -> None:
    target = case.make(env)
    before = take_snapshot(env.settings)
    assert any(row.pack_id == OTHER_PACK and row.status == "active" for row in before.rows)
    line = refused_by_cli(target) if case.via == "cli" else refused_by_service(env.settings, target)
    assert line.startswith(f"pixdesk: error: {target.named}: "), line
    for fragment in case.reason:
        assert fragment in line, f"{fragment!r} not in {line!r}"
    assert take_snapshot(env.settings) == before


def test_the_suite_is_big_and_distinct() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
    assert len(CASES) >= 40
    assert sum(case.via == "cli" for case in CASES) >= 15
    assert LIMITS == DEFAULT_LIMITS


@pytest.mark.parametrize("case", CASES, ids=[f"{case.id}-{case.via}" for case in CASES])
def test_tampered_pack_is_refused_and_nothing_changes(env: Env, case: Case) -> None:
    check_refusal(env, case)


# ---------------------------------------------------------------------------------------------
# Controls: the builders alone make valid packs, so each refusal above is due to its mutation
# ---------------------------------------------------------------------------------------------


def unchanged_resign(env: Env) -> Target:
    return resigned(lambda _m, _b: None)(env)


def unchanged_raw(env: Env) -> Target:
    return raw_resigned(canonical.dumps)(env)


def valid_rotated_key(env: Env) -> Target:
    return under_rotated_root(lambda key: publisher_entry(key, ["practice"]))(env)


CONTROLS: list[tuple[str, Make]] = [
    ("factory-pack", lambda env: at(env.good())),
    ("resigned-unchanged", unchanged_resign),
    ("raw-written-canonical", unchanged_raw),
    ("content-pack-unaltered", content()),
    ("key-added-by-rotated-root", valid_rotated_key),
    ("newer-than-installed", installed_then(3)),
]


@pytest.mark.parametrize("make", [make for _id, make in CONTROLS], ids=[name for name, _make in CONTROLS])
def test_control_pack_installs(env: Env, make: Make) -> None:
    target = make(env)
    [result] = PackService(env.settings).import_path(target.arg)
    assert result.error is None, result.error
    assert result.outcome is not None and result.outcome.action == "installed"
    assert {row.pack_id for row in PackService(env.settings).installed()} == {OTHER_PACK, "testpack"}


def test_control_pack_installs_by_cli(env: Env) -> None:
    result = run_cli("pack", "import", str(unchanged_resign(env).arg))
    assert result.returncode == 0, result
    assert "installed pack testpack version 1" in result.stdout


# ---------------------------------------------------------------------------------------------
# SQLite never opens content whose hash failed
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def sqlite_opens(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Records the target of every ``sqlite3.connect`` made in this process."""
    opened: list[str] = []
    real = sqlite3.connect

    def spy(database: Any, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        opened.append(str(database))
        conn: sqlite3.Connection = real(database, *args, **kwargs)
        return conn

    monkeypatch.setattr(sqlite3, "connect", spy)
    yield opened


def _content_opens(opened: list[str]) -> list[str]:
    return [target for target in opened if "content.db" in target]


HASH_FAILURES = [case for case in CASES if case.reason == HASH_MISMATCH]


@pytest.mark.parametrize("case", HASH_FAILURES, ids=[case.id for case in HASH_FAILURES])
def test_hash_failure_is_refused_before_sqlite_opens_the_content(
    env: Env, case: Case, sqlite_opens: list[str]
) -> None:
    target = case.make(env)
    before = take_snapshot(env.settings)
    sqlite_opens.clear()
    [result] = PackService(env.settings).import_path(target.arg)
    assert isinstance(result.error, PackError)
    assert result.error.code == "pack.hash_mismatch"
    assert _content_opens(sqlite_opens) == []
    assert take_snapshot(env.settings) == before


def test_content_check_does_open_the_staged_copy(env: Env, sqlite_opens: list[str]) -> None:
    """The spy above can see the content check: a pack whose hash matched gets its copy opened."""
    target = content(sql("CREATE VIEW everything AS SELECT * FROM meta"))(env)
    sqlite_opens.clear()
    [result] = PackService(env.settings).import_path(target.arg)
    assert isinstance(result.error, PackError)
    assert result.error.code == "pack.content_invalid"
    opened = _content_opens(sqlite_opens)
    assert len(opened) == 1
    assert ".staging-" in opened[0] and "mode=ro" in opened[0]
    assert str(target.arg) not in opened[0]
