"""The work of ``pixdesk bench cat``: bank, examinees, lockstep runs and their figures. Layer: bench.

Everything here is fixed by the benchmark's definition so that other engines can be run
on exactly the same work (see :mod:`pixdesk.bench.cat`):

* bank: 600 2PL items, ``rng = default_rng(42)``; ``a = clip(rng.lognormal(0, 0.25, 600),
  0.5, 2.5)`` drawn first, ``b = rng.uniform(-3, 3, 600)`` second; item j is in tube
  j mod 200 and competence (j mod 200) mod 16 (round robin), every item accessible;
* examinees: ``θ = default_rng(7).normal(0, 1, N)``; examinee i answers item j right iff
  ``U[i, j] < P_j(θ_i)`` with ``U = default_rng(2024).random((N, 600))``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from time import perf_counter

import numpy as np
import numpy.typing as npt

from pixdesk.domain.flash import Cohort, FlashSettings, ItemBank, exposure
from pixdesk.domain.irt import FloatArray, information, probability

__all__ = [
    "ITEMS",
    "LENGTH",
    "TUBES",
    "Outcome",
    "Population",
    "bank",
    "capped_bound",
    "item_parameters",
    "outcome",
    "population",
    "precision_bound",
    "run_lockstep",
]

ITEMS = 600
TUBES = 200
COMPETENCES = 16
LENGTH = 32


def item_parameters() -> tuple[FloatArray, FloatArray]:
    """The bench bank's (a, b), in the defined draw order."""
    rng = np.random.default_rng(42)
    a = np.clip(rng.lognormal(0.0, 0.25, ITEMS), 0.5, 2.5)
    b = rng.uniform(-3.0, 3.0, ITEMS)
    return a, b


def bank(a: FloatArray, b: FloatArray, price: FloatArray | None = None) -> ItemBank:
    """The bench bank with round-robin tubes and competences (content rules need them)."""
    tube = np.arange(ITEMS) % TUBES
    return ItemBank(a, b, tube, tube % COMPETENCES, np.ones(ITEMS, dtype=bool), price)


@dataclass(frozen=True)
class Population:
    theta: FloatArray
    answers: npt.NDArray[np.bool_]  # (N, ITEMS): right or wrong, for every item

    @property
    def size(self) -> int:
        return len(self.theta)


def population(a: FloatArray, b: FloatArray, n: int) -> Population:
    theta = np.random.default_rng(7).normal(0.0, 1.0, n)
    uniforms = np.random.default_rng(2024).random((n, ITEMS))
    return Population(theta, uniforms < probability(theta[:, None], a, b))


def precision_bound(a: FloatArray, b: FloatArray, theta: FloatArray, length: int = LENGTH) -> float:
    """RMSE over examinees of 1 / sqrt(sum of the ``length`` largest item informations at θ + 1)."""
    best = 0.0 * theta
    chunk = 2_000
    for start in range(0, len(theta), chunk):
        info = information(theta[start : start + chunk, None], a, b)
        top = -np.partition(-info, length - 1, axis=1)[:, :length]
        best[start : start + chunk] = top.sum(axis=1)
    return float(np.sqrt(np.mean(1.0 / (best + 1.0))))


def capped_bound(
    a: FloatArray, b: FloatArray, theta: FloatArray, cap: float, rounds: int, length: int = LENGTH
) -> tuple[float, float]:
    """The precision bound when no item may serve more than ``cap`` of the examinees.

    Knowing every θ, give each examinee the ``length`` items of largest information minus
    a per-item price, the prices rising (by 0.02 x the excess) on the items chosen by more
    than ``cap`` (a Lagrangian assignment, ``rounds`` times). Returns the bound (RMSE form,
    as :func:`precision_bound`) of the last assignment and its largest exposure: no
    selection rule that knows less than θ can beat it at that exposure.
    """
    info = information(theta[:, None], a, b)
    prices = np.zeros(len(a))
    for _round in range(rounds):
        chosen = np.argpartition(-(info - prices), length - 1, axis=1)[:, :length]
        share = np.bincount(chosen.ravel(), minlength=len(a)) / len(theta)
        prices = np.maximum(0.0, prices + 0.02 * (share - cap))
    total = np.take_along_axis(info, chosen, axis=1).sum(axis=1)
    return float(np.sqrt(np.mean(1.0 / (total + 1.0)))), float(share.max())


@dataclass(frozen=True)
class Outcome:
    """What one condition produced; ``step_seconds`` holds one sample per timed step."""

    key: str
    label: str
    estimates: FloatArray
    lengths: npt.NDArray[np.int64]
    exposure: FloatArray
    step_seconds: list[float]


@dataclass(frozen=True)
class Figures:
    rmse: float
    bias: float
    correlation: float
    mean_length: float
    p95_length: float
    max_exposure: float
    never_used: int
    step_ms_mean: float
    step_ms_p95: float
    efficiency: float


def outcome(result: Outcome, theta: FloatArray, bound: float) -> Figures:
    """The per-condition figures of the bench (see :mod:`pixdesk.bench.cat`)."""
    error = result.estimates - theta
    rmse = float(np.sqrt(np.mean(np.square(error))))
    steps = np.asarray(result.step_seconds) * 1000.0
    return Figures(
        rmse=rmse,
        bias=float(np.mean(error)),
        correlation=float(np.corrcoef(result.estimates, theta)[0, 1]),
        mean_length=float(np.mean(result.lengths)),
        p95_length=float(np.percentile(result.lengths, 95)),
        max_exposure=float(result.exposure.max()),
        never_used=int(np.count_nonzero(result.exposure == 0)),
        step_ms_mean=float(np.mean(steps)) if steps.size else 0.0,
        step_ms_p95=float(np.percentile(steps, 95)) if steps.size else 0.0,
        efficiency=(bound / rmse) ** 2,
    )


def run_lockstep(
    item_bank: ItemBank,
    settings: FlashSettings,
    people: Population,
    rng: np.random.Generator,
    clock: Callable[[], float] = perf_counter,
) -> tuple[Cohort, list[float]]:
    """Run every examinee's test in lockstep with the domain engine; time each step.

    A step is ``Cohort.select`` then ``Cohort.record`` for every unfinished examinee at
    once; its time divided by the number of examinees who got an item is one sample
    (seconds per examinee-step). Drawing the uniforms and looking the answers up are
    outside the timed part.
    """
    cohort = Cohort(item_bank, settings, people.size)
    rows = np.arange(people.size)
    samples: list[float] = []
    while True:
        uniforms = rng.random(people.size)
        start = clock()
        chosen = cohort.select(uniforms)
        selected = clock() - start
        active = int(np.count_nonzero(chosen >= 0))
        if active == 0:
            return cohort, samples
        right = people.answers[rows, np.maximum(chosen, 0)]
        start = clock()
        cohort.record(chosen, right)
        samples.append((selected + clock() - start) / active)


def engine_outcome(
    key: str, label: str, item_bank: ItemBank, settings: FlashSettings, people: Population, seed: int
) -> Outcome:
    cohort, samples = run_lockstep(item_bank, settings, people, np.random.default_rng(seed))
    return Outcome(
        key, label, cohort.theta.copy(), cohort.answered.copy(), exposure(item_bank, cohort), samples
    )
