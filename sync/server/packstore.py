"""Content packs on the server: verify and store them, unpack them to replay. Layer: sync.server.

A pack is verified with pixdesk's own pack verification (signature under the server's
trust, sizes, member hashes, content schema) and stored in the database — the signed
file bytes, and for a certification pack its pack key, without which its sealed
challenges cannot be replayed. Every app process unpacks the packs it needs into its
own data dir (``packs/<id>/<version>/``, as a machine installs them) from those exact
bytes, checking their SHA-256 against the row, and opens them with
:func:`pixdesk.packs.content.load_content`. All versions are kept: an attempt is always
replayed on the very version it was taken on.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import shutil
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from pixdesk import canonical
from pixdesk.errors import KeyFileError, PackError
from pixdesk.packs.container import read_header, stream_members
from pixdesk.packs.content import PackContent, load_content
from pixdesk.packs.installed import InstalledPack
from pixdesk.packs.manifest import CONTENT_MEMBER, Manifest, parse_manifest
from pixdesk.packs.sealing import pack_key_id
from pixdesk.packs.verify import verify_pack
from pixdesk.timeutil import format_utc
from pixdesk.trust import TrustSet
from sync.server.schema import packs

__all__ = ["PackCache", "PackRow", "add_pack", "catalogue", "pack_file", "read_pack_key_file"]

MARKER = "pack.sha256"  # in an unpacked folder: the SHA-256 of the file it came from
_ROW_COLUMNS = [c for c in packs.c if c.name != "data"]


@dataclass(frozen=True)
class PackRow:
    pack_id: str
    version: int
    kind: str
    sha256: str  # of the .pixpack file
    size: int  # of the .pixpack file
    content_sha256: str
    added_at: str
    pack_key: bytes | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.pack_id,
            "version": self.version,
            "kind": self.kind,
            "sha256": self.sha256,
            "size": self.size,
        }


def _row(row: Any) -> PackRow:
    key = row["pack_key"]
    return PackRow(
        row["pack_id"],
        int(row["version"]),
        row["kind"],
        row["sha256"],
        int(row["size"]),
        row["content_sha256"],
        row["added_at"],
        None if key is None else base64.b64decode(key),
    )


def read_pack_key_file(path: Path) -> bytes:
    """The key of a certification pack from its key file (``{"key": "<base64>", …}``)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        key = base64.b64decode(data["key"], validate=True)
    except (OSError, ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise KeyFileError("key.malformed", f"not a pack key file: {exc}", str(path)) from None
    if len(key) != 32:
        raise KeyFileError("key.malformed", "a pack key has 32 bytes", str(path))
    return key


def _rmtree(path: Path) -> None:
    if path.exists():
        for folder, _dirs, _files in os.walk(path):
            os.chmod(folder, 0o755)
        shutil.rmtree(path)


def _unpack(data: bytes, sha256: str, target: Path, where: str) -> Manifest:
    """Write the members of verified pack bytes into ``target`` (atomically replaced)."""
    if hashlib.sha256(data).hexdigest() != sha256:
        raise PackError("pack.hash_mismatch", "the stored pack bytes do not match their SHA-256", where)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".staging-{uuid.uuid4().hex}"
    staging.mkdir()
    try:
        source = staging / "pack.pixpack"
        source.write_bytes(data)
        members = staging / "members"
        members.mkdir()
        with source.open("rb") as handle:
            header = read_header(handle, where)
            manifest = parse_manifest(canonical.loads_canonical(header.manifest_bytes), where)
            digests = stream_members(
                handle,
                [(m.name, m.size) for m in manifest.members],
                where,
                lambda name: (members / name).open("xb"),
            )
        if any(digests[m.name] != m.sha256 for m in manifest.members):
            raise PackError("pack.hash_mismatch", "a member does not match the manifest", where)
        (members / "manifest.json").write_bytes(header.manifest_bytes)
        (members / "manifest.sig").write_bytes(header.signature)
        (members / MARKER).write_text(sha256)
        _rmtree(target)
        os.rename(members, target)
    finally:
        _rmtree(staging)
    return manifest


def add_pack(
    engine: Engine, packs_dir: Path, path: Path, trust: TrustSet, now: datetime, pack_key: bytes | None
) -> tuple[PackRow, str]:
    """Verify a pack file under ``trust`` and store it; returns the row and ``added`` or ``unchanged``.

    Raises:
        PackError: invalid or untrusted pack, a certification pack without its key (or with
            another pack's), or another file already stored under the same id and version.
    """
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PackError("pack.unreadable", f"cannot read: {exc.strerror}", where) from None
    packs_dir.mkdir(parents=True, exist_ok=True)
    staging = packs_dir / f".staging-{uuid.uuid4().hex}"
    (staging / "members").mkdir(parents=True)
    try:
        copy = staging / "pack.pixpack"  # verify the very bytes that will be stored
        copy.write_bytes(data)
        manifest = verify_pack(copy, trust, now, staging / "members").manifest
    except PackError as exc:  # name the file given, not the private copy
        raise PackError(exc.code, exc.message, where) from None
    finally:
        _rmtree(staging)
    if manifest.kind == "certification":
        if pack_key is None:
            raise PackError("pack.key_required", "a certification pack needs its pack key (--key)", where)
        if pack_key_id(pack_key) != manifest.encryption_key_id:
            raise PackError("pack.wrong_key", "this key does not open this certification pack", where)
    elif pack_key is not None:
        raise PackError("pack.key_not_needed", "a practice pack has no pack key", where)
    if manifest.version >= 2**31:
        raise PackError("pack.manifest_invalid", "pack version too large for this server", where)
    sha256 = hashlib.sha256(data).hexdigest()
    row = PackRow(
        manifest.pack_id,
        manifest.version,
        manifest.kind,
        sha256,
        len(data),
        manifest.member(CONTENT_MEMBER).sha256,
        format_utc(now),
        pack_key,
    )
    with engine.begin() as connection:
        existing = _find(connection, manifest.pack_id, manifest.version)
        if existing is not None:
            if existing.sha256 != sha256:
                raise PackError(
                    "pack.conflict", "another file is stored under this pack id and version", where
                )
            return existing, "unchanged"
        connection.execute(
            packs.insert().values(
                pack_id=row.pack_id,
                version=row.version,
                kind=row.kind,
                sha256=sha256,
                size=row.size,
                content_sha256=row.content_sha256,
                publisher_key=manifest.publisher_key_id,
                pack_key=None if pack_key is None else base64.b64encode(pack_key).decode("ascii"),
                data=data,
                added_at=row.added_at,
            )
        )
    return row, "added"


def _find(connection: Connection, pack_id: str, version: int) -> PackRow | None:
    query = select(*_ROW_COLUMNS).where(packs.c.pack_id == pack_id, packs.c.version == version)
    row = connection.execute(query).mappings().first()
    return None if row is None else _row(row)


def catalogue(connection: Connection) -> list[PackRow]:
    """Every stored pack version, by id then version."""
    rows = connection.execute(select(*_ROW_COLUMNS).order_by(packs.c.pack_id, packs.c.version)).mappings()
    return [_row(row) for row in rows]


def pack_file(connection: Connection, pack_id: str, version: int) -> tuple[bytes, str] | None:
    """The signed ``.pixpack`` bytes of a stored pack and their SHA-256, or None."""
    query = select(packs.c.data, packs.c.sha256).where(packs.c.pack_id == pack_id, packs.c.version == version)
    row = connection.execute(query).first()
    return None if row is None else (bytes(row[0]), str(row[1]))


class PackCache:
    """The packs this process has opened for replay (thread-safe; closed with the app)."""

    def __init__(self, engine: Engine, packs_dir: Path) -> None:
        self.engine = engine
        self.packs_dir = packs_dir
        self._lock = threading.Lock()
        self._open: dict[tuple[str, int], tuple[PackRow, PackContent]] = {}
        self._known: set[tuple[str, int]] = set()  # stored versions seen (packs are never removed)

    def known(self, pack_id: str, version: int) -> bool:
        """Whether the database stores pack ``pack_id`` ``version`` (one query per new version)."""
        if (pack_id, version) in self._known:
            return True
        with self.engine.connect() as connection:
            found = _find(connection, pack_id, version) is not None
        if found:
            with self._lock:
                self._known.add((pack_id, version))
        return found

    def content(self, pack_id: str, version: int) -> tuple[PackRow, PackContent] | None:
        """The stored pack ``pack_id`` ``version``, unpacked and opened; None if not stored.

        Once opened, a version is served from memory: stored versions never change (a
        version that could not be opened — a certification pack without its key — is
        looked up again next time).
        """
        opened = self._open.get((pack_id, version))
        if opened is not None:
            return opened
        with self.engine.connect() as connection:
            row = _find(connection, pack_id, version)
        if row is None:
            return None
        with self._lock:
            opened = self._open.get((pack_id, version))
            if opened is None:
                opened = (row, self._load(row))
                self._open[(pack_id, version)] = opened
                self._known.add((pack_id, version))
        return opened

    def _load(self, row: PackRow) -> PackContent:
        folder = self.packs_dir / row.pack_id / str(row.version)
        marker = folder / MARKER
        manifest_path = folder / "manifest.json"
        if not marker.is_file() or marker.read_text() != row.sha256:
            with self.engine.connect() as connection:
                found = pack_file(connection, row.pack_id, row.version)
            if found is None:
                raise PackError("pack.not_installed", "the pack was removed", row.pack_id)
            _unpack(found[0], row.sha256, folder, f"{row.pack_id} v{row.version}")
        manifest = parse_manifest(canonical.loads_canonical(manifest_path.read_bytes()), str(folder))
        installed = InstalledPack(
            pack_id=manifest.pack_id,
            version=manifest.version,
            kind=manifest.kind,
            framework_id=manifest.framework_id,
            languages=manifest.languages,
            title=manifest.title,
            publisher_key=manifest.publisher_key_id,
            created=format_utc(manifest.created),
            expires=format_utc(manifest.expires),
            size=manifest.total_size,
            folder=folder,
            status="active",
            installed_at=row.added_at,
            content_sha256=row.content_sha256,
        )
        return load_content(installed, row.pack_key)

    def close(self) -> None:
        with self._lock:
            for _row, content in self._open.values():
                content.close()
            self._open.clear()
