"""``pixdesk pack build``: a source folder → a signed ``.pixpack``. Layer: authoring.

Steps: load and validate the whole source (content_packs.sources_format; nothing is
written if it has a fault) → fill a new content database in a temporary folder beside
the output, in one transaction → sign and write the pack (pixdesk.packs.assemble).
For a certification pack a fresh pack key seals every challenge body; the key is
written beside the pack as ``OUT.key`` (content_packs.pack_key_file), never inside it.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from content_packs.content_writer import ContentCounts, write_content
from content_packs.pack_key_file import PackKey, install_key_file, key_file_for, stage_key_file
from content_packs.sources_format import load_source
from content_packs.sources_model import PackSource
from pixdesk import canonical
from pixdesk.errors import PackError
from pixdesk.packs.assemble import PackInfo, assemble_pack, create_content_db
from pixdesk.packs.sealing import new_pack_key
from pixdesk.signing import SigningKey
from pixdesk.timeutil import utc_now

__all__ = ["BuildResult", "build_pack", "pack_info"]

PACK_SUFFIX = ".pixpack"


def _human_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.1f} kB"
    return f"{size} B"


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote: the pack, its size, its row counts and (certification) its key file."""

    pack_id: str
    version: int
    kind: str
    out: Path
    size: int
    counts: ContentCounts
    key_file: Path | None
    key_id: str | None

    def summary(self) -> str:
        """One line for the command line, e.g. ``built demo version 1 (practice): … -> out (1.2 MB)``."""
        c = self.counts
        text = (
            f"built {self.pack_id} version {self.version} ({self.kind}): {c.competences} competences,"
            f" {c.challenges} challenges, {c.media} media, {c.tutorials} tutorials"
            f" -> {self.out} ({_human_size(self.size)})"
        )
        if self.key_file is not None:
            text += f"; pack key {self.key_id} -> {self.key_file} (secret: for the certification server only)"
        return text


def pack_info(source: PackSource, created: datetime) -> PackInfo:
    """The manifest and meta facts of ``source`` (``max_open_level`` and ``framework_title`` in meta)."""
    return PackInfo(
        pack_id=source.pack_id,
        version=source.version,
        kind=source.kind,
        framework_id=source.framework.framework_id,
        languages=source.languages,
        title=dict(source.title),
        created=created,
        valid_for=timedelta(days=source.valid_days),
        extra_meta={
            "max_open_level": str(source.max_open_level),
            "framework_title": canonical.dumps(dict(source.framework.title)).decode("utf-8"),
            **(
                {"capacity_intervals": json.dumps(list(source.capacity_intervals))}
                if source.capacity_intervals
                else {}
            ),
        },
    )


def _write(
    source: PackSource,
    info: PackInfo,
    out: Path,
    key: SigningKey,
    pack_key: PackKey | None,
    key_file: Path | None,
) -> ContentCounts:
    """Fill the content database in a temporary folder beside ``out``, then sign and write the pack."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".pixdesk-build-", dir=out.parent) as tmp:
        database = Path(tmp) / "content.db"
        conn = create_content_db(database, info)
        try:
            counts = write_content(conn, source, pack_key.key if pack_key else None)
        finally:
            conn.close()
        staged = stage_key_file(key_file, pack_key) if key_file and pack_key else None
        try:
            assemble_pack(out, database, info, key, pack_key.key if pack_key else None)
        except BaseException:
            if staged is not None:
                staged.unlink(missing_ok=True)
            raise
        if staged is not None and key_file is not None:
            install_key_file(staged, key_file)
    return counts


def build_pack(source_dir: Path, out: Path, key: SigningKey, created: datetime | None = None) -> BuildResult:
    """Build the pack described by ``source_dir`` into ``out``, signed with ``key``.

    Args:
        source_dir: the folder holding pack.yaml.
        out: the ``.pixpack`` file to write (replaced atomically if it exists).
        key: the publisher's signing key.
        created: the pack's creation instant (default: now); it starts the validity.

    Raises:
        SourceError: the source has a fault (nothing is written).
        PackError: ``out`` is a folder, does not end in ``.pixpack``, or cannot be written.
    """
    if out.is_dir() or out.suffix != PACK_SUFFIX:
        raise PackError("pack.output", f"expected a file name ending in {PACK_SUFFIX}", str(out))
    source = load_source(source_dir)
    info = pack_info(source, created or utc_now())
    pack_key = (
        PackKey(source.pack_id, source.version, new_pack_key()) if source.kind == "certification" else None
    )
    key_file = key_file_for(out) if pack_key is not None else None
    try:
        counts = _write(source, info, out, key, pack_key, key_file)
    except OSError as exc:
        raise PackError("pack.output", f"cannot write the pack: {exc.strerror or exc}", str(out)) from None
    except sqlite3.Error as exc:
        raise PackError("pack.output", f"cannot write the content database: {exc}", str(out)) from None
    return BuildResult(
        pack_id=source.pack_id,
        version=source.version,
        kind=source.kind,
        out=out,
        size=out.stat().st_size,
        counts=counts,
        key_file=key_file,
        key_id=pack_key.key_id if pack_key else None,
    )
