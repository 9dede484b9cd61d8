"""A hostile network between a machine and a real server: 5,000 bundles arrive exactly once.

The machine's outbox holds 5,000 real signed bundles (real evaluations, made on a RAM
disk). Between it and ``pixdesk server run`` sits the fault proxy: 30 % of requests are
dropped (before or after the server worked), reset, delayed, answered 500/502/503,
duplicated or delivered again late. The client syncs round after round (batches of 25,
so that every fault strikes many times) until its queue is empty; then the server holds
each bundle exactly once and the machine holds a verified receipt for each.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from fault_proxy import FAULTS, FaultProxy
from live import server_and_lab

from pixdesk.errors import PixdeskError
from pixdesk.storage.database import open_store
from sync.backoff import Backoff
from sync.client import SyncClient

pytestmark = pytest.mark.slow
BUNDLES = 5000


def test_five_thousand_bundles_through_a_hostile_network_arrive_exactly_once(
    tmp_path: Path, home: Path, ram_dir: Path
) -> None:
    setup = server_and_lab(tmp_path, home, ram_dir, BUNDLES)
    server, lab, code = setup.server, setup.lab, setup.code
    server.start()
    try:
        with FaultProxy(server.url, seed=2024, fault_rate=0.0, max_delay=0.02) as proxy:
            backoff = Backoff(base=0.01, cap=0.05, tries=4)
            client = SyncClient(lab.settings, sleep=lambda _s: None, backoff=backoff, batch_size=25)
            try:
                client.enroll(proxy.url, code, "lab")
                proxy.fault_rate = 0.3
                rounds = 0
                while _pending(lab.settings) and rounds < 400:
                    rounds += 1
                    with contextlib.suppress(PixdeskError):  # a failed round: the next one goes on
                        client.drain()
            finally:
                client.close()
    finally:
        server.stop()

    assert _pending(lab.settings) == 0, f"queue not empty after {rounds} rounds"
    with open_store(lab.settings.db_path) as store:
        rows = store.query("SELECT status, count(*) AS n, count(receipt) AS r FROM outbox GROUP BY status")
    assert rows == [{"status": "sent", "n": BUNDLES, "r": BUNDLES}]
    with sqlite3.connect(tmp_path / "server-data" / "server.db") as db:
        stored, distinct = db.execute("SELECT count(*), count(DISTINCT bundle_id) FROM bundles").fetchone()
        sequences = db.execute("SELECT min(device_seq), max(device_seq) FROM bundles").fetchone()
    assert stored == distinct == BUNDLES and sequences == (1, BUNDLES)
    faults = {fault for fault in FAULTS if proxy.counts[fault] > 0}
    assert faults == set(FAULTS), f"every fault happened at least once: {dict(proxy.counts)}"


def _pending(settings) -> int:  # type: ignore[no-untyped-def]
    with open_store(settings.db_path) as store:
        return int(store.query("SELECT count(*) AS n FROM outbox WHERE status = 'pending'")[0]["n"])
