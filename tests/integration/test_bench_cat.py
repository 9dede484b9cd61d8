"""``pixdesk bench cat --quick --json``: runs end to end and reports its figures and targets.

Runs the real command in a child process (a few seconds: 200 examinees, a short exposure
calibration). It checks the shape of the report only: precision, exposure and speed are
judged by the benchmark itself, never by a test. Exit code 1 means a target was missed
and is accepted; anything else is a failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

CONDITIONS = ("A", "B", "C", "D", "A_reference_estimator", "D_reference")
METRICS = (
    "rmse",
    "bias",
    "correlation",
    "mean_length",
    "p95_length",
    "max_exposure",
    "never_used",
    "step_ms_mean",
    "step_ms_p95",
    "efficiency",
)
TARGETS = {
    ("A_efficiency", ">=", 0.93),
    ("B_mean_length", "<=", 22.5),
    ("B_p95_length", "<=", 26.0),
    ("B_rmse", "<=", 0.30),
    ("D_efficiency", ">=", 0.90),
    ("D_max_exposure", "<=", 0.30),
    ("D_step_ms_mean", "<=", 0.05),
    ("D_step_ms_p95", "<=", 0.1),
}


def _bench(tmp: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    machine = tmp / "machine.toml"
    machine.write_text("")
    env = {**os.environ, "PIXDESK_HOME": str(home), "PIXDESK_CONFIG": str(machine)}
    command = [sys.executable, "-m", "pixdesk", "bench", "cat", "--quick", "--json", *extra]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)


def _document(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert done.returncode in (0, 1), f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    document = json.loads(done.stdout.strip().splitlines()[-1])
    assert isinstance(document, dict)
    return document


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    return _bench(tmp_path_factory.mktemp("bench-cat"))


@pytest.fixture(scope="module")
def report(bench_run: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    return _document(bench_run)


def test_exit_code_says_whether_every_target_was_met(
    bench_run: subprocess.CompletedProcess[str], report: dict[str, Any]
) -> None:
    assert report["targets_met"] is all(t["met"] for t in report["targets"])
    assert bench_run.returncode == (0 if report["targets_met"] else 1)


def test_every_condition_has_its_figures(report: dict[str, Any]) -> None:
    figures = report["figures"]
    assert report["bench"] == "cat"
    assert figures["n"] == 200 and figures["items"] == 600
    for condition in CONDITIONS:
        for metric in METRICS:
            value = figures[f"{condition}_{metric}"]
            assert isinstance(value, int | float) and not isinstance(value, bool), (condition, metric)
        assert figures[f"{condition}_rmse"] > 0
        assert 0 < figures[f"{condition}_max_exposure"] <= 1
    assert figures["A_mean_length"] == figures["D_mean_length"] == 32
    assert figures["B_mean_length"] <= 50
    assert figures["C_never_used"] <= figures["A_never_used"]  # random selection spreads the bank
    assert 0 < figures["bound_32"] < figures["C_rmse"]


def test_every_target_is_listed_with_whether_it_was_met(report: dict[str, Any]) -> None:
    listed = {(t["figure"], t["op"], float(t["limit"])) for t in report["targets"]}
    assert listed == TARGETS
    assert all(isinstance(t["met"], bool) for t in report["targets"])


def test_the_table_comes_before_the_json_line(bench_run: subprocess.CompletedProcess[str]) -> None:
    lines = bench_run.stdout.strip().splitlines()
    assert lines[0] == "pixdesk bench cat"
    table = "\n".join(lines[:-1])
    for row in ("A  fixed 32", "B  SE < 0.3", "C  random", "D  production", "precision bound"):
        assert row in table
    assert "target D_max_exposure <= 0.3" in table


def test_the_catsim_comparison_runs_or_says_it_is_missing(tmp_path: Path) -> None:
    done = _bench(tmp_path, "--n", "20", "--vs", "catsim")
    figures = _document(done)["figures"]
    assert figures["n"] == 20
    if figures["catsim_version"] is None:
        assert "catsim is not installed" in done.stdout
    else:
        assert figures["catsim_rmse"] > 0 and figures["catsim_mean_length"] == 32


def test_an_option_the_bench_does_not_take_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    machine = tmp_path / "machine.toml"
    machine.write_text("")
    env = {**os.environ, "PIXDESK_HOME": str(home), "PIXDESK_CONFIG": str(machine)}
    command = [sys.executable, "-m", "pixdesk", "bench", "packs", "--n", "5"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "--n" in done.stderr
