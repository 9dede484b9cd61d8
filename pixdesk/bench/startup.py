"""``pixdesk bench startup``: process start → home screen, beside a bare PySide6 window. Layer: bench.

Builds the demo-sized pack (pixdesk.bench.demo_sized_pack), imports it into a fresh
machine and creates a learner profile with some progress (two competences evaluated),
so the home screen has a real scorecard to compute. Then, alternating so that a slow
spell of the machine hits both series, it starts ``python -m ui.startup_probe`` in
two modes and times each process from ``Popen`` to the JSON line the child prints:

* ``bare``: import PySide6, a QApplication, an empty QWidget shown and painted
  (the baseline);
* ``home``: the real start-up path of ``pixdesk app`` — settings, services, the
  learner's window, the learner signed in (without the scrypt check: that is the
  sign-in, not the start-up) and the home page's scorecard loaded by the worker and
  painted.

Then one ``evaluation`` child shows the home screen and answers 20 questions through
the test page, and reports its peak RSS (VmHWM). This module imports no Qt: the Qt
side lives in ui/startup_probe.py. Qt runs with the platform of the environment
(``offscreen`` when there is no display). Targets: home median <= 1.5 × bare median;
peak RSS <= 250 MB.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from time import perf_counter
from typing import Any

from pixdesk.bench.demo_sized_pack import build_demo_sized_pack, response_for
from pixdesk.bench.machine import machine_env, prepared_machine, remove_tree
from pixdesk.bench.report import BenchReport, Target
from pixdesk.config import Settings
from pixdesk.errors import PixdeskError
from pixdesk.services.attempts import AttemptService
from pixdesk.services.profiles import ProfileService

__all__ = ["TARGETS", "run"]

TARGETS = (Target("startup_ratio", "<=", 1.5), Target("evaluation_peak_rss_mib", "<=", 250))
RUNS, QUICK_RUNS = 7, 3
QUESTIONS = 20
TIMEOUT_S = 120


def _learner(settings: Settings, competences: tuple[str, ...]) -> str:
    """A profile with two competences evaluated, so the home screen has scores to show."""
    service = AttemptService(settings)
    try:
        profile = ProfileService(service).create("Bench Learner", "1234", "pin", "en")
        rng = random.Random(7)
        for competence in competences[:2]:
            step = service.start_competence(profile.id, "bench-demo-sized", competence, "en")
            while not step.finished:
                assert step.challenge is not None and step.body is not None
                right = rng.random() < 0.7
                step = service.answer(
                    step.attempt_id, step.challenge.id, response_for(step.challenge, step.body, right)
                )
        return profile.id
    finally:
        service.close()


def _child(env: dict[str, str], *args: str) -> tuple[float, dict[str, Any]]:
    """Run one probe; the seconds from its start to its JSON line, and that line."""
    command = [sys.executable, "-m", "ui.startup_probe", *args]
    start = perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = perf_counter() - start
    try:
        _out, err = process.communicate(timeout=TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        _out, err = process.communicate()
    if not line.strip():
        raise PixdeskError(
            "bench.probe_failed", f"the {args[0]} probe printed nothing: {err[-2000:]}", args[0]
        )
    return elapsed, json.loads(line)


def _env(work: Path) -> dict[str, str]:
    """The children's environment: the bench machine, and bytecode cached as on a deployed machine.

    A lab machine runs compiled modules (the bundle ships them; pip compiles site-packages),
    so the children may write bytecode — into a cache under ``work``, not the checkout —
    even where ``PYTHONDONTWRITEBYTECODE`` is set; the untimed warm-up runs fill it.
    """
    env = {**os.environ, **machine_env(work), "PYTHONPYCACHEPREFIX": str(work / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(Path(__file__).resolve().parents[2]), env.get("PYTHONPATH")])
    )
    return env


def run(quick: bool = False, **_options: object) -> BenchReport:
    """Prepare a machine, time the two start-ups alternately, then one 20-question evaluation."""
    work = Path(tempfile.mkdtemp(prefix="pixdesk-bench-startup-"))
    try:
        (work / "pack").mkdir()
        pack = build_demo_sized_pack(work / "pack")
        settings = prepared_machine(work, pack)
        learner = _learner(settings, pack.competences)
        env = _env(work)
        _child(env, "bare")  # untimed: warms the file cache for both
        _child(env, "home", learner)
        bare: list[float] = []
        home: list[float] = []
        for _ in range(QUICK_RUNS if quick else RUNS):
            bare.append(_child(env, "bare")[0])
            home.append(_child(env, "home", learner)[0])
        _seconds, evaluation = _child(env, "evaluation", learner, str(QUESTIONS))
        return _report(bare, home, evaluation, env.get("QT_QPA_PLATFORM", "default"))
    finally:
        remove_tree(work, "startup")


def _report(bare: list[float], home: list[float], evaluation: dict[str, Any], platform: str) -> BenchReport:
    bare_ms, home_ms = statistics.median(bare) * 1000, statistics.median(home) * 1000
    figures: dict[str, Any] = {
        "runs": len(bare),
        "bare_window_median_ms": round(bare_ms, 1),
        "bare_window_min_ms": round(min(bare) * 1000, 1),
        "home_screen_median_ms": round(home_ms, 1),
        "home_screen_min_ms": round(min(home) * 1000, 1),
        "startup_ratio": round(home_ms / bare_ms, 2),
        "evaluation_questions": evaluation["answered"],
        "evaluation_seconds": round(evaluation["seconds"], 2),
        "evaluation_peak_rss_mib": round(evaluation["rss_mib"], 1),
        "qt_platform": platform,
    }
    rows = [
        (
            "baseline: bare PySide6 window",
            f"{bare_ms:.0f}",
            f"ms median of {len(bare)} (min {min(bare) * 1000:.0f})",
        ),
        ("home screen shown", f"{home_ms:.0f}", f"ms median of {len(home)} (min {min(home) * 1000:.0f})"),
        ("ratio home / bare", f"{figures['startup_ratio']:.2f}", "x"),
        (
            f"{evaluation['answered']}-question evaluation",
            f"{figures['evaluation_peak_rss_mib']:.0f}",
            f"MiB peak RSS ({figures['evaluation_seconds']:.1f} s)",
        ),
    ]
    notes = [
        "Times run from Popen to the JSON line the child prints after the screen was painted,"
        " so both include the interpreter's start.",
        f"Qt platform: {platform}. The learner is signed in without the scrypt check.",
    ]
    return BenchReport("startup", rows, figures, list(TARGETS), notes)
