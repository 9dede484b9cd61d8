"""The server's trust: which publisher keys may sign the packs it accepts. Layer: sync.server.

By default the server trusts what the PixDesk settings of its host trust (the roots in
``trusted_roots``, and the demo publisher if enabled). ``pixdesk server admin root-set``
stores a root in the database instead; from then on every app process uses that root,
and a later root-set is accepted only as a rotation (same root id, newer version, signed
by the root keys in force), exactly as a desktop machine accepts one. The root in force
is what ``GET /v1/trust/root`` and ``GET /v1/sync`` hand to machines.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from pixdesk.config import Settings
from pixdesk.errors import TrustError
from pixdesk.timeutil import format_utc
from pixdesk.trust import TrustRoot, TrustSet, accept_rotation, parse_root
from pixdesk.trust_store import load_chains, load_trust
from sync.server.database import ServerError
from sync.server.schema import trust_roots

__all__ = ["RootDocument", "current_root", "server_trust", "set_root"]


@dataclass(frozen=True)
class RootDocument:
    """A trust root as stored: its id, version and exact file bytes."""

    root_id: str
    version: int
    document: bytes


def _stored_root(connection: Connection) -> RootDocument | None:
    row = (
        connection.execute(select(trust_roots).order_by(trust_roots.c.version.desc()).limit(1))
        .mappings()
        .first()
    )
    if row is None:
        return None
    return RootDocument(row["root_id"], int(row["version"]), bytes(row["document"]))


def current_root(connection: Connection, settings: Settings | None) -> RootDocument | None:
    """The root in force: the database's, else the first root of the host settings, else None."""
    stored = _stored_root(connection)
    if stored is not None or settings is None:
        return stored
    try:
        chains = load_chains(settings)
    except TrustError:
        return None
    if not chains:
        return None
    root = chains[0].in_force
    try:
        document = Path(chains[0].source).read_bytes()
    except OSError:
        return None
    return RootDocument(root.root_id, root.version, document)


def server_trust(engine: Engine, settings: Settings | None) -> TrustSet:
    """The publisher keys in force on this server.

    Raises:
        ServerError: no root set in the database and no PixDesk settings to fall back on.
    """
    with engine.connect() as connection:
        stored = _stored_root(connection)
    if stored is not None:
        return TrustSet(roots=(parse_root(stored.document, "database trust root"),), demo_publishers={})
    if settings is None:
        raise ServerError("trust.none", "no trust root: run `pixdesk server admin root-set ROOT.json`")
    return load_trust(settings)


def set_root(engine: Engine, path: Path, now: datetime) -> TrustRoot:
    """Store ``path`` as the root in force (a rotation when one is already stored).

    Raises:
        TrustError: the file is not a valid self-signed root, or not an accepted rotation.
    """
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TrustError("trust.missing", f"cannot read trust root: {exc.strerror}", where) from None
    candidate = parse_root(data, where)
    with engine.begin() as connection:
        stored = _stored_root(connection)
        if stored is not None:
            accept_rotation(parse_root(stored.document, "database trust root"), candidate, where)
        connection.execute(
            trust_roots.insert().values(
                root_id=candidate.root_id, version=candidate.version, document=data, set_at=format_utc(now)
            )
        )
    return candidate
