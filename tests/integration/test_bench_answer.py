"""``pixdesk bench answer --quick --json``: runs end to end and reports its figures and targets.

Runs the real command in a child process (about 1 s: a 320-challenge pack, 100 answers).
It checks the shape of the report only: the speed target is judged by the benchmark
itself, beside its in-run baseline, never by a test. Exit code 1 means the target was
missed and is accepted; anything else is a failure. A second test checks that the
benchmark's pack is answerable: every body in both languages goes through the real
matcher, right answers come back ``ok`` and wrong ones ``ko``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from factories import run_bench

from pixdesk.bench.demo_sized_pack import PACK_ID, build_demo_sized_pack, response_for
from pixdesk.config import load_settings
from pixdesk.domain.answers import AnswerStatus
from pixdesk.domain.matching import evaluate
from pixdesk.services.attempts import AttemptService
from pixdesk.services.packs import PackService

TIMINGS = ("answer", "bare_commit")
POSITIVE_FIGURES = (
    "answer_not_last_p50_ms",
    "answer_not_last_p99_ms",
    "answer_last_p50_ms",
    "answer_last_p99_ms",
    "start_p50_ms",
    "start_p99_ms",
    "ratio_p50",
    "ratio_p99",
    "build_s",
    "import_s",
    "right_share",
    *(f"{name}_{stat}_ms" for name in TIMINGS for stat in ("p50", "p90", "p99", "max", "mean")),
)
TARGETS = {("answer_p99_ms", "<=", 15.0)}
TABLE_ROWS = (
    "baseline: bare durable commit",
    "answer()",
    "start_competence()",
    "ratio answer / bare commit",
)
Run = tuple[subprocess.CompletedProcess[str], Path]  # the finished command and the TMPDIR it was given


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return run_bench(tmp_path_factory.mktemp("bench"), "answer")


@pytest.fixture(scope="module")
def report(bench_run: Run) -> dict[str, Any]:
    done, _scratch = bench_run
    assert done.returncode in (0, 1), f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    document = json.loads(done.stdout.strip().splitlines()[-1])
    assert isinstance(document, dict)
    return document


def test_exit_code_says_whether_the_target_was_met(bench_run: Run, report: dict[str, Any]) -> None:
    done, _scratch = bench_run
    assert report["targets_met"] is all(t["met"] for t in report["targets"])
    assert done.returncode == (0 if report["targets_met"] else 1)


def test_the_figures_are_positive_numbers_and_the_counts_add_up(report: dict[str, Any]) -> None:
    figures = report["figures"]
    assert report["bench"] == "answer"
    for name in POSITIVE_FIGURES:
        value = figures[name]
        assert isinstance(value, int | float) and not isinstance(value, bool), name
        assert value > 0, name
    for name in TIMINGS:
        ordered = [figures[f"{name}_{stat}_ms"] for stat in ("p50", "p90", "p99", "max")]
        assert ordered == sorted(ordered), name
    assert figures["challenges"] == 320 and figures["competences"] == 16
    assert 100 <= figures["answers"] < 200, "quick: about 100 answers, whole evaluations only"
    assert figures["bare_commits"] == figures["answers"], "the baseline has as many samples as the work"
    assert figures["starts"] == figures["evaluations"] >= 1
    assert figures["learners"] >= 1
    assert "profile" not in figures, "the cProfile pass runs only when asked for"


def test_the_target_is_listed_with_whether_it_was_met(report: dict[str, Any]) -> None:
    listed = {(t["figure"], t["op"], float(t["limit"])) for t in report["targets"]}
    assert listed == TARGETS
    assert all(isinstance(t["met"], bool) for t in report["targets"])


def test_the_table_comes_before_the_json_line(bench_run: Run) -> None:
    done, _scratch = bench_run
    lines = done.stdout.strip().splitlines()
    assert lines[0] == "pixdesk bench answer"
    table = "\n".join(lines[:-1])
    for row in TABLE_ROWS:
        assert row in table
    assert "target answer_p99_ms <= 15" in table


def test_every_temporary_file_is_removed(bench_run: Run) -> None:
    _done, scratch = bench_run
    assert list(scratch.iterdir()) == []


def test_every_body_of_the_pack_is_matched_right_and_wrong_by_the_real_matcher(
    tmp_path: Path, home: Path
) -> None:
    (tmp_path / "pack").mkdir()
    pack = build_demo_sized_pack(tmp_path / "pack")
    (home / "config.toml").write_text(
        f"trusted_roots = [{json.dumps(str(pack.root_path))}]\ntrust_demo_publisher = false\n"
    )
    settings = load_settings()
    assert PackService(settings).import_path(pack.path)[0].outcome is not None
    service = AttemptService(settings)
    try:
        content = service.content(PACK_ID)
        assert len(content.challenges) == pack.challenges == 320
        assert {c.format.value for c in content.challenges.values()} == {
            "qcu",
            "qcm",
            "qroc",
            "qrocm-ind",
            "qrocm-dep",
        }
        levels = {c.level for c in content.challenges.values()}
        assert levels == set(range(1, 7))
        for challenge in content.challenges.values():
            for lang in ("en", "fr"):
                body = content.body(challenge.id, lang)
                right = evaluate(challenge, body, response_for(challenge, body, True))
                wrong = evaluate(challenge, body, response_for(challenge, body, False))
                assert (right, wrong) == (AnswerStatus.OK, AnswerStatus.KO), f"{challenge.id} {lang}"
    finally:
        service.close()
