"""The trust in force on this machine: bootstrap roots, accepted rotations, demo keys.

Layer: core (files in the data dir). Each bootstrap root (config ``trusted_roots``, by
default the PixDesk root shipped in ``resources/trust/``) starts a chain; every newer
version accepted by ``pixdesk trust update`` is kept as ``trust/<root id>/<version>.json``
and the whole chain is re-verified each time trust is loaded, so a file dropped into
the data dir cannot widen trust.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from pixdesk.config import Settings
from pixdesk.errors import TrustError
from pixdesk.fsio import write_atomic
from pixdesk.trust import TrustRoot, TrustSet, accept_rotation, load_demo_publishers, parse_root

__all__ = ["RootChain", "load_trust", "update_root"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RootChain:
    bootstrap: Path
    in_force: TrustRoot
    source: str


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise TrustError("trust.missing", f"cannot read trust root: {exc.strerror}", str(path)) from None


def _chain(settings: Settings, bootstrap: Path) -> RootChain:
    current = parse_root(_read(bootstrap), str(bootstrap))
    source = str(bootstrap)
    folder = settings.trust_dir / current.root_id
    stored = (
        sorted((int(p.stem), p) for p in folder.glob("*.json") if p.stem.isdecimal())
        if folder.is_dir()
        else []
    )
    for version, path in stored:
        if version <= current.version:
            continue
        candidate = parse_root(_read(path), str(path))
        if candidate.version != version:
            raise TrustError(
                "trust.store_damaged",
                f"file name says version {version}, content {candidate.version}",
                str(path),
            )
        accept_rotation(current, candidate, str(path))
        current, source = candidate, str(path)
    return RootChain(bootstrap, current, source)


def load_chains(settings: Settings) -> list[RootChain]:
    """Every root chain in force, each verified from its bootstrap file."""
    chains = [_chain(settings, path) for path in settings.root_files]
    ids = [chain.in_force.root_id for chain in chains]
    if len(set(ids)) != len(ids):
        raise TrustError(
            "trust.duplicate_root", "two trusted_roots files have the same root id", "trusted_roots"
        )
    return chains


def load_trust(settings: Settings) -> TrustSet:
    """The publisher keys in force for ``settings``.

    Raises:
        TrustError: a root file is missing, malformed or its stored chain is broken.
    """
    roots = tuple(chain.in_force for chain in load_chains(settings))
    demo = load_demo_publishers(settings.demo_publishers_file) if settings["trust_demo_publisher"] else {}
    return TrustSet(roots=roots, demo_publishers=demo)


def update_root(settings: Settings, path: Path) -> TrustRoot:
    """Accept ``path`` as the next version of one of the roots in force.

    Raises:
        TrustError: not self-signed, unknown root id, not newer, or not co-signed by
            the root keys in force. Nothing is written then.
    """
    where = str(path)
    data = _read(path)
    candidate = parse_root(data, where)
    chains = {chain.in_force.root_id: chain for chain in load_chains(settings)}
    chain = chains.get(candidate.root_id)
    if chain is None:
        raise TrustError(
            "trust.unknown_root",
            f"root id {candidate.root_id!r} is not among the roots in force ({', '.join(sorted(chains))})",
            where,
        )
    accept_rotation(chain.in_force, candidate, where)
    write_atomic(settings.trust_dir / candidate.root_id / f"{candidate.version}.json", data)
    log.info("trust root %s updated to version %d", candidate.root_id, candidate.version)
    return candidate
