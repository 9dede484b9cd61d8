"""Installing, listing, re-verifying and removing packs on this machine. Layer: packs.

Import is atomic: the file is verified while its members are copied into a staging
folder inside the data dir; the copy is made read-only, renamed into
``packs/<pack id>/<version>/`` and registered in one transaction. If anything fails,
the staging folder is removed and the database is untouched; a crash between the
rename and the commit leaves a folder no row points to, removed by the next import.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pixdesk.errors import PackError
from pixdesk.filelock import exclusive_lock
from pixdesk.fsio import fsync_dir
from pixdesk.packs.container import Progress, stream_members
from pixdesk.packs.content_schema import check_content
from pixdesk.packs.installed import InstalledPack, active_version, list_packs
from pixdesk.packs.manifest import CONTENT_MEMBER, DEFAULT_LIMITS, Limits
from pixdesk.packs.verify import VerifiedPack, read_manifest, verify_manifest, verify_pack
from pixdesk.storage.database import Store
from pixdesk.timeutil import format_utc
from pixdesk.trust import TrustSet

__all__ = [
    "ImportOutcome",
    "InstalledPack",
    "find_pack_files",
    "import_pack",
    "list_packs",
    "remove_pack",
    "reverify",
]

log = logging.getLogger(__name__)
PACK_SUFFIX = ".pixpack"
LOCK_NAME = "packs.lock"


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did: ``installed`` or ``skipped`` (same or newer already there)."""

    action: str
    pack: InstalledPack
    source: Path


def _lock_path(packs_dir: Path) -> Path:
    """The lock serialising imports and removals: beside ``packs/``, not inside it."""
    return packs_dir.parent / LOCK_NAME


def find_pack_files(path: Path) -> list[Path]:
    """The pack files named by ``path``: itself, or every ``*.pixpack`` in a folder."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == PACK_SUFFIX and p.is_file())
        if not files:
            raise PackError("pack.none_found", f"no {PACK_SUFFIX} file in this folder", str(path))
        return files
    return [path]


def _cleanup_orphans(store: Store, packs_dir: Path) -> None:
    """Remove staging folders and version folders that no row points to."""
    if not packs_dir.is_dir():
        return
    registered = {row["folder"] for row in store.query("SELECT folder FROM packs")}
    for entry in packs_dir.iterdir():
        if entry.name.startswith(".staging-"):
            _rmtree(entry)
        elif entry.is_dir() and not entry.is_symlink():  # never follow a link out of packs/
            for version_dir in entry.iterdir():
                if f"{entry.name}/{version_dir.name}" not in registered:
                    log.warning("removing unregistered pack folder %s", version_dir)
                    _rmtree(version_dir)


def _rmtree(path: Path) -> None:
    """Delete a pack folder (its folders are read-only: make them writable first).

    A file or a symbolic link found in its place (a stray ``.DS_Store``, a link someone
    made) is unlinked: a link is never followed, and a file does not stop the cleanup.
    """
    if path.is_dir() and not path.is_symlink():
        for folder, _dirs, _files in os.walk(path):
            os.chmod(folder, 0o755)
        shutil.rmtree(path)
    elif path.is_symlink() or path.exists():
        path.unlink()


def _check_rollback(store: Store, verified: VerifiedPack, where: str) -> None:
    installed = active_version(store, verified.manifest.pack_id)
    if installed is not None and verified.manifest.version <= installed:
        raise PackError(
            "pack.rollback",
            f"pack {verified.manifest.pack_id!r} version {verified.manifest.version} is not newer than"
            f" installed version {installed}",
            where,
        )


def import_pack(
    store: Store,
    packs_dir: Path,
    path: Path,
    trust: TrustSet,
    now: datetime,
    progress: Progress | None = None,
    if_newer: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> ImportOutcome:
    """Verify and install one pack file, holding the machine's packs lock.

    Args:
        if_newer: when the same or a newer version is installed, skip instead of refusing.

    Raises:
        PackError: the pack is invalid, untrusted, expired, a rollback, or the disk is full.
            Installed packs and the database are then exactly as they were.
    """
    with exclusive_lock(_lock_path(packs_dir)):
        where = str(path)
        first_look = read_manifest(path, trust, now, limits)
        manifest = first_look.manifest
        installed = active_version(store, manifest.pack_id)
        if if_newer and installed is not None and installed >= manifest.version:
            current = next(p for p in list_packs(store, packs_dir) if p.pack_id == manifest.pack_id)
            return ImportOutcome("skipped", current, path)
        _check_rollback(store, first_look, where)
        packs_dir.mkdir(parents=True, exist_ok=True)
        _cleanup_orphans(store, packs_dir)
        free = shutil.disk_usage(packs_dir).free
        if manifest.total_size > free:
            raise PackError(
                "pack.no_space", f"needs {manifest.total_size} bytes, {free} free in {packs_dir}", where
            )

        staging = packs_dir / f".staging-{uuid.uuid4().hex}"
        staging.mkdir()
        final_rel = f"{manifest.pack_id}/{manifest.version}"
        final = packs_dir / final_rel
        moved = False
        try:
            verified = verify_pack(path, trust, now, staging, progress, limits)
            if verified.manifest_bytes != first_look.manifest_bytes:
                raise PackError("pack.changed", "the file changed while it was being imported", where)
            (staging / "manifest.json").write_bytes(verified.manifest_bytes)
            (staging / "manifest.sig").write_bytes(verified.signature)
            for member in staging.iterdir():
                os.chmod(member, 0o444)
            fsync_dir(staging)
            final.parent.mkdir(exist_ok=True)
            os.rename(staging, final)
            moved = True
            os.chmod(final, 0o555)
            fsync_dir(final.parent)
            with store.transaction():
                _check_rollback(store, verified, where)
                store.conn.execute(
                    "UPDATE packs SET status = 'superseded' WHERE pack_id = ? AND status = 'active'",
                    (manifest.pack_id,),
                )
                store.db.table("packs").insert(
                    {
                        "pack_id": manifest.pack_id,
                        "version": manifest.version,
                        "kind": manifest.kind,
                        "framework_id": manifest.framework_id,
                        "languages": json.dumps(list(manifest.languages)),
                        "title": json.dumps(manifest.title, ensure_ascii=False),
                        "publisher_key": verified.publisher.key_id,
                        "created": format_utc(manifest.created),
                        "expires": format_utc(manifest.expires),
                        "content_sha256": manifest.member(CONTENT_MEMBER).sha256,
                        "size": manifest.total_size,
                        "folder": final_rel,
                        "status": "active",
                        "installed_at": format_utc(now),
                    }
                )
        except BaseException:
            _rmtree(final if moved else staging)
            with contextlib.suppress(OSError):  # the pack's folder, if this import created it
                final.parent.rmdir()
            raise
        log.info("installed pack %s version %d from %s", manifest.pack_id, manifest.version, path)
        pack = next(p for p in list_packs(store, packs_dir) if p.pack_id == manifest.pack_id)
        return ImportOutcome("installed", pack, path)


@contextmanager
def staging_area(packs_dir: Path) -> Iterator[Path]:
    """A scratch folder inside the data dir (not RAM-backed /tmp), removed afterwards."""
    with exclusive_lock(_lock_path(packs_dir)):
        folder = packs_dir / f".staging-{uuid.uuid4().hex}"
        folder.mkdir(parents=True)
        try:
            yield folder
        finally:
            _rmtree(folder)


def remove_pack(store: Store, packs_dir: Path, pack_id: str) -> list[InstalledPack]:
    """Unregister every version of ``pack_id`` and delete its files.

    Raises:
        PackError: no such pack is installed.
    """
    removed = list_packs(store, packs_dir, include_superseded=True)
    removed = [p for p in removed if p.pack_id == pack_id]
    if not removed:
        raise PackError("pack.not_installed", "no installed pack has this id", pack_id)
    with exclusive_lock(_lock_path(packs_dir)):
        with store.transaction():
            store.conn.execute("DELETE FROM packs WHERE pack_id = ?", (pack_id,))
        _rmtree(packs_dir / pack_id)
    log.info("removed pack %s (%d version(s))", pack_id, len(removed))
    return removed


def reverify(pack: InstalledPack, trust: TrustSet, now: datetime) -> None:
    """Re-check an installed pack: signature under today's trust, hashes, content schema.

    Raises:
        PackError: the files were altered, the key is no longer trusted, or it expired.
    """
    where = str(pack.folder)
    try:
        manifest_bytes = (pack.folder / "manifest.json").read_bytes()
        signature = (pack.folder / "manifest.sig").read_bytes()
    except OSError as exc:
        raise PackError("pack.files_missing", f"installed files unreadable: {exc.strerror}", where) from None
    manifest, _publisher = verify_manifest(manifest_bytes, signature, trust, now, where)
    if (manifest.pack_id, manifest.version) != (pack.pack_id, pack.version):
        raise PackError("pack.files_mismatch", "installed manifest is for another pack or version", where)
    for member in manifest.members:
        member_path = pack.folder / member.name
        try:
            size = member_path.stat().st_size
            with member_path.open("rb") as handle:
                digests = stream_members(handle, [(member.name, size)], where)
        except OSError as exc:
            raise PackError("pack.files_missing", f"member {member.name!r}: {exc.strerror}", where) from None
        if size != member.size or digests[member.name] != member.sha256:
            raise PackError("pack.hash_mismatch", f"installed member {member.name!r} was altered", where)
    check_content(pack.content_path, pack.pack_id, pack.version, pack.kind, where)
