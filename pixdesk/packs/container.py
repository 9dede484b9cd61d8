"""The ``.pixpack`` byte layout: write a pack, read its header, stream its members.

Layer: packs (file I/O, no SQLite). Layout (FORMAT.md, "Container")::

    magic      12 bytes  89 'PIXPACK' 0D 0A 1A 0A
    u32 BE     length of the manifest (<= Limits.manifest_bytes)
    manifest   canonical JSON
    u16 BE     length of the signature (always 64)
    signature  Ed25519 over "pixdesk-pack-manifest-v1\\n" + manifest
    members    the bytes of each member, in manifest order, back to back
    (end of file: nothing may follow the last member)

Every byte of the file is covered: the magic and lengths by parsing, the manifest by
the signature, the members by the SHA-256 sums in the manifest, and the end by the
sizes. One flipped byte anywhere makes verification fail.
"""

from __future__ import annotations

import hashlib
import os
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pixdesk import canonical
from pixdesk.errors import PackError
from pixdesk.packs.manifest import DEFAULT_LIMITS, Limits
from pixdesk.signing import SigningKey

__all__ = ["MAGIC", "MANIFEST_CONTEXT", "Header", "Progress", "read_header", "stream_members", "write_pack"]

MAGIC = b"\x89PIXPACK\r\n\x1a\n"
MANIFEST_CONTEXT = "pixdesk-pack-manifest-v1"
SIGNATURE_BYTES = 64
CHUNK = 1 << 20

Progress = Callable[[int, int], None]
"""Called with (bytes done, bytes in all) while members are streamed."""


@dataclass(frozen=True)
class Header:
    manifest_bytes: bytes
    signature: bytes
    members_offset: int
    file_size: int


def _read_exact(handle: BinaryIO, count: int, what: str, where: str) -> bytes:
    data = handle.read(count)
    if len(data) != count:
        raise PackError("pack.truncated", f"file ends inside the {what}", where)
    return data


def read_header(handle: BinaryIO, where: str, limits: Limits = DEFAULT_LIMITS) -> Header:
    """Read magic, manifest and signature from the start of an open pack file.

    Raises:
        PackError: empty, not a pack, truncated, or a manifest over the size limit.
    """
    size = os.fstat(handle.fileno()).st_size
    if size == 0:
        raise PackError("pack.empty", "the file is empty", where)
    head = handle.read(len(MAGIC))
    if head != MAGIC:
        if len(head) < len(MAGIC) and MAGIC.startswith(head):
            raise PackError("pack.truncated", "file ends inside the pack header", where)
        raise PackError(
            "pack.not_a_pack", "not a PixDesk content pack (no .pixpack signature at the start)", where
        )
    (manifest_len,) = struct.unpack(">I", _read_exact(handle, 4, "pack header", where))
    if manifest_len > limits.manifest_bytes:
        raise PackError(
            "pack.manifest_too_large",
            f"manifest of {manifest_len} bytes, limit {limits.manifest_bytes}",
            where,
        )
    if manifest_len > size:
        raise PackError("pack.truncated", "file ends inside the manifest", where)
    manifest = _read_exact(handle, manifest_len, "manifest", where)
    (signature_len,) = struct.unpack(">H", _read_exact(handle, 2, "signature header", where))
    if signature_len != SIGNATURE_BYTES:
        raise PackError("pack.signature_invalid", f"signature of {signature_len} bytes, expected 64", where)
    signature = _read_exact(handle, SIGNATURE_BYTES, "signature", where)
    return Header(manifest, signature, handle.tell(), size)


def stream_members(
    handle: BinaryIO,
    members: Iterable[tuple[str, int]],
    where: str,
    sink: Callable[[str], BinaryIO] | None = None,
    progress: Progress | None = None,
    total: int = 0,
) -> dict[str, str]:
    """Read each member's exact bytes in order, hashing them and copying them to ``sink``.

    Returns the SHA-256 hex digest of each member. Memory use is one chunk.
    """
    digests: dict[str, str] = {}
    done = 0
    for name, size in members:
        digest = hashlib.sha256()
        out = sink(name) if sink else None
        try:
            remaining = size
            while remaining:
                chunk = handle.read(min(CHUNK, remaining))
                if not chunk:
                    raise PackError("pack.truncated", f"file ends inside member {name!r}", where)
                digest.update(chunk)
                if out is not None:
                    out.write(chunk)
                remaining -= len(chunk)
                done += len(chunk)
                if progress:
                    progress(done, total)
        finally:
            if out is not None:
                out.flush()
                os.fsync(out.fileno())
                out.close()
        digests[name] = digest.hexdigest()
    return digests


def write_pack(
    path: Path,
    manifest: dict[str, object],
    member_files: dict[str, Path],
    key: SigningKey,
) -> bytes:
    """Sign ``manifest`` and write the pack; members are copied in manifest order.

    ``manifest['members']`` must already list every member with its size and sha256
    (see :func:`describe_member`). Returns the manifest bytes that were signed.
    """
    manifest_bytes = canonical.dumps(manifest)
    signature = key.sign(MANIFEST_CONTEXT, manifest_bytes)
    tmp = path.with_name(f".{path.name}.part")
    path.parent.mkdir(parents=True, exist_ok=True)
    with tmp.open("wb") as out:
        out.write(MAGIC)
        out.write(struct.pack(">I", len(manifest_bytes)))
        out.write(manifest_bytes)
        out.write(struct.pack(">H", len(signature)))
        out.write(signature)
        for entry in manifest["members"]:  # type: ignore[attr-defined]
            with member_files[entry["name"]].open("rb") as src:
                while chunk := src.read(CHUNK):
                    out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, path)
    return manifest_bytes


def describe_member(name: str, path: Path) -> dict[str, object]:
    """The manifest entry of a member file: name, type, size and sha256."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return {"name": name, "type": "file", "size": path.stat().st_size, "sha256": digest.hexdigest()}
