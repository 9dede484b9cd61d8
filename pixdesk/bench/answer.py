"""``pixdesk bench answer``: one durable recorded answer beside one bare durable commit. Layer: bench.

Builds a demo-sized signed pack (pixdesk.bench.demo_sized_pack: 16 competences, 320
challenges, real stored bodies) in a temporary folder (``TMPDIR`` is honoured),
imports it with ``PackService`` into a fresh PIXDESK_HOME that trusts only a
generated root, then lets learners take whole competence evaluations through
``AttemptService`` (language, order of competences, ability and each right or wrong
answer from a seeded generator) until at least 1,000 answers (``quick``: 100) were
given. Each ``answer()`` call (match + next challenge + signed event + durable commit,
and on the last answer the result bundle) is timed with ``perf_counter``, and so is
each ``start_competence``.

The baseline, in the same run and the same folder as the machine database: one
transaction of a bare SQLite connection with the store's settings (WAL,
``synchronous=FULL``) inserting one 1 KiB row and committing. After each evaluation
as many bare commits are timed as the evaluation had answers, so a slow spell of the
machine hits both series. ``profile``: a second pass over 300 more answers under
cProfile names the functions the time goes to. Every temporary file is removed at the
end, even on error. Target: answer p99 <= 15 ms.
"""

from __future__ import annotations

import argparse
import cProfile
import math
import pstats
import random
import sqlite3
import statistics
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter
from typing import Any

from pixdesk.bench.demo_sized_pack import PACK_ID, DemoSizedPack, build_demo_sized_pack, response_for
from pixdesk.bench.machine import prepared_machine, remove_tree
from pixdesk.bench.report import BenchReport, Target, print_report
from pixdesk.domain.challenge import Challenge, ChallengeBody
from pixdesk.errors import PixdeskError
from pixdesk.services.attempts import AttemptService, Step

__all__ = ["FULL", "PROFILED", "QUICK", "TARGETS", "main", "percentile", "run"]

FULL, QUICK, PROFILED = 1000, 100, 300  # answers timed (at least: evaluations are never cut short)
TARGETS = [Target("answer_p99_ms", "<=", 15)]
SEED = 20240601
ROW_BYTES = 1024
TOP = 5
COMPETENCES_PER_LEARNER = 4


def percentile(values: Sequence[float], p: float) -> float:
    """The nearest-rank ``p``-th percentile (a value that was measured, never interpolated)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


class _BareCommits:
    """A bare SQLite connection with the store's settings, committing one 1 KiB row at a time."""

    def __init__(self, path: Path, rng: random.Random) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, body BLOB NOT NULL)")
        self.rng = rng

    def commit_ms(self) -> float:
        body = self.rng.randbytes(ROW_BYTES)
        start = perf_counter()
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT INTO rows (body) VALUES (?)", (body,))
        self.conn.execute("COMMIT")
        return (perf_counter() - start) * 1000

    def close(self) -> None:
        self.conn.close()


@dataclass
class _Samples:
    """Times in ms; ``finishing`` marks the answers that ended their attempt."""

    answers: list[float] = field(default_factory=list)
    finishing: list[bool] = field(default_factory=list)
    starts: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)
    right: int = 0


class _Learners:
    """Learners taking whole competence evaluations, answering from a seeded generator."""

    def __init__(
        self,
        service: AttemptService,
        pack: DemoSizedPack,
        rng: random.Random,
        prefix: str,
        profiler: cProfile.Profile | None = None,
    ) -> None:
        self.service, self.pack, self.rng, self.prefix = service, pack, rng, prefix
        self.profiler = profiler  # enabled around each answer() call only
        self.count = 0
        self.answered = 0

    def evaluations(self) -> Iterator[tuple[str, str, str, float]]:
        """Yield (learner, competence, language, ability) forever; each learner takes a few competences."""
        while True:
            learner = f"{self.prefix}-{self.count:04d}"
            self.count += 1
            self.service.ensure_learner(learner, learner)
            language, ability = self.rng.choice(("en", "fr")), self.rng.uniform(0.25, 0.9)
            for competence in self.rng.sample(self.pack.competences, COMPETENCES_PER_LEARNER):
                yield learner, competence, language, ability

    def evaluate(
        self, learner: str, competence: str, language: str, ability: float, samples: _Samples | None
    ) -> int:
        """One whole evaluation; times go to ``samples`` (None: untimed). Returns its answers."""
        service, start = self.service, perf_counter()
        step = service.start_competence(learner, PACK_ID, competence, language)
        if samples is not None:
            samples.starts.append((perf_counter() - start) * 1000)
        right = answers = 0
        while not step.finished:
            answer_right = self.rng.random() < ability
            response = response_for(_challenge(step), _body(step), answer_right)
            start = perf_counter()
            if self.profiler is not None:
                self.profiler.enable()
            step = service.answer(step.attempt_id, _challenge(step).id, response)
            if self.profiler is not None:
                self.profiler.disable()
            elapsed = (perf_counter() - start) * 1000
            answers, right = answers + 1, right + answer_right
            self.answered += 1
            if samples is not None:
                samples.answers.append(elapsed)
                samples.finishing.append(step.finished)
                samples.right += answer_right
        result = step.result or {}
        if result.get("correct") != right or result.get("answers") != answers:
            raise PixdeskError(
                "bench.matching",
                f"{right} of {answers} answers were right, the result says {result.get('correct')}"
                f" of {result.get('answers')}: the pack's bodies and the matcher disagree",
                f"{learner}:{competence}",
            )
        return answers


def _challenge(step: Step) -> Challenge:
    if step.challenge is None:
        raise PixdeskError("bench.no_challenge", "an unfinished step without a challenge", step.attempt_id)
    return step.challenge


def _body(step: Step) -> ChallengeBody:
    if step.body is None:
        raise PixdeskError("bench.no_body", "an unfinished step without a body", step.attempt_id)
    return step.body


def _measure(learners: _Learners, bare: _BareCommits, count: int) -> _Samples:
    samples = _Samples()
    for _ in range(10):  # untimed: creates the baseline's WAL
        bare.commit_ms()
    evaluations = learners.evaluations()
    learner, competence, language, ability = next(evaluations)
    learners.evaluate(learner, competence, language, ability, None)  # untimed: device key, first reads
    while len(samples.answers) < count:
        learner, competence, language, ability = next(evaluations)
        given = learners.evaluate(learner, competence, language, ability, samples)
        samples.bare.extend(bare.commit_ms() for _ in range(given))
    return samples


def _label(key: tuple[str, int, str]) -> str:
    file, line, name = key
    return name if file == "~" else f"{Path(file).name}:{line} {name}"


def _plumbing(key: tuple[str, int, str]) -> bool:
    """Frames that only pass time through (the profiler, ``with``, ``next``): left out of the top list."""
    file, _line, name = key
    return "_lsprof" in name or "builtins.next" in name or Path(file).name == "contextlib.py"


def _profile(
    service: AttemptService, pack: DemoSizedPack, rng: random.Random, count: int
) -> list[dict[str, Any]]:
    """Run evaluations until ``count`` answers were profiled; the top functions by cumulative time."""
    profiler = cProfile.Profile()
    learners = _Learners(service, pack, rng, "profiled", profiler)
    for learner, competence, language, ability in learners.evaluations():
        learners.evaluate(learner, competence, language, ability, None)
        if learners.answered >= count:
            break
    answered = learners.answered
    stats: dict[tuple[str, int, str], tuple[Any, ...]] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    whole = max((row[3] for key, row in stats.items() if key[2] == "answer"), default=0.0) or 1.0
    rows = [
        {
            "function": _label(key),
            "cum_ms_per_answer": round(row[3] / answered * 1000, 3),
            "self_ms_per_answer": round(row[2] / answered * 1000, 3),
            "share": round(row[3] / whole, 3),
            "calls_per_answer": round(row[1] / answered, 2),
        }
        for key, row in stats.items()
        if key[2] != "answer" and not _plumbing(key)
    ]
    rows.sort(key=lambda r: r["cum_ms_per_answer"], reverse=True)
    return rows[:TOP]


def _ms(values: Sequence[float]) -> dict[str, float]:
    return {
        "p50": round(percentile(values, 50), 3),
        "p90": round(percentile(values, 90), 3),
        "p99": round(percentile(values, 99), 3),
        "max": round(max(values), 3),
        "mean": round(statistics.fmean(values), 3),
    }


def _report(
    pack: DemoSizedPack, s: _Samples, learners: int, setup: dict[str, float], top: list[dict[str, Any]] | None
) -> BenchReport:
    answer, bare, start = _ms(s.answers), _ms(s.bare), _ms(s.starts)
    last = [t for t, done in zip(s.answers, s.finishing, strict=True) if done]
    middle = [t for t, done in zip(s.answers, s.finishing, strict=True) if not done]
    figures: dict[str, Any] = {
        "challenges": pack.challenges,
        "competences": len(pack.competences),
        "skills": pack.skills,
        "build_s": round(setup["build_s"], 3),
        "import_s": round(setup["import_s"], 3),
        "learners": learners,
        "evaluations": len(s.starts),
        "answers": len(s.answers),
        "right_share": round(s.right / len(s.answers), 3),
        **{f"answer_{k}_ms": v for k, v in answer.items()},
        "answer_not_last_p50_ms": round(percentile(middle, 50), 3),
        "answer_not_last_p99_ms": round(percentile(middle, 99), 3),
        "answer_last_p50_ms": round(percentile(last, 50), 3),
        "answer_last_p99_ms": round(percentile(last, 99), 3),
        "starts": len(s.starts),
        "start_p50_ms": start["p50"],
        "start_p99_ms": start["p99"],
        "bare_commits": len(s.bare),
        **{f"bare_commit_{k}_ms": v for k, v in bare.items()},
        "ratio_p50": round(answer["p50"] / bare["p50"], 2),
        "ratio_p99": round(answer["p99"] / bare["p99"], 2),
        "above_floor_p50_ms": round(answer["p50"] - bare["p50"], 3),
    }
    stats = "p50 / p90 / p99 / max / mean"
    rows = [
        (
            "pack",
            f"{pack.challenges}",
            f"challenges, {len(pack.competences)} competences, {pack.skills} skills",
        ),
        ("build + import (once)", f"{setup['build_s'] + setup['import_s']:.2f}", "s"),
        ("learners / evaluations", f"{learners} / {len(s.starts)}", f"({figures['right_share']:.0%} right)"),
        (
            "baseline: bare durable commit",
            " / ".join(f"{bare[k]:.2f}" for k in ("p50", "p90", "p99")),
            "ms p50/p90/p99",
        ),
        ("  max / mean", f"{bare['max']:.2f} / {bare['mean']:.2f}", f"ms over {len(s.bare)} commits"),
        ("answer()", " / ".join(f"{answer[k]:.2f}" for k in ("p50", "p90", "p99")), "ms p50/p90/p99"),
        ("  max / mean", f"{answer['max']:.2f} / {answer['mean']:.2f}", f"ms over {len(s.answers)} answers"),
        (
            "  not ending the attempt",
            f"{figures['answer_not_last_p50_ms']:.2f} / {figures['answer_not_last_p99_ms']:.2f}",
            f"ms p50/p99 ({len(middle)})",
        ),
        (
            "  ending it (+ result bundle)",
            f"{figures['answer_last_p50_ms']:.2f} / {figures['answer_last_p99_ms']:.2f}",
            f"ms p50/p99 ({len(last)})",
        ),
        (
            "start_competence()",
            f"{start['p50']:.2f} / {start['p99']:.2f}",
            f"ms p50/p99 ({len(s.starts)} starts)",
        ),
        (
            "ratio answer / bare commit",
            f"{figures['ratio_p50']:.2f} / {figures['ratio_p99']:.2f}",
            "x at p50 / p99",
        ),
        ("answer above the fsync floor", f"{figures['above_floor_p50_ms']:.2f}", "ms at p50"),
    ]
    notes = [
        f"Figures of {stats} are nearest-rank percentiles of times measured with perf_counter around each"
        " call, in ms. answer() = match + next challenge + signed event + durable commit (WAL,"
        " synchronous=FULL), and on an attempt's last answer also the finish event and the signed result"
        " bundle in the outbox.",
        "Baseline: a bare sqlite3 connection in the machine database's folder, WAL + synchronous=FULL,"
        " BEGIN IMMEDIATE + one 1 KiB INSERT + COMMIT; after each evaluation as many commits as it had"
        " answers.",
        "One untimed evaluation comes first (device key creation, first reads of the pack).",
    ]
    if top is not None:
        figures["profile"] = top
        notes.append(
            f"cProfile over {PROFILED}+ more answers, top {TOP} by cumulative time (per answer, profiled):"
        )
        notes.extend(
            f"  {r['function']}: {r['cum_ms_per_answer']:.3f} ms cum, {r['self_ms_per_answer']:.3f} ms self,"
            f" {r['share']:.0%} of answer(), {r['calls_per_answer']:g} calls"
            for r in top
        )
    return BenchReport("answer", rows, figures, list(TARGETS), notes)


def run(quick: bool = False, profile: bool = False, **_options: object) -> BenchReport:
    """Build and import the pack, time answers against bare durable commits, and report."""
    work = Path(tempfile.mkdtemp(prefix="pixdesk-bench-answer-"))
    service: AttemptService | None = None
    bare: _BareCommits | None = None
    try:
        (work / "pack").mkdir()
        start = perf_counter()
        pack = build_demo_sized_pack(work / "pack")
        built = perf_counter()
        settings = prepared_machine(work, pack)
        setup = {"build_s": built - start, "import_s": perf_counter() - built}
        rng = random.Random(SEED)
        service = AttemptService(settings)
        bare = _BareCommits(settings.db_path.parent / "bare-commits.db", random.Random(SEED + 1))
        learners = _Learners(service, pack, rng, "learner")
        samples = _measure(learners, bare, QUICK if quick else FULL)
        top = _profile(service, pack, rng, PROFILED) if profile else None
        return _report(pack, samples, learners.count, setup, top)
    finally:
        if bare is not None:
            bare.close()
        if service is not None:
            service.close()
        remove_tree(work, "answer")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m pixdesk.bench.answer [--quick] [--json] [--profile]``; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(prog="python -m pixdesk.bench.answer")
    parser.add_argument("--json", action="store_true", help="end with one JSON object of the figures")
    parser.add_argument("--quick", action="store_true", help="100 answers instead of 1,000")
    parser.add_argument("--profile", action="store_true", help="add a cProfile pass and its top functions")
    args = parser.parse_args(argv)
    report = run(quick=args.quick, profile=args.profile)
    print_report(report, as_json=args.json)
    return 0 if report.targets_met else 1


if __name__ == "__main__":
    sys.exit(main())
