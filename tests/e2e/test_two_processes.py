"""Two app processes on one database behind a round-robin balancer: batches sent ahead of
their answer reach the other process, come early, are sent again alone — and every bundle
arrives exactly once in a single round."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import build_demo_packs, make_trust
from fault_proxy import FaultProxy
from live import LiveServer, machine_home

from pixdesk.bench.bundle_factory import fill_outbox
from pixdesk.storage.database import open_store
from sync.client import SyncClient

pytestmark = pytest.mark.slow
BUNDLES = 1000  # five batches of 200


@pytest.fixture
def ram_dir() -> Iterator[Path]:
    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(prefix="pixdesk-two-", dir=shm if shm.is_dir() else None))
    yield folder
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def test_a_machine_drains_through_two_app_processes_taking_turns(
    tmp_path: Path, home: Path, ram_dir: Path
) -> None:
    trust, _settings = make_trust(tmp_path / "trust", home)
    packs = build_demo_packs(tmp_path / "packs", trust.practice, trust.certification)
    host = machine_home(tmp_path, "server-host", trust)
    lab = machine_home(ram_dir, "lab", trust)
    lab.pixdesk("pack", "import", str(packs["demo"]))
    assert fill_outbox(lab.settings, "demo", BUNDLES) == BUNDLES

    data = tmp_path / "server-data"
    one, two = LiveServer(host, data), LiveServer(host, data)  # one data dir: one database, one key
    centre = one.admin("centre-add", "Lycée du Parc").split()[-1]
    one.admin("pack-add", str(packs["demo"]))
    code = one.admin("code-add", centre).split()[-1]
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
