"""Verification of a ``.pixpack`` file against the trust in force. Layer: packs.

Order, each step refusing with one clear reason: header and sizes → manifest (strict,
canonical JSON, schema, limits) → publisher key (known, not revoked, valid now, role
matching the pack kind) → signature → pack expiry → exact file length → every member's
SHA-256 while streaming (optionally copying into a staging folder) → only then, on the
copy, the content database's schema (tables only).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from pixdesk import canonical
from pixdesk.errors import PackError, TrustError
from pixdesk.packs.container import MANIFEST_CONTEXT, Progress, read_header, stream_members
from pixdesk.packs.content_schema import check_content
from pixdesk.packs.manifest import CONTENT_MEMBER, DEFAULT_LIMITS, Limits, Manifest, parse_manifest
from pixdesk.trust import PublisherKey, TrustSet

__all__ = ["VerifiedPack", "read_manifest", "verify_manifest", "verify_pack"]


@dataclass(frozen=True)
class VerifiedPack:
    """A pack whose signature, sizes and hashes all checked out."""

    manifest: Manifest
    manifest_bytes: bytes
    signature: bytes
    publisher: PublisherKey


def verify_manifest(
    manifest_bytes: bytes,
    signature: bytes,
    trust: TrustSet,
    now: datetime,
    where: str,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Manifest, PublisherKey]:
    """Check a manifest's form, its publisher and its signature; return it parsed."""
    try:
        document = canonical.loads_canonical(manifest_bytes)
    except canonical.CanonicalError as exc:
        raise PackError("pack.manifest_invalid", f"manifest: {exc}", where) from None
    manifest = parse_manifest(document, where, limits)
    try:
        publisher = trust.publisher_for(manifest.publisher_key_id, manifest.kind, now, where)
    except TrustError as exc:
        raise PackError(exc.code, exc.message, where) from None
    if not publisher.key.verify(MANIFEST_CONTEXT, manifest_bytes, signature):
        raise PackError(
            "pack.signature_invalid",
            f"the signature does not match the manifest (publisher key {publisher.key_id})",
            where,
        )
    if now >= manifest.expires:
        raise PackError("pack.expired", f"pack expired on {manifest.expires:%Y-%m-%d}", where)
    return manifest, publisher


def read_manifest(
    path: Path, trust: TrustSet, now: datetime, limits: Limits = DEFAULT_LIMITS
) -> VerifiedPack:
    """Verify header, manifest and signature only (no member is read). Cheap, for a first look."""
    where = str(path)
    with _open(path) as handle:
        header = read_header(handle, where, limits)
    manifest, publisher = verify_manifest(header.manifest_bytes, header.signature, trust, now, where, limits)
    _check_length(manifest, header.members_offset, header.file_size, where)
    return VerifiedPack(manifest, header.manifest_bytes, header.signature, publisher)


def _open(path: Path) -> BinaryIO:
    where = str(path)
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise PackError("pack.not_a_file", "not a regular file", where)
    try:
        return path.open("rb")
    except FileNotFoundError:
        raise PackError("pack.missing", "file not found", where) from None
    except OSError as exc:
        raise PackError("pack.unreadable", f"cannot read: {exc.strerror}", where) from None


def _check_length(manifest: Manifest, offset: int, file_size: int, where: str) -> None:
    expected = offset + manifest.total_size
    if file_size < expected:
        raise PackError(
            "pack.truncated", f"file has {file_size} bytes, the manifest describes {expected}", where
        )
    if file_size > expected:
        raise PackError(
            "pack.trailing_data",
            f"{file_size - expected} unexpected bytes after the last member (an extra member?)",
            where,
        )


def verify_pack(
    path: Path,
    trust: TrustSet,
    now: datetime,
    staging: Path | None = None,
    progress: Progress | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> VerifiedPack:
    """Verify a whole pack file; with ``staging``, copy its members there as they are read.

    The content database is checked (tables only, matching pack id, version and kind)
    on the staged copy, after its hash matched; the original file is never opened by
    SQLite. Without ``staging`` only signature, sizes and hashes are checked.

    Raises:
        PackError: the first problem found, naming the file and the reason.
    """
    where = str(path)
    with _open(path) as handle:
        header = read_header(handle, where, limits)
        manifest, publisher = verify_manifest(
            header.manifest_bytes, header.signature, trust, now, where, limits
        )
        _check_length(manifest, header.members_offset, header.file_size, where)

        def sink(name: str) -> BinaryIO:
            assert staging is not None
            fd = os.open(staging / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            return os.fdopen(fd, "wb")

        digests = stream_members(
            handle,
            [(m.name, m.size) for m in manifest.members],
            where,
            sink if staging is not None else None,
            progress,
            manifest.total_size,
        )
        if handle.read(1):
            raise PackError("pack.trailing_data", "the file grew while it was read", where)
    for member in manifest.members:
        if digests[member.name] != member.sha256:
            raise PackError(
                "pack.hash_mismatch",
                f"member {member.name!r} does not match its SHA-256 in the manifest",
                where,
            )
    if staging is not None:
        check_content(staging / CONTENT_MEMBER, manifest.pack_id, manifest.version, manifest.kind, where)
    return VerifiedPack(manifest, header.manifest_bytes, header.signature, publisher)
