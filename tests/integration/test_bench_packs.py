"""``pixdesk bench packs --quick --json``: runs end to end and reports its figures and targets.

Runs the real command in a child process (about 3 s: a 1,000-challenge, 20 MB pack).
It checks the shape of the report only: speed and memory targets are judged by the
benchmark itself, beside its in-run baseline, never by a test. Exit code 1 means a
target was missed and is accepted; anything else is a failure.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from factories import run_bench

POSITIVE_FIGURES = (
    "ratio",
    "import_peak_rss_mb",
    "import_s",
    "hash_s",
    "copy_s",
    "import_mb_s",
    "hash_mb_s",
    "bare_rss_mb",
    "hash_peak_rss_mb",
    "pack_mb",
    "media_mb",
    "build_s",
    "import_vs_hash_plus_copy",
)
TARGETS = {("ratio", "<=", 3.0), ("import_peak_rss_mb", "<=", 150.0)}
TABLE_ROWS = (
    "verify+import",
    "baseline: sha256 of the file",
    "ratio import / sha256",
    "peak RSS, import child",
)
Run = tuple[subprocess.CompletedProcess[str], Path]  # the finished command and the TMPDIR it was given


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return run_bench(tmp_path_factory.mktemp("bench"), "packs")


@pytest.fixture(scope="module")
def report(bench_run: Run) -> dict[str, Any]:
    done, _scratch = bench_run
    assert done.returncode in (0, 1), f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    last = done.stdout.strip().splitlines()[-1]
    document = json.loads(last)
    assert isinstance(document, dict)
    return document


def test_exit_code_says_whether_every_target_was_met(bench_run: Run, report: dict[str, Any]) -> None:
    done, _scratch = bench_run
    assert report["targets_met"] is all(t["met"] for t in report["targets"])
    assert done.returncode == (0 if report["targets_met"] else 1)


def test_the_figures_are_positive_numbers(report: dict[str, Any]) -> None:
    figures = report["figures"]
    assert report["bench"] == "packs"
    for name in POSITIVE_FIGURES:
        value = figures[name]
        assert isinstance(value, int | float) and not isinstance(value, bool), name
        assert value > 0, name
    assert figures["challenges"] == 1_000
    assert figures["repeats"] == len(figures["import_runs_s"]) == len(figures["hash_runs_s"]) == 3


def test_both_targets_are_listed_with_whether_they_were_met(report: dict[str, Any]) -> None:
    listed = {(t["figure"], t["op"], float(t["limit"])) for t in report["targets"]}
    assert listed == TARGETS
    assert all(isinstance(t["met"], bool) for t in report["targets"])


def test_the_table_comes_before_the_json_line(bench_run: Run) -> None:
    done, _scratch = bench_run
    lines = done.stdout.strip().splitlines()
    assert lines[0] == "pixdesk bench packs"
    table = "\n".join(lines[:-1])
    for row in TABLE_ROWS:
        assert row in table
    assert "target ratio <= 3" in table and "target import_peak_rss_mb <= 150" in table


def test_every_temporary_file_is_removed(bench_run: Run) -> None:
    _done, scratch = bench_run
    assert list(scratch.iterdir()) == []
