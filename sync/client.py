"""The sync client: enroll this machine, then sync rounds and USB relays. Layer: sync.

A round (:meth:`SyncClient.sync`) drains the outbox in order (sync.drain), uploads the
learner profiles created or changed here, then pulls what the centre's other machines
and the server have (sync.pull). Every step keeps its state in the machine database
(pixdesk.services.sync_state), so a round can stop anywhere — network gone, process
killed — and the next one goes on from there. The outcome of each round (reached or
not, the error) is recorded for the status bar.

Used from one thread: the desktop app's sync worker (never the UI thread, never the
serial database runner) or the command line. Network access is through an httpx
transport that tests replace with ``httpx.MockTransport``.
"""

from __future__ import annotations

import logging
import random
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from pixdesk import canonical
from pixdesk.config import Settings
from pixdesk.errors import PixdeskError
from pixdesk.services.remote_work import RemoteWorkService
from pixdesk.services.sync_state import SyncStateRecord, SyncStateService
from pixdesk.signing import PublicKey, SigningKey, public_key_from_b64
from pixdesk.timeutil import utc_now
from sync.backoff import Backoff
from sync.drain import DrainSummary, drain_outbox
from sync.protocol import ENROLL_CONTEXT, MAX_BATCH, b64
from sync.pull import PullSummary, pull
from sync.relay import TransferSummary, apply_own_receipts, relay_envelopes
from sync.transport import ServerConnection, SyncError

__all__ = ["SyncClient", "SyncError", "SyncSummary"]

log = logging.getLogger(__name__)


@dataclass
class SyncSummary:
    """What one round did."""

    drain: DrainSummary = field(default_factory=DrainSummary)
    profiles_uploaded: int = 0
    pull: PullSummary = field(default_factory=PullSummary)


class SyncClient:
    """This machine's conversation with its certification server."""

    def __init__(
        self,
        settings: Settings,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], datetime] = utc_now,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
        backoff: Backoff | None = None,
        device: SigningKey | None = None,
        timeout: float = 30.0,
        batch_size: int = MAX_BATCH,
    ) -> None:
        self.settings = settings
        self.batch_size = min(batch_size, MAX_BATCH)  # bundles per upload request
        self.transport = transport
        self.timeout = timeout
        self.clock, self.sleep, self.rand = clock, sleep, rand
        self.backoff = backoff or Backoff()
        self._device = device
        self.state = SyncStateService(settings, clock)
        self.last_summary: SyncSummary | None = None  # of the last round, even one that stopped early

    @property
    def device(self) -> SigningKey:
        if self._device is None:
            from pixdesk.device import load_or_create_device_key

            self._device = load_or_create_device_key(self.settings.keys_dir)
        return self._device

    def close(self) -> None:
        self.state.close()

    def _connect(
        self, server_url: str, signed: bool = True, backoff: Backoff | None = None
    ) -> ServerConnection:
        return ServerConnection(
            server_url,
            self.device if signed else None,
            transport=self.transport,
            clock=self.clock,
            sleep=self.sleep,
            rand=self.rand,
            backoff=backoff or self.backoff,
            timeout=self.timeout,
        )

    # -- enrollment --------------------------------------------------------------------------------
    def enroll(self, server_url: str, code: str, name: str | None = None) -> SyncStateRecord:
        """Bind this machine's device key to a centre with a one-time code.

        Raises:
            SyncError: ``sync.bad_url``, ``sync.unreachable``, ``sync.refused`` (a wrong,
                used or expired code: see ``server_code``), ``sync.bad_answer``.
        """
        key = self.device
        document = {"code": code.strip(), "public_key": key.public.b64, "name": name or socket.gethostname()}
        proof = b64(key.sign(ENROLL_CONTEXT, canonical.dumps(document)))
        conn = self._connect(server_url, signed=False, backoff=Backoff(tries=2, base=0.5))
        try:
            answer = conn.call("POST", "/v1/enroll", {**document, "proof": proof}, signed=False)
        finally:
            conn.close()
        fields = ("centre_id", "centre_name", "device", "server_key", "server_key_id")
        if not isinstance(answer, dict) or not all(isinstance(answer.get(k), str) for k in fields):
            raise SyncError("sync.bad_answer", "the enrollment answer lacks fields", server_url)
        try:
            server_key = public_key_from_b64(answer["server_key"], "server_key")
        except PixdeskError:
            raise SyncError("sync.bad_answer", "the server key is not a public key", server_url) from None
        if server_key.key_id != answer["server_key_id"] or answer["device"] != key.key_id:
            raise SyncError("sync.bad_answer", "the server key id or device id does not match", server_url)
        return self.state.enroll(
            conn.server_url,
            answer["centre_id"],
            answer["centre_name"],
            document["name"],
            server_key.b64,
            server_key.key_id,
        )

    def _enrolled(self) -> tuple[SyncStateRecord, PublicKey]:
        state = self.state.require_state()
        return state, public_key_from_b64(state.server_key, "sync_state.server_key")

    # -- rounds ------------------------------------------------------------------------------------
    def sync(self) -> SyncSummary:
        """One full round: drain, upload profiles, pull. Raises SyncError when it stops early
        (what was done so far stays done)."""
        state, server_key = self._enrolled()
        summary = self.last_summary = SyncSummary()
        conn = self._connect(state.server_url)
        try:
            self._round(conn, lambda: self._full_round(conn, server_key, summary))
        finally:
            conn.close()
        return summary

    def drain(self) -> DrainSummary:
        """Only send the outbox."""
        state, server_key = self._enrolled()
        summary = DrainSummary()
        conn = self._connect(state.server_url)
        try:
            self._round(
                conn,
                lambda: drain_outbox(
                    conn, self.state, server_key, self.device.key_id, self.batch_size, summary
                ),
            )
        finally:
            conn.close()
        return summary

    def _full_round(self, conn: ServerConnection, server_key: PublicKey, summary: SyncSummary) -> None:
        drain_outbox(conn, self.state, server_key, self.device.key_id, self.batch_size, summary.drain)
        summary.profiles_uploaded = self._upload_profiles(conn)
        remote = RemoteWorkService(self.settings, self.state.store, self.device.key_id, self.clock)
        pull(conn, self.state, remote, self.settings, self.device.key_id, summary.pull)

    def _round(self, conn: ServerConnection, work: Callable[[], Any]) -> None:
        try:
            work()
        except PixdeskError as exc:
            self.state.record_round(conn.reached, exc.code, str(exc))
            raise
        self.state.record_round(True)

    def _upload_profiles(self, conn: ServerConnection) -> int:
        """Send new and changed profiles; returns how many the server stored.

        Per profile the server may answer ``stored`` / ``unchanged`` (marked with the
        version sent), ``stale`` (another machine's change came first: marked with the
        version known before, so the pull brings the server's copy over this one) or
        ``refused`` (not marked: logged, tried again next round).
        """
        pending = self.state.profiles_to_upload()
        stored = 0
        for start in range(0, len(pending), MAX_BATCH):
            chunk = pending[start : start + MAX_BATCH]
            answer = conn.call("POST", "/v1/profiles", {"profiles": [doc for doc, _fp in chunk]})
            statuses = {
                item.get("id"): item.get("status", "stored")
                for item in (answer.get("profiles", []) if isinstance(answer, dict) else [])
                if isinstance(item, dict)
            }
            marks = []
            for document, fingerprint in chunk:
                status = statuses.get(document["id"], "stored")
                if status in ("stored", "unchanged"):
                    marks.append((document["id"], fingerprint, document["version"]))
                    stored += 1
                elif status == "stale":
                    marks.append((document["id"], fingerprint, document["version"] - 1))
                else:
                    log.warning("profile %s refused by the server (%s)", document["id"], status)
            self.state.mark_profiles_uploaded(marks)
        return stored

    # -- USB ---------------------------------------------------------------------------------------
    def import_folder(self, folder: Path) -> TransferSummary:
        """Read this machine's receipts from ``folder``, then relay other machines' envelopes.

        The receipts need no network; relaying does (SyncError when the server is out of reach).
        """
        state, server_key = self._enrolled()
        summary = TransferSummary()
        apply_own_receipts(folder, self.state, self.device.key_id, server_key, summary)
        conn = self._connect(state.server_url)
        try:
            relay_envelopes(conn, folder, self.device.key_id, server_key, summary)
        finally:
            conn.close()
        return summary
