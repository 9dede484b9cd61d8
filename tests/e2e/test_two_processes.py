"""Two app processes on one database behind a round-robin balancer: batches sent ahead of
their answer reach the other process, come early, are sent again alone — and every bundle
arrives exactly once in a single round."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fault_proxy import FaultProxy
from live import LiveServer, server_and_lab

from pixdesk.storage.database import open_store
from sync.client import SyncClient

pytestmark = pytest.mark.slow
BUNDLES = 1000  # five batches of 200


def test_a_machine_drains_through_two_app_processes_taking_turns(
    tmp_path: Path, home: Path, ram_dir: Path
) -> None:
    setup = server_and_lab(tmp_path, home, ram_dir, BUNDLES)
    one, lab, code = setup.server, setup.lab, setup.code
    data = one.data
    two = LiveServer(one.host, data)  # the same data dir: one database, one server key
    one.start()
    two.start()
    try:
        with FaultProxy([one.url, two.url], fault_rate=0.0) as balancer:
            client = SyncClient(lab.settings, sleep=lambda _s: None)
            try:
                client.enroll(balancer.url, code, "lab")
                summary = client.drain()
            finally:
                client.close()
    finally:
        one.stop()
        two.stop()

    assert summary.sent == BUNDLES and summary.stopped is None and summary.kept == 0
    assert balancer.counts["upstream 0"] >= 3 and balancer.counts["upstream 1"] >= 3, dict(balancer.counts)
    with open_store(lab.settings.db_path) as store:
        rows = store.query("SELECT status, count(*) AS n, count(receipt) AS r FROM outbox GROUP BY status")
    assert rows == [{"status": "sent", "n": BUNDLES, "r": BUNDLES}]
    with sqlite3.connect(data / "server.db") as db:
        stored, distinct = db.execute("SELECT count(*), count(DISTINCT bundle_id) FROM bundles").fetchone()
        relays = db.execute("SELECT count(DISTINCT relay_key_id) FROM bundles").fetchone()[0]
    assert stored == distinct == BUNDLES and relays == 1
