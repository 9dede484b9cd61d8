"""``pixdesk bench cat``: the certification engine's precision, exposure and speed. Layer: bench.

The work (bank, examinees, answers) is defined in :mod:`pixdesk.bench.cat_conditions`
so that other engines can be run on exactly the same answers. Conditions:

* A: fixed 32 items, pure maximum information (no content rules, no exposure control);
* B: as A, but stop when the standard error is below 0.3, or at 50 items;
* C: random selection, fixed 32 (the floor);
* D: the production settings (:class:`FlashSettings` defaults: expected information minus
  the item's exposure price, softmax pick over the top 10, one item per tube, no
  competence in the last 2 answers), prices calibrated on a separate population;

plus the rows that back the engine's choices (marked '): the reference estimator (prior
recentred at every answer), other priors, start at -3, the reference engine (top-5
pick), a plain top-5 randomesque pick, production without prices, production with point
information (prices calibrated for it); with ``--vs catsim``, catsim's row.

Per condition: RMSE, bias, correlation, mean and p95 length, max exposure rate, items
never used, ms per step (mean, p95) and efficiency = (bound / RMSE)², where the bound is
the RMSE over examinees of 1 / sqrt(sum of the 32 largest item informations at θ + 1).
"""

from __future__ import annotations

from dataclasses import replace
from time import perf_counter
from typing import Any

import numpy as np

from pixdesk.bench.cat_conditions import (
    Figures,
    Outcome,
    Population,
    bank,
    capped_bound,
    engine_outcome,
    item_parameters,
    outcome,
    population,
    precision_bound,
)
from pixdesk.bench.report import BenchReport, Target
from pixdesk.domain.flash import (
    REFERENCE_SETTINGS,
    FlashSettings,
    ItemBank,
    Pick,
    calibrate_prices,
    next_item,
)
from pixdesk.domain.irt import Prior
from pixdesk.errors import PixdeskError

__all__ = ["CATSIM_PIN", "FULL_N", "QUICK_N", "TARGETS", "run"]

FULL_N = 1_000
QUICK_N = 200
CATSIM_PIN = "catsim>=0.21,<0.22"
CALIBRATION = {"full": (2_000, 40), "quick": (300, 8)}  # (examinees, rounds)
TARGET_EXPOSURE = 0.25  # the calibration's aim: leaves room under 0.30 for what calibration misses
SERVICE_EXAMINEES = 50
TARGETS = [
    Target("A_efficiency", ">=", 0.93),
    Target("B_mean_length", "<=", 22.5),
    Target("B_p95_length", "<=", 26),
    Target("B_rmse", "<=", 0.30),
    Target("D_efficiency", ">=", 0.90),
    Target("D_max_exposure", "<=", 0.30),
    Target("D_step_ms_mean", "<=", 0.05),
    Target("D_step_ms_p95", "<=", 0.1),
]
PURE = FlashSettings(
    pick=Pick.BEST, use_prices=False, expected_information=False, one_per_tube=False, competence_gap=0
)
POINT = replace(FlashSettings(), expected_information=False)
REFERENCE_ESTIMATOR = replace(
    PURE, start=REFERENCE_SETTINGS.start, grid=REFERENCE_SETTINGS.grid, prior=REFERENCE_SETTINGS.prior
)


def _conditions(
    priced: dict[str, ItemBank], plain: ItemBank
) -> list[tuple[str, str, ItemBank, FlashSettings]]:
    production = FlashSettings()
    return [
        ("A", "A  fixed 32, max information", plain, PURE),
        ("B", "B  SE < 0.3 or 50 items", plain, replace(PURE, stop_se=0.3, length=50)),
        ("C", "C  random, fixed 32", plain, replace(PURE, pick=Pick.RANDOM)),
        ("D", "D  production (softmax, prices, content)", priced["production"], production),
        ("A_reference_estimator", "A' reference estimator (recentred 1.5)", plain, REFERENCE_ESTIMATOR),
        ("A_prior_sd_1_5", "A' prior N(0, 1.5²)", plain, replace(PURE, prior=Prior(sd=1.5))),
        ("A_prior_sd_2", "A' prior N(0, 2²)", plain, replace(PURE, prior=Prior(sd=2.0))),
        ("A_prior_flat", "A' flat prior", plain, replace(PURE, prior=Prior(sd=None))),
        ("A_start_minus_3", "A' start at -3", plain, replace(PURE, start=-3.0)),
        ("D_reference", "D' reference engine (top 5, 51 %)", plain, REFERENCE_SETTINGS),
        (
            "D_randomesque_5",
            "D' uniform top 5, content",
            plain,
            replace(production, pick=Pick.RANDOMESQUE, top_k=5, use_prices=False),
        ),
        ("D_no_prices", "D' production without prices", plain, replace(production, use_prices=False)),
        ("D_point_information", "D' production, point information", priced["point"], POINT),
        ("D_prices_for_0_22", "D' production, prices aiming at 0.22", priced["0.22"], production),
        ("D_prices_for_0_29", "D' production, prices aiming at 0.29", priced["0.29"], production),
    ]


def _calibrate(
    plain: ItemBank, settings: FlashSettings, quick: bool, target: float = TARGET_EXPOSURE
) -> tuple[ItemBank, float]:
    """``plain`` with exposure prices calibrated for ``settings`` on the calibration population; seconds."""
    size, rounds = CALIBRATION["quick" if quick else "full"]
    thetas = np.random.default_rng(11).normal(0.0, 1.0, size)
    start = perf_counter()
    prices = calibrate_prices(
        plain, settings, thetas, np.random.default_rng(12), target=target, rounds=rounds
    )
    return ItemBank(
        plain.a, plain.b, plain.tube, plain.competence, plain.accessible, prices
    ), perf_counter() - start


def _service_timing(item_bank: ItemBank, settings: FlashSettings, people: Population) -> list[float]:
    """Seconds per ``next_item`` call (replays the attempt from scratch, as the service does)."""
    samples: list[float] = []
    for person in range(min(SERVICE_EXAMINEES, people.size)):
        items: list[int] = []
        correct: list[bool] = []
        while True:
            rng = np.random.default_rng([person, len(items)])
            start = perf_counter()
            item = next_item(item_bank, items, correct, settings, rng)
            samples.append(perf_counter() - start)
            if item is None:
                break
            items.append(item)
            correct.append(bool(people.answers[person, item]))
    return samples


def _row(label: str, f: Figures) -> tuple[str, str, str]:
    rest = (
        f"{f.bias:+6.3f} {f.correlation:6.3f} {f.efficiency:6.3f} {f.mean_length:6.1f} {f.p95_length:5.0f}"
        f" {f.max_exposure:7.3f} {f.never_used:6d} {f.step_ms_mean:9.4f} {f.step_ms_p95:7.4f}"
    )
    return (label, f"{f.rmse:.4f}", rest)


HEADER = ("condition", "RMSE", "  bias      r    eff  len  p95 max exp unused   ms/step     p95")


def run(quick: bool = False, n: int | None = None, vs: str | None = None) -> BenchReport:
    """Run every condition on the bench work and report (``n`` examinees, default 1,000; quick 200)."""
    if vs not in (None, "catsim"):
        raise PixdeskError("bench.unknown_engine", f"cannot compare with {vs!r}; known: catsim", "--vs")
    size = n if n is not None else (QUICK_N if quick else FULL_N)
    if size < 2:
        raise PixdeskError("bench.bad_size", f"need at least 2 examinees, got {size}", "--n")
    a, b = item_parameters()
    people = population(a, b, size)
    bound = precision_bound(a, b, people.theta)
    oracle_bound, oracle_exposure = capped_bound(a, b, people.theta, 0.30, rounds=60 if quick else 300)
    plain = bank(a, b)
    cal_size, rounds = CALIBRATION["quick" if quick else "full"]
    production, calibration_s = _calibrate(plain, FlashSettings(), quick)
    priced = {
        "production": production,
        "point": _calibrate(plain, POINT, quick)[0],
        "0.22": _calibrate(plain, FlashSettings(), quick, target=0.22)[0],
        "0.29": _calibrate(plain, FlashSettings(), quick, target=0.29)[0],
    }
    prices = production.price if production.price is not None else np.zeros(plain.size)
    engine_outcome("warm-up", "", production, FlashSettings(), population(a, b, min(size, 50)), seed=0)

    outcomes: list[Outcome] = [
        engine_outcome(key, label, item_bank, settings, people, seed=index + 1)
        for index, (key, label, item_bank, settings) in enumerate(_conditions(priced, plain))
    ]
    notes: list[str] = []
    figures: dict[str, Any] = {
        "n": size,
        "items": len(a),
        "bound_32": round(bound, 4),
        "capped_bound_32": round(oracle_bound, 4),
        "capped_bound_efficiency": round((bound / oracle_bound) ** 2, 4),
        "capped_bound_max_exposure": round(oracle_exposure, 4),
        "calibration_s": round(calibration_s, 2),
        "calibration_examinees": cal_size,
        "calibration_rounds": rounds,
        "priced_items": int(np.count_nonzero(prices > 0)),
    }
    if vs == "catsim":
        from pixdesk.bench.cat_catsim import catsim_outcome, catsim_version

        installed = catsim_version()
        figures["catsim_version"] = installed
        if installed is None:
            notes.append(
                f"catsim is not installed: no catsim row. Install it with pip install '{CATSIM_PIN}'."
            )
        else:
            outcomes.append(catsim_outcome(a, b, people))
    service = np.asarray(_service_timing(production, FlashSettings(), people)) * 1000.0
    figures["service_ms_mean"] = round(float(np.mean(service)), 4)
    figures["service_ms_p95"] = round(float(np.percentile(service, 95)), 4)

    rows = [HEADER]
    for result in outcomes:
        f = outcome(result, people.theta, bound)
        rows.append(_row(result.label, f))
        for name, value in vars(f).items():
            figures[f"{result.key}_{name}"] = round(value, 5) if isinstance(value, float) else value
    rows.append(("precision bound (32 items)", f"{bound:.4f}", "RMSE; efficiency = (bound / RMSE)²"))
    rows.append(
        (
            "bound with exposure <= 0.30, θ known",
            f"{oracle_bound:.4f}",
            f"RMSE: efficiency {(bound / oracle_bound) ** 2:.3f} at max exposure {oracle_exposure:.3f}",
        )
    )
    rows.append(
        (
            "exposure price calibration",
            f"{calibration_s:.1f}",
            f"s ({cal_size} examinees x {rounds} rounds, {figures['priced_items']} items priced)",
        )
    )
    rows.append(
        (
            "service call next_item",
            f"{figures['service_ms_mean']:.3f}",
            f"ms mean, p95 {figures['service_ms_p95']:.3f} ms ({min(SERVICE_EXAMINEES, size)} attempts)",
        )
    )
    notes += [
        f"N = {size} examinees, 600 items; the bank, examinees and answers are fixed by seeds 42, 7, 2024"
        " (pixdesk/bench/cat_conditions.py).",
        "ms/step: the domain engine (pixdesk.domain.flash.Cohort) runs all examinees in lockstep; each"
        " step (select + record + re-estimate for every unfinished examinee) is timed once and divided by"
        " the examinees served: mean and p95 are over those per-examinee step times. catsim's steps are"
        " timed one by one. 'service call' times the one-attempt API next_item, which replays the attempt"
        " from its answers at every call.",
        f"Exposure prices are calibrated (aiming at exposure {TARGET_EXPOSURE} unless the row says otherwise)"
        f" on a separate population of {cal_size} (seeds 11, 12), never on the examinees scored here;"
        " 'exposure price calibration' times the production one.",
        "'bound with exposure <= 0.30, θ known': each examinee gets the 32 items of largest information"
        " minus a per-item price that rises while an item serves more than 30 % of examinees"
        " (pixdesk.bench.cat_conditions.capped_bound): the best any selection could do at that exposure.",
        f"Reference estimator: grid 80 on [-9, 9], prior recentred at variance 1.5, a move of at most"
        f" {REFERENCE_SETTINGS.prior.max_move} per answer, start -3.",
    ]
    return BenchReport("cat", rows, figures, list(TARGETS), notes)
