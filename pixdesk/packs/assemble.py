"""Assembling a signed pack from a finished content database. Layer: packs.

Authoring tools (content_packs) fill a content database with
:func:`create_content_db`, then call :func:`assemble_pack`, which writes the manifest
(sizes and SHA-256 of every member), signs it and writes the ``.pixpack`` file.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from pixdesk.packs.container import describe_member, write_pack
from pixdesk.packs.content_schema import SCHEMA
from pixdesk.packs.manifest import CONTENT_MEMBER, FORMAT_VERSION
from pixdesk.packs.sealing import pack_key_id
from pixdesk.signing import SigningKey
from pixdesk.timeutil import format_utc

__all__ = ["PackInfo", "assemble_pack", "create_content_db"]


@dataclass(frozen=True)
class PackInfo:
    """What the manifest says about a pack besides its members."""

    pack_id: str
    version: int
    kind: str
    framework_id: str
    languages: tuple[str, ...]
    title: dict[str, str]
    created: datetime
    valid_for: timedelta = timedelta(days=730)
    extra_meta: dict[str, str] = field(default_factory=dict)


def create_content_db(path: Path, info: PackInfo) -> sqlite3.Connection:
    """Create an empty format-v1 content database with its ``meta`` rows filled in."""
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    meta = {
        "pack_id": info.pack_id,
        "version": str(info.version),
        "kind": info.kind,
        "framework_id": info.framework_id,
        "languages": ",".join(info.languages),
        **info.extra_meta,
    }
    conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", sorted(meta.items()))
    conn.commit()
    return conn


def assemble_pack(
    out: Path,
    content_db: Path,
    info: PackInfo,
    key: SigningKey,
    pack_key: bytes | None = None,
    extra_members: dict[str, Path] | None = None,
) -> dict[str, object]:
    """Sign and write ``out`` from ``content_db``; return the manifest document.

    ``pack_key`` is required for certification packs (their bodies must already be
    sealed with it) and refused for practice packs.
    """
    if (info.kind == "certification") != (pack_key is not None):
        raise ValueError("a certification pack needs its pack key; a practice pack has none")
    members = {CONTENT_MEMBER: content_db, **(extra_members or {})}
    manifest: dict[str, object] = {
        "format": "pixpack",
        "format_version": FORMAT_VERSION,
        "pack_id": info.pack_id,
        "version": info.version,
        "kind": info.kind,
        "framework_id": info.framework_id,
        "languages": list(info.languages),
        "title": dict(info.title),
        "publisher_key_id": key.key_id,
        "created": format_utc(info.created),
        "expires": format_utc(info.created + info.valid_for),
        "members": [describe_member(name, path) for name, path in members.items()],
        "encryption": {"algorithm": "AES-256-GCM", "key_id": pack_key_id(pack_key)} if pack_key else None,
    }
    write_pack(out, manifest, members, key)
    return manifest
