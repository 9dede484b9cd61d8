"""The packs installed on this machine, as the database lists them. Layer: packs.

Light on purpose (no cryptography, no verification code): the app reads this list at
start-up; importing, verifying and removing packs live in pixdesk.packs.installer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pixdesk.packs.manifest import CONTENT_MEMBER
from pixdesk.storage.database import Store

__all__ = ["InstalledPack", "active_version", "list_packs", "pack_record"]


@dataclass(frozen=True)
class InstalledPack:
    pack_id: str
    version: int
    kind: str
    framework_id: str
    languages: tuple[str, ...]
    title: dict[str, str]
    publisher_key: str
    created: str
    expires: str
    size: int
    folder: Path
    status: str
    installed_at: str
    content_sha256: str

    @property
    def content_path(self) -> Path:
        return self.folder / CONTENT_MEMBER


def pack_record(row: dict[str, Any], packs_dir: Path) -> InstalledPack:
    return InstalledPack(
        pack_id=row["pack_id"],
        version=row["version"],
        kind=row["kind"],
        framework_id=row["framework_id"],
        languages=tuple(json.loads(row["languages"])),
        title=json.loads(row["title"]),
        publisher_key=row["publisher_key"],
        created=row["created"],
        expires=row["expires"],
        size=row["size"],
        folder=packs_dir / row["folder"],
        status=row["status"],
        installed_at=row["installed_at"],
        content_sha256=row["content_sha256"],
    )


def list_packs(store: Store, packs_dir: Path, include_superseded: bool = False) -> list[InstalledPack]:
    """Installed packs, active ones only unless asked, by pack id then version."""
    where = "" if include_superseded else "WHERE status = 'active'"
    rows = store.query(f"SELECT * FROM packs {where} ORDER BY pack_id, version")
    return [pack_record(row, packs_dir) for row in rows]


def active_version(store: Store, pack_id: str) -> int | None:
    rows = store.query("SELECT max(version) AS v FROM packs WHERE pack_id = ?", (pack_id,))
    value = rows[0]["v"]
    return None if value is None else int(value)
