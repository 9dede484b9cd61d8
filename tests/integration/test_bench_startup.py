"""``pixdesk bench startup --quick --json``: runs end to end and reports its figures and targets.

Runs the real command (about 5 s: 3 bare windows, 3 home screens, one 20-question
evaluation, all offscreen child processes). The speed and memory targets are judged by
the benchmark itself, beside its in-run baseline, never by a test: exit code 1 (a target
missed) is accepted, anything else is a failure.
"""

from __future__ import annotations

import json
from pathlib import Path

from factories import run_bench


def test_startup_bench_reports_both_start_ups_and_the_evaluation_memory(tmp_path: Path) -> None:
    run, scratch = run_bench(tmp_path, "startup")
    assert run.returncode in (0, 1), run.stderr
    report = json.loads(run.stdout.strip().splitlines()[-1])
    figures = report["figures"]
    assert report["bench"] == "startup" and figures["runs"] == 3
    assert 0 < figures["bare_window_min_ms"] <= figures["bare_window_median_ms"]
    assert 0 < figures["home_screen_min_ms"] <= figures["home_screen_median_ms"]
    ratio = figures["home_screen_median_ms"] / figures["bare_window_median_ms"]
    assert abs(figures["startup_ratio"] - ratio) < 0.01
    assert figures["evaluation_questions"] == 20, "the probe answered 20 questions through the test page"
    assert 50 < figures["evaluation_peak_rss_mib"] < 2000
    targets = {(t["figure"], t["op"], t["limit"]) for t in report["targets"]}
    assert targets == {("startup_ratio", "<=", 1.5), ("evaluation_peak_rss_mib", "<=", 250)}
    assert report["targets_met"] == all(t["met"] for t in report["targets"])
    assert (run.returncode == 0) == report["targets_met"]
    assert "baseline: bare PySide6 window" in run.stdout
    assert list(scratch.iterdir()) == [], "the bench leaves nothing behind"
