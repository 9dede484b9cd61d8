"""``pixdesk doctor``: is this machine's installation sound? Layer: services.

Each check yields a line; the machine is healthy only when no check failed. Warnings
(e.g. the demo publisher trusted) are reported but do not fail the run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from pixdesk.config import Settings
from pixdesk.errors import PixdeskError
from pixdesk.services.packs import PackService
from pixdesk.storage.database import open_store
from pixdesk.timeutil import utc_now
from pixdesk.trust_store import load_chains

__all__ = ["Check", "run_doctor"]


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # "ok" | "warning" | "error"
    detail: str


def _size(num: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if num < 1024 or unit == "GB":
            return f"{num:.0f} {unit}" if unit == "B" else f"{num:.1f} {unit}"
        num /= 1024  # type: ignore[assignment]
    return str(num)


def run_doctor(settings: Settings, clock: Callable[[], datetime] = utc_now) -> list[Check]:
    """Check data dir, database, trust and every installed pack."""
    checks: list[Check] = [Check("data dir", "ok", f"{settings.data_dir} ({settings.sources['data_dir']})")]
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        with open_store(settings.db_path) as store:
            size = settings.db_path.stat().st_size
            checks.append(Check("database", "ok", f"{settings.db_path} ({_size(size)})"))
            checks.append(Check("schema version", "ok", str(store.schema_version)))
            problems = store.integrity_check()
            checks.append(
                Check(
                    "integrity", "error" if problems else "ok", "; ".join(problems[:5]) if problems else "ok"
                )
            )
    except (PixdeskError, OSError) as exc:
        checks.append(Check("database", "error", str(exc)))
        return checks
    try:
        for chain in load_chains(settings):
            root = chain.in_force
            checks.append(
                Check(
                    "trust root",
                    "ok",
                    f"{root.root_id} version {root.version} ({len(root.publishers)} publisher key(s),"
                    f" {len(root.revoked)} revoked) from {chain.source}",
                )
            )
        service = PackService(settings, clock)
        trust = service.trust()
    except PixdeskError as exc:
        checks.append(Check("trust root", "error", str(exc)))
        return checks
    if trust.demo_publishers:
        checks.append(
            Check(
                "demo publisher",
                "warning",
                "the demo publisher key is trusted (trust_demo_publisher = true);"
                " production machines set it to false and lock it",
            )
        )
    results = service.reverify_installed()
    if not results:
        checks.append(Check("packs", "ok", "no pack installed"))
    for pack, error in results:
        label = f"pack {pack.pack_id} v{pack.version}"
        checks.append(
            Check(label, "error" if error else "ok", error.message if error else f"{pack.kind}, verified")
        )
    return checks
