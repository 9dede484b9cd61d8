"""Helpers for the pack tamper and install tests. Layer: tests (integration).

Take a real ``.pixpack`` apart with an independent reading of its byte layout, alter it
(flip, cut, append, re-sign with a trusted key), build packs whose content database is
wrong in a chosen way, run the real command line, and snapshot what is installed so a
test can prove that a refused import changed nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import struct
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from factories import NOW, TrustFixture, build_pack, fill_content, make_trust, root_signed

from pixdesk.config import Settings
from pixdesk.packs.assemble import PackInfo, assemble_pack, create_content_db
from pixdesk.packs.container import MAGIC, MANIFEST_CONTEXT, write_pack
from pixdesk.packs.installer import InstalledPack
from pixdesk.packs.sealing import new_pack_key
from pixdesk.services.packs import PackService
from pixdesk.signing import SigningKey
from pixdesk.trust_store import update_root

__all__ = [
    "CliResult",
    "Layout",
    "Machine",
    "PackParts",
    "Snapshot",
    "append_bytes",
    "build_content_pack",
    "flip_byte",
    "layout",
    "new_machine",
    "read_parts",
    "resign",
    "rotate_root",
    "run_cli",
    "take_snapshot",
    "truncate",
    "write_raw_pack",
]

MANIFEST_LEN_OFFSET = len(MAGIC)
OTHER_PACK = "otherpack"


@dataclass(frozen=True)
class Machine:
    """One isolated machine: a test trust root, settings, and a folder to build packs in."""

    work: Path
    home: Path
    trust: TrustFixture
    settings: Settings

    def pack(self, name: str = "good", **kwargs: Any) -> Path:
        """A valid pack (by default practice ``testpack`` v1 signed by the practice key), not installed."""
        kwargs.setdefault("key", self.trust.practice)
        return build_pack(self.work / f"{name}.pixpack", **kwargs)

    def install(self, path: Path) -> None:
        [result] = PackService(self.settings).import_path(path)
        assert result.error is None, result.error
        assert result.outcome is not None and result.outcome.action == "installed"


def new_machine(tmp_path: Path, home: Path, preinstall: bool = True) -> Machine:
    """A machine trusting a test root; with ``preinstall``, pack ``otherpack`` v1 is installed."""
    trust, settings = make_trust(tmp_path / "trust", home)
    work = tmp_path / "work"
    work.mkdir()
    machine = Machine(work, home, trust, settings)
    if preinstall:
        machine.install(machine.pack("other", pack_id=OTHER_PACK))
    return machine


MANIFEST_OFFSET = MANIFEST_LEN_OFFSET + 4


@dataclass(frozen=True)
class Layout:
    """Where each part of a pack file starts (offsets in bytes from the start of the file)."""

    manifest_len: int
    sig_len_offset: int
    sig_offset: int
    members_offset: int
    members: dict[str, tuple[int, int]]  # name -> (offset, size), in manifest order
    file_size: int

    @property
    def manifest_offset(self) -> int:
        return MANIFEST_OFFSET


@dataclass(frozen=True)
class PackParts:
    """The three parts of a pack: signed manifest bytes, signature, member bytes."""

    manifest_bytes: bytes
    signature: bytes
    members: dict[str, bytes]

    @property
    def manifest(self) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(self.manifest_bytes)
        return document


def layout(path: Path) -> Layout:
    """Read the layout of a valid pack without using PixDesk's own reader."""
    data = path.read_bytes()
    assert data[: len(MAGIC)] == MAGIC, f"{path} is not a pack"
    (manifest_len,) = struct.unpack(">I", data[MANIFEST_LEN_OFFSET:MANIFEST_OFFSET])
    sig_len_offset = MANIFEST_OFFSET + manifest_len
    (sig_len,) = struct.unpack(">H", data[sig_len_offset : sig_len_offset + 2])
    sig_offset = sig_len_offset + 2
    members_offset = sig_offset + sig_len
    manifest = json.loads(data[MANIFEST_OFFSET:sig_len_offset])
    members: dict[str, tuple[int, int]] = {}
    offset = members_offset
    for entry in manifest["members"]:
        members[entry["name"]] = (offset, entry["size"])
        offset += entry["size"]
    assert offset == len(data), "members do not end at the end of the file"
    return Layout(manifest_len, sig_len_offset, sig_offset, members_offset, members, len(data))


def read_parts(path: Path) -> PackParts:
    data = path.read_bytes()
    where = layout(path)
    return PackParts(
        manifest_bytes=data[MANIFEST_OFFSET : where.sig_len_offset],
        signature=data[where.sig_offset : where.members_offset],
        members={name: data[start : start + size] for name, (start, size) in where.members.items()},
    )


def flip_byte(src: Path, dst: Path, offset: int, mask: int = 0x01) -> Path:
    """Copy ``src`` to ``dst`` with the byte at ``offset`` XOR-ed with ``mask``."""
    data = bytearray(src.read_bytes())
    data[offset] ^= mask
    dst.write_bytes(bytes(data))
    return dst


def truncate(src: Path, dst: Path, length: int) -> Path:
    """Copy the first ``length`` bytes of ``src`` to ``dst``."""
    data = src.read_bytes()
    assert 0 <= length < len(data)
    dst.write_bytes(data[:length])
    return dst


def append_bytes(src: Path, dst: Path, extra: bytes) -> Path:
    dst.write_bytes(src.read_bytes() + extra)
    return dst


def resign(dst: Path, manifest: dict[str, Any], members: dict[str, bytes], key: SigningKey) -> Path:
    """Sign ``manifest`` with ``key`` and write a pack of ``members`` with the real writer.

    ``members`` maps each name listed in the manifest to its bytes (whatever the manifest
    claims about their size and hash).
    """
    folder = dst.parent / f".members-{dst.stem}"
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    for i, (name, data) in enumerate(members.items()):
        files[name] = folder / f"member-{i}.bin"
        files[name].write_bytes(data)
    write_pack(dst, manifest, files, key)
    return dst


def write_raw_pack(
    dst: Path,
    manifest_bytes: bytes,
    members: list[bytes],
    key: SigningKey,
    manifest_len: int | None = None,
) -> Path:
    """Write a pack around manifest bytes taken as they are (even non-canonical), signed by ``key``.

    ``manifest_len`` overrides the length field (a lie about the manifest size).
    """
    signature = key.sign(MANIFEST_CONTEXT, manifest_bytes)
    length = len(manifest_bytes) if manifest_len is None else manifest_len
    dst.write_bytes(
        MAGIC
        + struct.pack(">I", length)
        + manifest_bytes
        + struct.pack(">H", len(signature))
        + signature
        + b"".join(members)
    )
    return dst


def build_content_pack(
    out: Path,
    key: SigningKey,
    alter: Callable[[sqlite3.Connection], None] | None = None,
    pack_id: str = "testpack",
    version: int = 1,
    kind: str = "practice",
    meta: dict[str, str] | None = None,
    content: bytes | None = None,
) -> Path:
    """A correctly signed pack whose content database is altered after it was filled.

    Args:
        alter: run on the filled content database before the pack is signed.
        meta: ``meta`` rows to overwrite (e.g. another pack id than the manifest's).
        content: raw bytes to sign as ``content.db`` instead of a database.
    """
    work = out.parent / f".content-{out.stem}"
    work.mkdir(parents=True, exist_ok=True)
    db = work / "content.db"
    db.unlink(missing_ok=True)
    info = PackInfo(
        pack_id,
        version,
        kind,
        "pix-digcomp",
        ("en", "fr"),
        {"en": "Test", "fr": "Test"},
        NOW - timedelta(days=1),
    )
    pack_key = new_pack_key() if kind == "certification" else None
    if content is not None:
        db.write_bytes(content)
    else:
        conn = create_content_db(db, info)
        fill_content(conn, kind, pack_id, 3, pack_key)
        for name, value in (meta or {}).items():
            conn.execute("UPDATE meta SET value = ? WHERE key = ?", (value, name))
        if alter is not None:
            alter(conn)
        conn.commit()
        conn.close()
    assemble_pack(out, db, info, key, pack_key)
    return out


def rotate_root(
    trust: TrustFixture,
    settings: Settings,
    publishers: list[dict[str, Any]],
    revoked: list[str] | None = None,
    version: int = 2,
) -> Path:
    """Accept a newer version of the test root, signed by its root key, as ``trust update`` would."""
    signed = root_signed([trust.root_key], publishers, version=version, revoked=revoked)
    path = trust.write_root(signed, [trust.root_key], f"root-v{version}.json")
    update_root(settings, path)
    return path


@dataclass(frozen=True)
class Snapshot:
    """Every ``packs`` row and every file and folder under the packs folder."""

    rows: tuple[InstalledPack, ...]
    tree: tuple[tuple[str, str, int, str], ...]  # (relative path, "dir" | "file" | "link", mode, sha256)


def _tree(root: Path) -> tuple[tuple[str, str, int, str], ...]:
    entries: list[tuple[str, str, int, str]] = []
    if not root.exists():
        return ()
    for folder, dirs, files in os.walk(root):
        for name in sorted(dirs + files):
            path = Path(folder) / name
            info = path.lstat()
            mode = stat.S_IMODE(info.st_mode)
            rel = str(path.relative_to(root))
            if stat.S_ISLNK(info.st_mode):
                entries.append((rel, "link", mode, os.readlink(path)))
            elif stat.S_ISDIR(info.st_mode):
                entries.append((rel, "dir", mode, ""))
            else:
                entries.append((rel, "file", mode, hashlib.sha256(path.read_bytes()).hexdigest()))
    return tuple(sorted(entries))


def take_snapshot(settings: Settings) -> Snapshot:
    rows = tuple(PackService(settings).installed(include_superseded=True))
    return Snapshot(rows, _tree(settings.packs_dir))


@dataclass(frozen=True)
class CliResult:
    returncode: int
    stdout: str
    stderr: str

    def __str__(self) -> str:
        return f"exit {self.returncode}\n--- stdout\n{self.stdout}--- stderr\n{self.stderr}"


def run_cli(*args: str, env: dict[str, str] | None = None) -> CliResult:
    """Run ``python -m pixdesk ARGS`` in a subprocess with this process's PIXDESK_* environment."""
    completed = subprocess.run(
        [sys.executable, "-m", "pixdesk", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=60,
        check=False,
    )
    return CliResult(completed.returncode, completed.stdout, completed.stderr)
