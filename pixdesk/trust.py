"""Trust roots: which publisher keys may sign which packs. Layer: core (domain + files).

A trust root is a signed JSON document (format in docs/signing.md)::

    {"signed": {"type": "pixdesk-trust-root", "id": "pixdesk", "version": 3,
                "issued": "…Z", "threshold": 1,
                "root_keys": [{"key_id": …, "public_key": …}],
                "publishers": [{"key_id": …, "public_key": …, "name": …,
                                "roles": ["practice", "certification"],
                                "not_before": "…Z", "not_after": "…Z"}],
                "revoked": ["<key id>", …]},
     "signatures": [{"key_id": …, "signature": …}]}

A root is valid when ``threshold`` of its own root keys signed it. A newer version of a
root is accepted only when, in addition, ``threshold`` of the root keys *in force*
signed it (rotation), and a root is never replaced by an older or equal version.
The bundled demo publishers (``resources/trust/demo-publishers.json``) are not part of
any root: the configuration decides whether they are trusted, and a root can still
revoke them.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pixdesk import canonical
from pixdesk.errors import TrustError
from pixdesk.signing import PublicKey, SigningKey, public_key_from_b64
from pixdesk.timeutil import parse_utc

__all__ = [
    "ROLES",
    "PublisherKey",
    "TrustRoot",
    "TrustSet",
    "accept_rotation",
    "load_demo_publishers",
    "parse_root",
    "sign_root",
]

ROOT_CONTEXT = "pixdesk-trust-root-v1"
ROLES = ("practice", "certification")
MAX_ROOT_BYTES = 1 << 20


@dataclass(frozen=True)
class PublisherKey:
    """A key allowed to sign packs of the given roles during its validity window."""

    key: PublicKey
    name: str
    roles: frozenset[str]
    not_before: datetime
    not_after: datetime
    source: str

    @property
    def key_id(self) -> str:
        return self.key.key_id


@dataclass(frozen=True)
class TrustRoot:
    """A verified trust root."""

    root_id: str
    version: int
    issued: str
    threshold: int
    root_keys: dict[str, PublicKey]
    publishers: dict[str, PublisherKey]
    revoked: frozenset[str]
    document: dict[str, Any] = field(repr=False, compare=False)


def _require(obj: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in obj:
        raise TrustError("trust.malformed", f"missing field {key!r}", where)
    value = obj[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise TrustError("trust.malformed", f"field {key!r} has the wrong type", where)
    return value


def _parse_time(value: Any, where: str) -> datetime:
    try:
        return parse_utc(value)
    except ValueError:
        raise TrustError("trust.malformed", f"{value!r} is not a YYYY-MM-DDTHH:MM:SSZ time", where) from None


def parse_publishers(entries: Any, where: str) -> dict[str, PublisherKey]:
    """Parse a list of publisher entries (as in a root or the demo publishers file)."""
    if not isinstance(entries, list):
        raise TrustError("trust.malformed", "publishers must be a list", where)
    result: dict[str, PublisherKey] = {}
    for i, entry in enumerate(entries):
        at = f"{where}: publishers[{i}]"
        if not isinstance(entry, dict):
            raise TrustError("trust.malformed", "publisher entry must be an object", at)
        key = public_key_from_b64(_require(entry, "public_key", str, at), at)
        if _require(entry, "key_id", str, at) != key.key_id:
            raise TrustError("trust.malformed", "key_id does not match the public key", at)
        roles = _require(entry, "roles", list, at)
        if not roles or any(role not in ROLES for role in roles):
            raise TrustError("trust.malformed", f"roles must be among {', '.join(ROLES)}", at)
        result[key.key_id] = PublisherKey(
            key=key,
            name=_require(entry, "name", str, at),
            roles=frozenset(roles),
            not_before=_parse_time(_require(entry, "not_before", str, at), at),
            not_after=_parse_time(_require(entry, "not_after", str, at), at),
            source=where,
        )
    return result


def _signers(signed: dict[str, Any], signatures: Any, keys: dict[str, PublicKey], where: str) -> set[str]:
    """Ids of the keys among ``keys`` that validly signed ``signed``."""
    if not isinstance(signatures, list):
        raise TrustError("trust.malformed", "signatures must be a list", where)
    message = canonical.dumps(signed)
    valid: set[str] = set()
    for entry in signatures:
        if not isinstance(entry, dict):
            continue
        key = keys.get(str(entry.get("key_id")))
        try:
            raw = base64.b64decode(str(entry.get("signature")), validate=True)
        except (binascii.Error, ValueError):
            continue
        if key is not None and key.verify(ROOT_CONTEXT, message, raw):
            valid.add(key.key_id)
    return valid


def parse_root(data: bytes, where: str) -> TrustRoot:
    """Parse a trust root and check that its own root keys signed it.

    Raises:
        TrustError: malformed, or not signed by ``threshold`` of its own root keys.
    """
    if len(data) > MAX_ROOT_BYTES:
        raise TrustError("trust.too_large", f"trust root is over {MAX_ROOT_BYTES} bytes", where)
    try:
        document = canonical.loads_strict(data)
    except canonical.CanonicalError as exc:
        raise TrustError("trust.malformed", str(exc), where) from None
    if not isinstance(document, dict):
        raise TrustError("trust.malformed", "a trust root is a JSON object", where)
    signed = _require(document, "signed", dict, where)
    try:
        canonical.dumps(signed)  # what the signatures cover: no floats, no lone surrogates
    except canonical.CanonicalError as exc:
        raise TrustError("trust.malformed", str(exc), where) from None
    if signed.get("type") != "pixdesk-trust-root":
        raise TrustError("trust.malformed", "not a PixDesk trust root (type)", where)
    version = _require(signed, "version", int, where)
    threshold = _require(signed, "threshold", int, where)
    keys: dict[str, PublicKey] = {}
    for i, entry in enumerate(_require(signed, "root_keys", list, where)):
        at = f"{where}: root_keys[{i}]"
        if not isinstance(entry, dict):
            raise TrustError("trust.malformed", "root key entry must be an object", at)
        key = public_key_from_b64(_require(entry, "public_key", str, at), at)
        if _require(entry, "key_id", str, at) != key.key_id:
            raise TrustError("trust.malformed", "key_id does not match the public key", at)
        keys[key.key_id] = key
    if version < 1 or threshold < 1 or threshold > len(keys):
        raise TrustError(
            "trust.malformed", "version and threshold must be >= 1, threshold <= root keys", where
        )
    revoked = _require(signed, "revoked", list, where)
    if not all(isinstance(item, str) for item in revoked):
        raise TrustError("trust.malformed", "revoked must list key ids", where)
    root = TrustRoot(
        root_id=_require(signed, "id", str, where),
        version=version,
        issued=_require(signed, "issued", str, where),
        threshold=threshold,
        root_keys=keys,
        publishers=parse_publishers(_require(signed, "publishers", list, where), where),
        revoked=frozenset(revoked),
        document=document,
    )
    signers = _signers(signed, document.get("signatures"), keys, where)
    if len(signers) < threshold:
        raise TrustError(
            "trust.unsigned",
            f"signed by {len(signers)} of its root keys, {threshold} required",
            where,
        )
    return root


def sign_root(signed: dict[str, Any], keys: Iterable[SigningKey]) -> bytes:
    """Sign the ``signed`` part of a root with each key; return the document bytes."""
    message = canonical.dumps(signed)
    signatures = [
        {"key_id": key.key_id, "signature": base64.b64encode(key.sign(ROOT_CONTEXT, message)).decode()}
        for key in keys
    ]
    return canonical.dumps({"signed": signed, "signatures": signatures})


def accept_rotation(current: TrustRoot, candidate: TrustRoot, where: str) -> None:
    """Raise unless ``candidate`` may replace ``current`` (same id, newer, co-signed)."""
    if candidate.root_id != current.root_id:
        raise TrustError(
            "trust.unknown_root",
            f"root id {candidate.root_id!r} is not a root in force (in force: {current.root_id!r})",
            where,
        )
    if candidate.version <= current.version:
        raise TrustError(
            "trust.rollback",
            f"version {candidate.version} is not newer than version {current.version} in force",
            where,
        )
    signers = _signers(
        candidate.document["signed"], candidate.document.get("signatures"), current.root_keys, where
    )
    if len(signers) < current.threshold:
        raise TrustError(
            "trust.rotation_unsigned",
            f"signed by {len(signers)} root keys of version {current.version} in force,"
            f" {current.threshold} required",
            where,
        )


def load_demo_publishers(path: Path) -> dict[str, PublisherKey]:
    """Read the bundled demo publishers (unsigned; trusted only when the config says so)."""
    where = str(path)
    try:
        document = canonical.loads_strict(path.read_bytes())
    except OSError as exc:
        raise TrustError("trust.missing", f"cannot read: {exc.strerror}", where) from None
    except canonical.CanonicalError as exc:
        raise TrustError("trust.malformed", str(exc), where) from None
    if not isinstance(document, dict) or document.get("type") != "pixdesk-demo-publishers":
        raise TrustError("trust.malformed", "not a demo publishers file", where)
    return parse_publishers(document.get("publishers"), where)


@dataclass(frozen=True)
class TrustSet:
    """The publisher keys in force: every root's publishers, plus demo ones if enabled."""

    roots: tuple[TrustRoot, ...]
    demo_publishers: dict[str, PublisherKey]

    @property
    def revoked(self) -> frozenset[str]:
        return frozenset().union(*(root.revoked for root in self.roots))

    def publishers(self) -> dict[str, PublisherKey]:
        merged = dict(self.demo_publishers)
        for root in self.roots:
            merged.update(root.publishers)
        return merged

    def publisher_for(self, key_id: str, role: str, at: datetime, where: str) -> PublisherKey:
        """The key ``key_id`` if it may sign a ``role`` pack at instant ``at``.

        Raises:
            TrustError: unknown, revoked, outside its validity, or lacking the role.
        """
        if key_id in self.revoked:
            raise TrustError("trust.revoked", f"publisher key {key_id} has been revoked", where)
        publisher = self.publishers().get(key_id)
        if publisher is None:
            raise TrustError("trust.unknown_key", f"publisher key {key_id} is not trusted", where)
        if at < publisher.not_before:
            raise TrustError(
                "trust.key_not_yet_valid",
                f"publisher key {key_id} is not valid before {publisher.not_before:%Y-%m-%d}",
                where,
            )
        if at > publisher.not_after:
            raise TrustError(
                "trust.key_expired",
                f"publisher key {key_id} expired on {publisher.not_after:%Y-%m-%d}",
                where,
            )
        if role not in publisher.roles:
            raise TrustError(
                "trust.wrong_role",
                f"publisher key {key_id} ({publisher.name}) may sign {', '.join(sorted(publisher.roles))}"
                f" packs, not {role} packs",
                where,
            )
        return publisher
