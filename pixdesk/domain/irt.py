"""Two-parameter logistic (2PL) item response model and EAP on a grid. Layer: domain.

The certification engine (:mod:`pixdesk.domain.flash`) measures a candidate's capacity θ
with the 2PL model of the reference platform (REFERENCE_RULES.md, "Certification"):

* probability of a correct answer ``P(θ) = 1 / (1 + exp(-a (θ - b)))``;
* Fisher information ``I(θ) = a² P(θ) (1 - P(θ))``;
* the estimate is the posterior mean (EAP) over a fixed grid of θ values and its standard
  error the posterior standard deviation.

Everything is vectorised with numpy: the log-likelihood of a right and of a wrong answer
to every item at every grid point is computed once per bank (:class:`LikelihoodTables`),
so recording an answer is one row addition and an estimate one pass over the grid, for
one attempt or for thousands in lockstep (leading axes are examinees).

Two priors are offered (:class:`Prior`): a fixed normal N(mean, sd²) (PixDesk's choice,
see docs/certification-engine.md), and the reference's prior recentred on the latest
estimate at every answer, with an optional cap on how far one answer moves the estimate.
A flat prior is ``sd=None``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "FloatArray",
    "Grid",
    "LikelihoodTables",
    "Prior",
    "information",
    "likelihood_tables",
    "log_prior",
    "posterior_moments",
    "probability",
]

FloatArray = npt.NDArray[np.float64]


def probability(theta: npt.ArrayLike, a: npt.ArrayLike, b: npt.ArrayLike) -> FloatArray:
    """P(correct) = 1 / (1 + exp(-a (θ - b))), broadcast over the arguments."""
    z = np.multiply(a, np.subtract(theta, b), dtype=np.float64)
    return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)


def information(theta: npt.ArrayLike, a: npt.ArrayLike, b: npt.ArrayLike) -> FloatArray:
    """Fisher information a² P (1 - P) of an item at θ, broadcast over the arguments."""
    p = probability(theta, a, b)
    return np.asarray(np.square(a) * p * (1.0 - p), dtype=np.float64)


@dataclass(frozen=True)
class Grid:
    """``points`` equally spaced values of θ from ``low`` to ``high`` (both included)."""

    low: float = -6.0
    high: float = 6.0
    points: int = 121

    def __post_init__(self) -> None:
        if self.points < 2 or not self.low < self.high:
            raise ValueError(f"grid needs low < high and 2 points or more, got {self}")

    def values(self) -> FloatArray:
        return np.linspace(self.low, self.high, self.points, dtype=np.float64)


@dataclass(frozen=True)
class Prior:
    """The prior of the EAP.

    Attributes:
        mean: centre of the fixed normal prior (also the estimate before any answer
            when ``recentred``, unless the engine's start says otherwise).
        sd: its standard deviation; ``None`` is a flat prior over the grid.
        recentred: the reference variant: before each answer's update the prior is moved
            to the latest estimate (so it is counted again at every answer).
        max_move: if set, one answer moves the estimate by at most this much.
    """

    mean: float = 0.0
    sd: float | None = 1.0
    recentred: bool = False
    max_move: float | None = None

    def __post_init__(self) -> None:
        if self.sd is not None and self.sd <= 0:
            raise ValueError(f"prior sd must be positive, got {self.sd}")
        if self.max_move is not None and self.max_move <= 0:
            raise ValueError(f"max_move must be positive, got {self.max_move}")

    @property
    def path_dependent(self) -> bool:
        """True when an estimate depends on the order of the answers, not only on the set."""
        return self.recentred or self.max_move is not None


def log_prior(prior: Prior, grid: FloatArray, centre: FloatArray | float | None = None) -> FloatArray:
    """Log density (up to a constant) of ``prior`` on ``grid``.

    ``centre`` (one value per examinee, shape (n,)) replaces the mean for a recentred
    prior; the result then has shape (n, G), else (G,).
    """
    if prior.sd is None:
        return np.zeros_like(grid)
    mean: Any = prior.mean if centre is None else np.asarray(centre, dtype=np.float64)[..., None]
    return np.asarray(-0.5 * np.square((grid - mean) / prior.sd), dtype=np.float64)


@dataclass(frozen=True, eq=False)
class LikelihoodTables:
    """Per item and grid point: log P(right) and log P(wrong). Shapes (n_items, G)."""

    grid: FloatArray
    log_right: FloatArray
    log_wrong: FloatArray


def likelihood_tables(a: FloatArray, b: FloatArray, grid: Grid) -> LikelihoodTables:
    """Precompute the log-likelihood rows of every item on ``grid`` (done once per bank)."""
    values = grid.values()
    z = a[:, None] * (values[None, :] - b[:, None])
    # log σ(z) = -log(1 + e^-z) and log(1 - σ(z)) = -log(1 + e^z), both stable for large |z|.
    log_right = -np.logaddexp(0.0, -z)
    log_wrong = -np.logaddexp(0.0, z)
    for table in (values, log_right, log_wrong):
        table.flags.writeable = False
    return LikelihoodTables(values, log_right, log_wrong)


def posterior_moments(log_posterior: FloatArray, grid: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Mean and standard deviation of the posterior given by its log density on ``grid``.

    ``log_posterior`` has shape (..., G) and need not be normalised; the results have the
    leading shape. The density is shifted by its maximum before ``exp`` so no value
    underflows to an all-zero row.
    """
    shifted = log_posterior - log_posterior.max(axis=-1, keepdims=True)
    weights = np.exp(shifted)
    total = weights.sum(axis=-1)
    mean = (weights @ grid) / total
    second = (weights @ np.square(grid)) / total
    sd = np.sqrt(np.maximum(second - np.square(mean), 0.0))
    return np.asarray(mean, dtype=np.float64), np.asarray(sd, dtype=np.float64)
