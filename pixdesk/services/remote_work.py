"""Applying what the certification server sends back: revoked devices, learner profiles,
other devices' attempts, a newer trust root. Layer: services.

The sync client (sync/pull.py) fetches a page and hands it here already parsed; this
service decides what each item changes on this machine. A page is applied in two
short transactions: revocations and profiles first (so the learners of the page's
bundles exist), then the bundles together with the new pull cursor — the cursor moves
only once everything of the page is recorded. Bundles are verified and replayed
between the two transactions (pixdesk.services.remote_attempts), with none open.
Applying the same page twice changes nothing.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pixdesk.config import Settings
from pixdesk.services.profiles import EXTRA_TIME_CHOICES, LANGUAGES, ZOOM_RANGE
from pixdesk.services.remote_attempts import Evaluation, PackCache, RemoteBundle, evaluate, record
from pixdesk.services.sync_state import profile_document, profile_fingerprint
from pixdesk.signing import public_key_from_b64
from pixdesk.storage import attempt_records, learner_records
from pixdesk.storage import sync_records as records
from pixdesk.storage.database import Store
from pixdesk.timeutil import format_utc, parse_utc, utc_now

__all__ = ["ApplyReport", "PullPage", "RemoteBundle", "RemoteWorkService", "check_profile"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PullPage:
    """One answer of the server's pull, parsed by the sync client."""

    cursor: int
    revoked_devices: tuple[str, ...] = ()
    profiles: tuple[dict[str, Any], ...] = ()
    bundles: tuple[RemoteBundle, ...] = ()


@dataclass
class ApplyReport:
    """What a page (or a retry of waiting bundles) changed."""

    profiles: int = 0
    profiles_refused: int = 0
    applied: int = 0
    waiting: int = 0
    skipped: int = 0
    refused: int = 0

    def add(self, other: ApplyReport) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def count(self, status: str) -> None:
        setattr(self, status, getattr(self, status) + 1)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_profile(data: Any) -> tuple[dict[str, Any], int] | None:
    """A pulled profile as a learners row and its version, or None when malformed."""
    if not isinstance(data, dict):
        return None
    kind, hashed = data.get("secret_kind"), data.get("secret_hash")
    checks = (
        isinstance(data.get("id"), str) and 0 < len(data["id"]) <= 64,
        isinstance(data.get("display_name"), str) and 0 < len(data["display_name"].strip()) <= 200,
        (kind is None and hashed is None)
        or (kind in ("pin", "password") and isinstance(hashed, str) and hashed.startswith("scrypt$")),
        data.get("language") in LANGUAGES,
        _is_int(data.get("extra_time_pct")) and data["extra_time_pct"] in EXTRA_TIME_CHOICES,
        _is_int(data.get("zoom")) and ZOOM_RANGE[0] <= data["zoom"] <= ZOOM_RANGE[1],
        isinstance(data.get("high_contrast"), bool),
        _is_int(data.get("version")) and data["version"] >= 1,
    )
    if not all(checks):
        return None
    try:
        parse_utc(str(data.get("created_at")))
    except ValueError:
        return None
    row = {key: data[key] for key in ("id", "display_name", "secret_kind", "secret_hash", "language")}
    row.update(
        extra_time_pct=data["extra_time_pct"],
        zoom=data["zoom"],
        high_contrast=int(data["high_contrast"]),
        created_at=data["created_at"],
    )
    return row, int(data["version"])


class RemoteWorkService:
    """Applies pulled pages to this machine's database (the sync worker's connection)."""

    def __init__(
        self, settings: Settings, store: Store, own_device: str, clock: Callable[[], datetime] = utc_now
    ) -> None:
        self.settings = settings
        self.store = store
        self.own_device = own_device
        self.clock = clock

    # -- pages -------------------------------------------------------------------------------------
    def apply_page(self, page: PullPage) -> ApplyReport:
        """Record a page; the pull cursor becomes ``page.cursor`` with its bundles."""
        report = ApplyReport()
        at = format_utc(self.clock())
        with self.store.transaction():
            records.add_revoked(self.store, page.revoked_devices, at)
            for data in page.profiles:
                self._apply_profile(data, at, report)
        fresh = [
            bundle
            for bundle in page.bundles
            if bundle.device != self.own_device
            and records.remote_bundle_status(self.store, bundle.bundle_id) in (None, "waiting")
        ]
        evaluated = self._evaluate(fresh)
        with self.store.transaction():
            self._record(evaluated, at, report)
            records.set_cursor(self.store, page.cursor)
        return report

    def retry_waiting(self) -> ApplyReport:
        """Try again the bundles that waited for a pack, a learner or a device key."""
        report = ApplyReport()
        rows = records.waiting_remote_bundles(self.store)
        if not rows:
            return report
        bundles = [
            RemoteBundle(
                row["bundle_id"],
                row["device"],
                row["payload"],
                _unb64(row["signature"]),
                None if row["device_key"] is None else public_key_from_b64(row["device_key"], row["device"]),
            )
            for row in rows
        ]
        evaluated = self._evaluate(bundles)
        with self.store.transaction():
            self._record(evaluated, format_utc(self.clock()), report)
        return report

    def waiting_count(self) -> int:
        """Bundles of other devices kept until their pack, learner or device key arrives."""
        return records.count_waiting(self.store)

    def _evaluate(self, bundles: Sequence[RemoteBundle]) -> list[tuple[RemoteBundle, Evaluation]]:
        packs = PackCache(self.store, self.settings.packs_dir)
        try:
            return [(bundle, evaluate(self.store, packs, bundle)) for bundle in bundles]
        finally:
            packs.close()

    def _record(self, evaluated: list[tuple[RemoteBundle, Evaluation]], at: str, report: ApplyReport) -> None:
        for bundle, found in evaluated:
            if records.remote_bundle_status(self.store, bundle.bundle_id) not in (None, "waiting"):
                continue  # another round recorded it meanwhile
            if found.status == "applied" and attempt_records.attempt_row(self.store, found.attempt_id):
                found = Evaluation(
                    "skipped",
                    "this attempt is already on this machine",
                    found.device_seq,
                    found.attempt_id,
                    found.learner_id,
                )
            record(self.store, bundle, found, at)
            report.count(found.status)
            if found.status in ("waiting", "refused"):
                log.info(
                    "bundle %s of device %s %s: %s",
                    bundle.bundle_id,
                    bundle.device,
                    found.status,
                    found.reason,
                )

    # -- profiles ----------------------------------------------------------------------------------
    def _apply_profile(self, data: Any, at: str, report: ApplyReport) -> None:
        checked = check_profile(data)
        if checked is None:
            log.warning("profile refused (malformed): %r", data.get("id") if isinstance(data, dict) else data)
            report.profiles_refused += 1
            return
        row, version = checked
        fingerprint = profile_fingerprint({**row, "high_contrast": bool(row["high_contrast"])})
        marker = records.profile_markers(self.store).get(row["id"])
        if marker is not None and version <= marker[1]:
            return  # this version (or a newer one) is already here
        local = learner_records.get_learner(self.store, row["id"])
        if local is not None:
            local_print = profile_fingerprint(profile_document(local))
            changed_here = marker is None or local_print != marker[0]
            if changed_here and local_print != fingerprint:
                return  # changed on this machine and not uploaded yet: it goes up first
        records.upsert_profile(self.store, row)
        records.set_profile_marker(self.store, row["id"], fingerprint, version, at)
        report.profiles += 1

    # -- trust -------------------------------------------------------------------------------------
    def apply_root(self, data: bytes) -> bool:
        """Accept the server's trust root (the file's bytes) when it is a newer version of
        a root in force.

        Returns whether trust changed. Raises TrustError when a newer root does not
        verify (nothing is written then).
        """
        from pixdesk.fsio import write_atomic
        from pixdesk.trust import parse_root
        from pixdesk.trust_store import load_chains, update_root

        candidate = parse_root(data, "server trust root")
        in_force = {chain.in_force.root_id: chain.in_force for chain in load_chains(self.settings)}
        current = in_force.get(candidate.root_id)
        if current is None or candidate.version <= current.version:
            return False
        incoming = self.settings.data_dir / f".server-root-{candidate.root_id}.json"
        write_atomic(incoming, data)
        try:
            update_root(self.settings, incoming)
        finally:
            incoming.unlink(missing_ok=True)
        return True


def _unb64(text: str) -> bytes:
    return base64.b64decode(text)
