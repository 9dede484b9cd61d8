"""The signed manifest of a pack and its validation. Layer: packs (pure).

The manifest is a canonical JSON object (see pixdesk.canonical) signed by a publisher
key. Its fields are documented in content_packs/FORMAT.md; every rule here has a
matching sentence there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pixdesk.errors import PackError
from pixdesk.timeutil import parse_utc

__all__ = [
    "FORMAT_VERSION",
    "KINDS",
    "OPTIONAL_MEMBERS",
    "REQUIRED_MEMBERS",
    "Limits",
    "Manifest",
    "Member",
    "parse_manifest",
]

FORMAT_VERSION = 1
KINDS = ("practice", "certification")
CONTENT_MEMBER = "content.db"
REQUIRED_MEMBERS = frozenset({CONTENT_MEMBER})
OPTIONAL_MEMBERS = frozenset({"LICENSE.txt", "README.md"})

_PACK_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_LANG = re.compile(r"^[a-z]{2}$")
_HEX16 = re.compile(r"^[0-9a-f]{16}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_NAME_CHARS = re.compile(r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")


@dataclass(frozen=True)
class Limits:
    """Size limits enforced before any byte of a member is read (FORMAT.md, Limits)."""

    manifest_bytes: int = 256 * 1024
    members: int = 8
    member_bytes: int = 2 * 1024**3
    total_bytes: int = 2 * 1024**3


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Member:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    pack_id: str
    version: int
    kind: str
    framework_id: str
    languages: tuple[str, ...]
    title: dict[str, str]
    publisher_key_id: str
    created: datetime
    expires: datetime
    members: tuple[Member, ...]
    encryption_key_id: str | None
    document: dict[str, Any]

    @property
    def total_size(self) -> int:
        return sum(member.size for member in self.members)

    def member(self, name: str) -> Member:
        return next(m for m in self.members if m.name == name)


def _field(doc: dict[str, Any], key: str, kind: type, where: str) -> Any:
    if key not in doc:
        raise PackError("pack.manifest_invalid", f"manifest has no {key!r} field", where)
    value = doc[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise PackError("pack.manifest_invalid", f"manifest field {key!r} has the wrong type", where)
    return value


def _time(doc: dict[str, Any], key: str, where: str) -> datetime:
    text = _field(doc, key, str, where)
    try:
        return parse_utc(text)
    except ValueError:
        raise PackError("pack.manifest_invalid", f"manifest field {key!r} is not a UTC time", where) from None


def check_member_name(name: str, where: str) -> None:
    """Refuse names that could escape a folder or are not plain file names."""
    if not name:
        raise PackError("pack.member_name", "empty member name", where)
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise PackError("pack.member_name", f"member {name!r} has an absolute path", where)
    if "\\" in name or any(ord(c) < 32 for c in name):
        raise PackError("pack.member_name", f"member {name!r} has a backslash or control character", where)
    if ".." in name.split("/"):
        raise PackError("pack.member_name", f"member {name!r} climbs out of the pack with '..'", where)
    if not _NAME_CHARS.match(name):
        raise PackError("pack.member_name", f"member {name!r} has characters outside [A-Za-z0-9._-/]", where)


def _members(doc: dict[str, Any], limits: Limits, where: str) -> tuple[Member, ...]:
    entries = _field(doc, "members", list, where)
    if len(entries) > limits.members:
        raise PackError("pack.too_many_members", f"{len(entries)} members, at most {limits.members}", where)
    members: list[Member] = []
    seen: set[str] = set()
    for entry in entries:
        if not isinstance(entry, dict) or set(entry) != {"name", "type", "size", "sha256"}:
            raise PackError(
                "pack.manifest_invalid", "each member has exactly name, type, size, sha256", where
            )
        name = _field(entry, "name", str, where)
        check_member_name(name, where)
        if entry["type"] != "file":
            raise PackError(
                "pack.member_type",
                f"member {name!r} is a {entry['type']!r}; only plain files, no links",
                where,
            )
        size = _field(entry, "size", int, where)
        digest = _field(entry, "sha256", str, where)
        if size < 0 or not _SHA256.match(digest):
            raise PackError("pack.manifest_invalid", f"member {name!r} has a bad size or sha256", where)
        if size > limits.member_bytes:
            raise PackError(
                "pack.member_too_large",
                f"member {name!r} declares {size} bytes, limit {limits.member_bytes}",
                where,
            )
        if name in seen:
            raise PackError("pack.duplicate_member", f"member {name!r} appears twice", where)
        if name not in REQUIRED_MEMBERS | OPTIONAL_MEMBERS:
            allowed = ", ".join(sorted(REQUIRED_MEMBERS | OPTIONAL_MEMBERS))
            raise PackError(
                "pack.extra_member", f"unexpected member {name!r} (format v1 allows {allowed})", where
            )
        seen.add(name)
        members.append(Member(name, size, digest))
    missing = REQUIRED_MEMBERS - seen
    if missing:
        raise PackError("pack.missing_member", f"missing member {', '.join(sorted(missing))}", where)
    total = sum(m.size for m in members)
    if total > limits.total_bytes:
        raise PackError("pack.too_large", f"members total {total} bytes, limit {limits.total_bytes}", where)
    return tuple(members)


def parse_manifest(doc: Any, where: str, limits: Limits = DEFAULT_LIMITS) -> Manifest:
    """Validate a decoded manifest document.

    Raises:
        PackError: any field missing, of the wrong type or outside its rules.
    """
    if not isinstance(doc, dict):
        raise PackError("pack.manifest_invalid", "manifest is not a JSON object", where)
    if doc.get("format") != "pixpack":
        raise PackError("pack.manifest_invalid", "manifest 'format' is not 'pixpack'", where)
    if doc.get("format_version") != FORMAT_VERSION:
        raise PackError(
            "pack.format_version",
            f"pack format version {doc.get('format_version')!r}; this program reads version {FORMAT_VERSION}",
            where,
        )
    pack_id = _field(doc, "pack_id", str, where)
    if not _PACK_ID.match(pack_id):
        raise PackError(
            "pack.manifest_invalid", f"pack id {pack_id!r} is not [a-z0-9-], 1-64 characters", where
        )
    version = _field(doc, "version", int, where)
    if version < 1:
        raise PackError("pack.manifest_invalid", "pack version must be >= 1", where)
    kind = _field(doc, "kind", str, where)
    if kind not in KINDS:
        raise PackError(
            "pack.manifest_invalid", f"pack kind {kind!r} is not practice or certification", where
        )
    languages = _field(doc, "languages", list, where)
    if (
        not languages
        or len(set(languages)) != len(languages)
        or not all(isinstance(x, str) and _LANG.match(x) for x in languages)
    ):
        raise PackError("pack.manifest_invalid", "languages must be distinct two-letter codes", where)
    title = _field(doc, "title", dict, where)
    if set(title) != set(languages) or not all(isinstance(v, str) and v for v in title.values()):
        raise PackError("pack.manifest_invalid", "title needs one non-empty text per language", where)
    key_id = _field(doc, "publisher_key_id", str, where)
    if not _HEX16.match(key_id):
        raise PackError("pack.manifest_invalid", "publisher_key_id is not 16 hex digits", where)
    created, expires = _time(doc, "created", where), _time(doc, "expires", where)
    if expires <= created:
        raise PackError("pack.manifest_invalid", "pack expires before it was created", where)
    encryption = doc.get("encryption")
    encryption_key_id: str | None = None
    if kind == "certification":
        if (
            not isinstance(encryption, dict)
            or encryption.get("algorithm") != "AES-256-GCM"
            or not _HEX16.match(str(encryption.get("key_id")))
        ):
            raise PackError(
                "pack.manifest_invalid",
                "a certification pack must declare AES-256-GCM encryption and its key id",
                where,
            )
        encryption_key_id = str(encryption["key_id"])
    elif encryption is not None:
        raise PackError("pack.manifest_invalid", "a practice pack is not encrypted", where)
    known = {
        "format",
        "format_version",
        "pack_id",
        "version",
        "kind",
        "framework_id",
        "languages",
        "title",
        "publisher_key_id",
        "created",
        "expires",
        "members",
        "encryption",
    }
    unknown = set(doc) - known
    if unknown:
        raise PackError(
            "pack.manifest_invalid", f"unknown manifest field(s) {', '.join(sorted(unknown))}", where
        )
    return Manifest(
        pack_id=pack_id,
        version=version,
        kind=kind,
        framework_id=_field(doc, "framework_id", str, where),
        languages=tuple(languages),
        title=dict(title),
        publisher_key_id=key_id,
        created=created,
        expires=expires,
        members=_members(doc, limits, where),
        encryption_key_id=encryption_key_id,
        document=doc,
    )
