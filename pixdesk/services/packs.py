"""Pack services: import, verify, list, remove, re-verify. Layer: services.

Each call opens the machine database for its own duration, so a service object can be
used from a worker thread (one call at a time) and holds no connection between calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pixdesk.config import Settings
from pixdesk.errors import PackError, PixdeskError
from pixdesk.packs import installer
from pixdesk.packs.container import Progress
from pixdesk.packs.installer import ImportOutcome, InstalledPack
from pixdesk.packs.verify import VerifiedPack, verify_pack
from pixdesk.storage.database import open_store
from pixdesk.timeutil import utc_now
from pixdesk.trust import TrustSet
from pixdesk.trust_store import load_trust

__all__ = ["FileResult", "ImportOutcome", "InstalledPack", "PackService"]


@dataclass(frozen=True)
class FileResult:
    """The result of importing one file: an outcome, or the error that refused it."""

    path: Path
    outcome: ImportOutcome | None = None
    error: PixdeskError | None = None


class PackService:
    """Packs on this machine, as configured by ``settings``."""

    def __init__(self, settings: Settings, clock: Callable[[], datetime] = utc_now) -> None:
        self.settings = settings
        self.clock = clock

    def trust(self) -> TrustSet:
        return load_trust(self.settings)

    def installed(self, include_superseded: bool = False) -> list[InstalledPack]:
        with open_store(self.settings.db_path) as store:
            return installer.list_packs(store, self.settings.packs_dir, include_superseded)

    def verify_file(self, path: Path, progress: Progress | None = None) -> VerifiedPack:
        """Verify a pack file completely (content schema included) without installing it."""
        trust = self.trust()
        with installer.staging_area(self.settings.packs_dir) as staging:
            return verify_pack(path, trust, self.clock(), staging, progress)

    def import_path(
        self,
        path: Path,
        progress: Callable[[Path, int, int], None] | None = None,
        if_newer: bool = False,
    ) -> list[FileResult]:
        """Import a pack file, or every pack file of a folder (a USB stick).

        One bad file does not stop the others; each result says what happened.

        Raises:
            PackError: ``path`` is a folder with no pack in it.
        """
        trust = self.trust()
        results: list[FileResult] = []
        with open_store(self.settings.db_path) as store:
            for file in installer.find_pack_files(path):
                report = (lambda done, total, f=file: progress(f, done, total)) if progress else None
                try:
                    outcome = installer.import_pack(
                        store, self.settings.packs_dir, file, trust, self.clock(), report, if_newer
                    )
                except PixdeskError as exc:
                    results.append(FileResult(file, error=exc))
                else:
                    results.append(FileResult(file, outcome=outcome))
        return results

    def remove(self, pack_id: str) -> list[InstalledPack]:
        with open_store(self.settings.db_path) as store:
            return installer.remove_pack(store, self.settings.packs_dir, pack_id)

    def reverify_installed(self) -> list[tuple[InstalledPack, PackError | None]]:
        """Every active pack with the error that re-verification found, or None."""
        trust = self.trust()
        results: list[tuple[InstalledPack, PackError | None]] = []
        for pack in self.installed():
            try:
                installer.reverify(pack, trust, self.clock())
            except PackError as exc:
                results.append((pack, exc))
            else:
                results.append((pack, None))
        return results
