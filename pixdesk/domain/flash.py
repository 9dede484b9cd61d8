"""Certification item selection ("flash"): content rules, exposure control, stopping. Layer: domain.

A certification test asks ``length`` (32) questions chosen one at a time from an item
bank. Before each question the capacity is estimated by EAP (:mod:`pixdesk.domain.irt`)
and every *eligible* item is scored by its information minus its exposure price
(calibrated per bank, see :func:`calibrate_prices`). The information is, by default, its
expectation over the posterior (:meth:`Cohort.selection_values`), else the Fisher
information at the estimate. Eligible means:

* not asked yet, and at most one item per tube (``one_per_tube``);
* no competence among the last ``competence_gap`` answers (degradation: when this rule
  leaves nothing, it is dropped for that question);
* accessible only, when the candidate has the accessibility adjustment.

Then one of the ``top_k`` best-scored eligible items is drawn with the documented
probabilities of :func:`pick_probabilities`, from one uniform number given by the caller
(the randomness always comes from a passed-in ``numpy.random.Generator``).

The test stops after ``length`` answers, when the standard error falls below ``stop_se``
(if set), or when no item is eligible. :class:`Cohort` runs any number of attempts in
lockstep (the benchmark and the calibration); :func:`next_item` and :func:`estimate` are
the one-attempt API the certification service calls, built on the same code.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from pixdesk.domain.irt import (
    FloatArray,
    Grid,
    LikelihoodTables,
    Prior,
    information,
    likelihood_tables,
    log_prior,
    posterior_moments,
    probability,
)

__all__ = [
    "REFERENCE_SETTINGS",
    "Cohort",
    "Estimate",
    "FlashSettings",
    "ItemBank",
    "Pick",
    "calibrate_prices",
    "estimate",
    "exposure",
    "next_item",
    "pick_probabilities",
    "simulate",
]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


class Pick(StrEnum):
    """How one item is drawn among the ``top_k`` best-scored eligible items (ranked 1…m)."""

    BEST = "best"  # rank 1 (pure maximum information)
    RANDOM = "random"  # uniform among all eligible items (baseline, not adaptive)
    RANDOMESQUE = "randomesque"  # uniform among the top k: 1/m each
    REFERENCE = "reference"  # rank r with keep·(1-keep)^(r-1); the last rank gets the rest
    SOFTMAX = "softmax"  # rank r ∝ exp((s_r - s_1) / τ), τ from temperature[0] to [1] along the test


@dataclass(frozen=True)
class FlashSettings:
    """Everything that decides a certification test. Defaults are PixDesk's production settings."""

    length: int = 32
    min_answers: int = 20
    stop_se: float | None = None
    start: float = 0.0  # estimate used to pick the first item
    grid: Grid = field(default_factory=Grid)
    prior: Prior = field(default_factory=Prior)
    pick: Pick = Pick.SOFTMAX
    top_k: int = 10
    keep_best: float = 0.51  # Pick.REFERENCE
    temperature: tuple[float, float] = (0.3, 0.03)  # Pick.SOFTMAX: τ at the first and the last item
    use_prices: bool = True  # subtract the bank's exposure prices from the selection values
    expected_information: bool = True  # posterior-expected information, else information at the estimate
    one_per_tube: bool = True
    competence_gap: int = 2
    accessibility_only: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.min_answers <= self.length:
            raise ValueError(f"need 1 <= min_answers <= length, got {self.min_answers}, {self.length}")
        if self.top_k < 1 or not 0 < self.keep_best <= 1 or min(self.temperature) <= 0:
            raise ValueError("top_k >= 1, 0 < keep_best <= 1 and positive temperatures are required")


#: The reference engine as REFERENCE_RULES.md describes it: 80 points on [-9, 9], prior
#: recentred on the latest estimate at variance 1.5, start at -3, best of the top 5 kept
#: with probability 51 %. The cap on one answer's move (1.0) is PixDesk's assumption.
REFERENCE_SETTINGS = FlashSettings(
    start=-3.0,
    grid=Grid(-9.0, 9.0, 80),
    prior=Prior(mean=-3.0, sd=math.sqrt(1.5), recentred=True, max_move=1.0),
    pick=Pick.REFERENCE,
    top_k=5,
    use_prices=False,
    expected_information=False,
)


@dataclass(frozen=True, eq=False)
class ItemBank:
    """Items by index: 2PL parameters, content attributes (small ints), exposure prices.

    ``price`` (information units, >= 0) is subtracted from an item's information when it
    is scored; zeros when the pack ships none.
    """

    a: FloatArray
    b: FloatArray
    tube: IntArray
    competence: IntArray
    accessible: BoolArray
    price: FloatArray | None = None
    _tables: dict[Grid, LikelihoodTables] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        n = len(self.a)
        columns: dict[str, npt.NDArray[np.generic]] = {
            "a": np.array(self.a, dtype=np.float64),
            "b": np.array(self.b, dtype=np.float64),
            "tube": np.array(self.tube, dtype=np.int64),
            "competence": np.array(self.competence, dtype=np.int64),
            "accessible": np.array(self.accessible, dtype=np.bool_),
            "price": np.zeros(n) if self.price is None else np.array(self.price, dtype=np.float64),
        }
        for name, column in columns.items():
            if column.shape != (n,):
                raise ValueError(f"ItemBank.{name} has shape {column.shape}, expected ({n},)")
            column.flags.writeable = False
            object.__setattr__(self, name, column)
        if n == 0 or np.any(self.a <= 0) or np.any(self.tube < 0) or np.any(self.competence < 0):
            raise ValueError("an item bank needs items, a > 0 and non-negative tube and competence numbers")

    @property
    def size(self) -> int:
        return len(self.a)

    def tables(self, grid: Grid) -> LikelihoodTables:
        """Log-likelihood rows of every item on ``grid``, computed once per bank and grid."""
        if grid not in self._tables:
            self._tables[grid] = likelihood_tables(self.a, self.b, grid)
        return self._tables[grid]


@dataclass(frozen=True)
class Estimate:
    theta: float
    se: float


def pick_probabilities(scores: FloatArray, settings: FlashSettings, position: FloatArray) -> FloatArray:
    """Probability of drawing each rank, for rows of scores sorted best first.

    Args:
        scores: shape (n, k), best first; ``-inf`` marks a missing (ineligible) item.
        settings: the pick rule and its parameters.
        position: shape (n,), answers already given (the softmax temperature moves
            linearly from ``temperature[0]`` at the first item to ``temperature[1]`` at the last).

    Returns:
        Shape (n, k); each row sums to 1 over its valid ranks (all zeros if none is valid).
    """
    valid = np.isfinite(scores)
    count = valid.sum(axis=1, keepdims=True)
    if settings.pick is Pick.SOFTMAX:
        first, last = settings.temperature
        share = np.clip(position / max(settings.length - 1, 1), 0.0, 1.0)[:, None]
        tau = first + (last - first) * share
        best = np.where(valid[:, :1], scores[:, :1], 0.0)
        weights = np.where(valid, np.exp(np.where(valid, scores - best, 0.0) / tau), 0.0)
    elif settings.pick is Pick.REFERENCE:
        ranks = np.arange(scores.shape[1])[None, :]
        keep = settings.keep_best
        weights = np.where(ranks < count - 1, keep * (1 - keep) ** ranks, (1 - keep) ** ranks)
        weights = np.where(valid, weights, 0.0)
    elif settings.pick is Pick.BEST:
        weights = np.zeros(scores.shape)
        weights[:, 0] = valid[:, 0]
    else:  # RANDOMESQUE (RANDOM ranks every eligible item, so it is uniform too)
        weights = valid.astype(np.float64)
    total = weights.sum(axis=1, keepdims=True)
    return np.asarray(weights / np.where(total > 0, total, 1.0), dtype=np.float64)


class Cohort:
    """``n`` certification attempts run in lockstep on one bank (one attempt: ``n = 1``).

    Call :meth:`select` for the next item of every unfinished attempt, then :meth:`record`
    the answers. Arrays are public for reading: ``theta``, ``se`` (current estimates),
    ``answered`` (count), ``items`` (shape (n, length), -1 after the last), ``finished``.
    """

    def __init__(self, bank: ItemBank, settings: FlashSettings, n: int) -> None:
        self.bank, self.settings, self.n = bank, settings, n
        self._tables = bank.tables(settings.grid)
        grid = self._tables.grid
        self._fixed_prior = log_prior(settings.prior, grid)
        self._loglik = np.zeros((n, len(grid)))
        use_prices = settings.use_prices and bank.price is not None
        self._scores_price = bank.price if use_prices and bank.price is not None else np.zeros(bank.size)
        self.theta = np.full(n, settings.start, dtype=np.float64)
        prior_sd = (
            settings.prior.sd if settings.prior.sd is not None else (grid[-1] - grid[0]) / math.sqrt(12)
        )
        self.se = np.full(n, prior_sd, dtype=np.float64)
        self.answered = np.zeros(n, dtype=np.int64)
        self.items = np.full((n, settings.length), -1, dtype=np.int64)
        self.finished = np.zeros(n, dtype=bool)
        self._used = np.zeros((n, bank.size), dtype=bool)
        self._tube_used = np.zeros((n, int(bank.tube.max()) + 1), dtype=bool)
        self._recent = np.full((n, max(settings.competence_gap, 1)), -1, dtype=np.int64)
        self._ogive_width = np.square(1.7 / bank.a)
        self._allowed = bank.accessible if settings.accessibility_only else np.ones(bank.size, dtype=bool)

    def eligible(self, rows: IntArray, content: bool = True) -> BoolArray:
        """Eligibility of every item for the attempts ``rows``; ``content=False`` drops the competence gap."""
        ok = ~self._used[rows] & self._allowed
        if self.settings.one_per_tube:
            ok &= ~self._tube_used[rows][:, self.bank.tube]
        if content and self.settings.competence_gap > 0:
            recent = self._recent[rows]
            for column in range(self.settings.competence_gap):
                ok &= self.bank.competence[None, :] != recent[:, column : column + 1]
        return np.asarray(ok, dtype=bool)

    def select(self, uniforms: FloatArray) -> IntArray:
        """The next item of every attempt (-1 for a finished one), one uniform in [0, 1) each.

        An attempt finishes here when it has ``length`` answers, its standard error is
        below ``stop_se``, or no item is eligible even without the competence rule.
        """
        settings = self.settings
        done = self.finished | (self.answered >= settings.length)
        if settings.stop_se is not None:
            done |= (self.answered > 0) & (self.se < settings.stop_se)
        self.finished = done
        chosen = np.full(self.n, -1, dtype=np.int64)
        rows = np.flatnonzero(~done)
        if rows.size == 0:
            return chosen
        ok = self.eligible(rows)
        starved = ~ok.any(axis=1)
        if starved.any():  # degradation: drop the competence rule for these attempts only
            ok[starved] = self.eligible(rows[starved], content=False)
        if settings.pick is Pick.RANDOM:
            scores = np.where(ok, 0.0, -np.inf)
            k = self.bank.size
        else:
            info = self.selection_values(rows) - self._scores_price
            scores = np.where(ok, info, -np.inf)
            k = min(settings.top_k, self.bank.size)
        top = np.argpartition(-scores, k - 1, axis=1)[:, :k] if k < scores.shape[1] else np.argsort(-scores)
        top_scores = np.take_along_axis(scores, top, axis=1)
        order = np.argsort(-top_scores, axis=1, kind="stable")
        top = np.take_along_axis(top, order, axis=1)
        top_scores = np.take_along_axis(top_scores, order, axis=1)
        probs = pick_probabilities(top_scores, settings, self.answered[rows].astype(np.float64))
        cumulative = np.cumsum(probs, axis=1)
        rank = (cumulative <= uniforms[rows, None] * cumulative[:, -1:]).sum(axis=1)
        rank = np.minimum(rank, k - 1)
        picked = top[np.arange(rows.size), rank]
        none = ~np.isfinite(top_scores[:, 0])
        picked[none] = -1
        self.finished[rows[none]] = True
        chosen[rows] = picked
        return chosen

    def record(self, items: IntArray, correct: BoolArray) -> None:
        """Record one answer per attempt (``items[i] = -1``: no answer for attempt i) and re-estimate."""
        rows = np.flatnonzero(items >= 0)
        if rows.size == 0:
            return
        item = items[rows]
        right = correct[rows]
        self._used[rows, item] = True
        self._tube_used[rows, self.bank.tube[item]] = True
        self._recent[rows, 1:] = self._recent[rows, :-1]
        self._recent[rows, 0] = self.bank.competence[item]
        self.items[rows, self.answered[rows]] = item
        self.answered[rows] += 1
        tables = self._tables
        self._loglik[rows] += np.where(right[:, None], tables.log_right[item], tables.log_wrong[item])
        self._update_estimates(rows)

    def selection_values(self, rows: IntArray) -> FloatArray:
        """Selection value of every item for ``rows``: information at the estimate, or expected information.

        Expected information averages I(θ) over the posterior, approximated as N(estimate, se²)
        with the logistic approximated by the normal ogive (scale 1.7): a · φ((θ̂ - b) / S) / S,
        S² = (1.7 / a)² + se². It equals the information at the estimate as se → 0 (up to the
        ogive approximation) and discounts sharp items while the estimate is still vague.
        """
        theta = self.theta[rows, None]
        if not self.settings.expected_information:
            return information(theta, self.bank.a, self.bank.b)
        spread = np.sqrt(self._ogive_width + np.square(self.se[rows, None]))
        z = (theta - self.bank.b) / spread
        return np.asarray(self.bank.a * np.exp(-0.5 * z * z) / (spread * math.sqrt(2 * math.pi)))

    @property
    def grid(self) -> FloatArray:
        """The θ values of the EAP grid."""
        return self._tables.grid

    def log_posterior(self, rows: IntArray | None = None) -> FloatArray:
        """Unnormalised log posterior on the grid, shape (rows, G).

        A recentred prior sits on the current estimate.
        """
        picked = np.arange(self.n) if rows is None else rows
        prior = self.settings.prior
        if prior.recentred:
            return self._loglik[picked] + log_prior(prior, self.grid, centre=self.theta[picked])
        return self._loglik[picked] + self._fixed_prior

    def _update_estimates(self, rows: IntArray) -> None:
        prior = self.settings.prior
        mean, sd = posterior_moments(self.log_posterior(rows), self.grid)
        if prior.max_move is not None:
            previous = self.theta[rows]
            mean = np.clip(mean, previous - prior.max_move, previous + prior.max_move)
        self.theta[rows] = mean
        self.se[rows] = sd

    @classmethod
    def replay(
        cls,
        bank: ItemBank,
        settings: FlashSettings,
        items: Sequence[int],
        correct: Sequence[bool],
    ) -> Cohort:
        """One attempt brought to the state after ``items`` answered ``correct``."""
        if len(items) != len(correct):
            raise ValueError(f"{len(items)} items but {len(correct)} answers")
        if len(items) > settings.length:
            raise ValueError(f"{len(items)} answers for a test of {settings.length}")
        cohort = cls(bank, settings, 1)
        for item, right in zip(items, correct, strict=True):
            if not 0 <= item < bank.size:
                raise ValueError(f"item {item} is not in the bank (size {bank.size})")
            cohort.record(np.array([item]), np.array([bool(right)]))
        return cohort


def estimate(
    bank: ItemBank, items: Sequence[int], correct: Sequence[bool], settings: FlashSettings
) -> Estimate:
    """EAP capacity and its standard error after ``items`` (bank indices) answered ``correct``."""
    cohort = Cohort.replay(bank, settings, items, correct)
    return Estimate(float(cohort.theta[0]), float(cohort.se[0]))


def next_item(
    bank: ItemBank,
    items_so_far: Sequence[int],
    correct_so_far: Sequence[bool],
    settings: FlashSettings,
    rng: np.random.Generator,
) -> int | None:
    """The bank index of the next item, or ``None`` when the test is over.

    Draws exactly one uniform from ``rng``; seed it from the attempt id and the number of
    answers so far, so that a step is reproducible and steps are independent.
    """
    cohort = Cohort.replay(bank, settings, items_so_far, correct_so_far)
    item = int(cohort.select(rng.random(1))[0])
    return None if item < 0 else item


def simulate(bank: ItemBank, settings: FlashSettings, answers: BoolArray, rng: np.random.Generator) -> Cohort:
    """Run one attempt per row of ``answers`` to the end.

    ``answers`` has shape (n, bank size): the answer each examinee would give to each item.
    """
    n = int(answers.shape[0])
    cohort = Cohort(bank, settings, n)
    rows = np.arange(n)
    while True:
        chosen = cohort.select(rng.random(cohort.n))
        if np.all(chosen < 0):
            return cohort
        cohort.record(chosen, answers[rows, np.maximum(chosen, 0)])


def exposure(bank: ItemBank, cohort: Cohort) -> FloatArray:
    """Share of the cohort's attempts that were asked each item."""
    asked = cohort.items[cohort.items >= 0]
    return np.bincount(asked, minlength=bank.size) / cohort.n


def calibrate_prices(
    bank: ItemBank,
    settings: FlashSettings,
    thetas: FloatArray,
    rng: np.random.Generator,
    *,
    target: float = 0.25,
    rounds: int = 40,
    first_step: float = 0.05,
    average_from: int | None = None,
) -> FloatArray:
    """Exposure prices that bring every item's exposure down to about ``target`` for a population.

    Simulates the examinees ``thetas`` ``rounds`` times with the current prices, with fresh
    answers drawn from the 2PL model at each round (so the prices fit the population's
    answers, not one draw of them). After each round, an item asked more often than
    ``target`` gets dearer and one asked less gets cheaper (never below 0), by a step of its
    own that grows by 1.2 while the direction holds and halves when it flips (resilient
    propagation), within [1e-4, 0.2].

    The result is the mean of the prices after rounds ``average_from`` … ``rounds - 1``
    (default: the second half). Each round sees a fresh draw of answers, so the last
    prices carry the noise of the last few rounds' signs; their average does not, and an
    independent population then meets ``target`` more tightly (largest exposure over
    10,000 examinees 0.27 instead of 0.29 for a target of 0.25). A pack builder runs this
    once per certification bank and ships the prices with it; all randomness comes from ``rng``.
    """
    first_averaged = rounds // 2 if average_from is None else average_from
    if not 0 <= first_averaged < rounds:
        raise ValueError(f"need 0 <= average_from < rounds, got {average_from}, {rounds}")
    chances = probability(thetas[:, None], bank.a, bank.b)
    calibrating = replace(settings, use_prices=True)
    prices = np.zeros(bank.size)
    steps = np.full(bank.size, first_step)
    last = np.zeros(bank.size)
    total = np.zeros(bank.size)
    for round_number in range(rounds):
        priced = replace(bank, price=prices)
        answers = rng.random(chances.shape) < chances
        direction = np.sign(exposure(priced, simulate(priced, calibrating, answers, rng)) - target)
        direction[(prices <= 0) & (direction < 0)] = 0.0
        agree = direction * last
        steps = np.clip(np.where(agree > 0, steps * 1.2, np.where(agree < 0, steps * 0.5, steps)), 1e-4, 0.2)
        prices = np.maximum(0.0, prices + direction * steps)
        last = direction
        if round_number >= first_averaged:
            total += prices
    return np.asarray(total / (rounds - first_averaged), dtype=np.float64)
