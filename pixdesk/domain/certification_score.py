"""Certification score: capacity → pix, global and per-competence levels, abort rules. Layer: domain.

**Capacity intervals** (shipped in the certification pack as ``capacity_intervals``: ten
increasing capacities ``c0 … c9``). Mesh m (0–8) is the capacity range [c_m, c_{m+1});
it maps linearly onto the pix band [PIX_BANDS[m], PIX_BANDS[m+1]) = 0–64, 64–128,
128–256, 256–384 … 896–1024 (weights 64, 64, then 128). Below c0 is 0 pix, from c9 on
1024; the score is then capped at the top of the last open level's mesh minus one
(895 for 7 open levels, 767 for 6). ``c1 … c8`` are the 8 boundaries between meshes.

**Global level** from the mesh of the capped score: 0 pre-beginner, 1–2 beginner,
3–4 independent, 5–6 advanced, 7–8 expert.

**Competence levels.** About two of the 32 answers fall in each competence: too few to
measure it alone. A competence's capacity is the EAP of a prior N(global estimate,
COMPETENCE_SD²) updated by that competence's answers; its level is floor(pix / 128) at
that capacity (128 pix of the global score = one level in every competence), capped at
the max open level. A competence never asked gets the global estimate's level.

**Abort rules** (REFERENCE_RULES.md). With at least ``min_answers`` (20) answers a test
is scored; a candidate abort counts each missing answer as skipped (a wrong answer to an
item of average discrimination placed at the current estimate, one after the other), so
the score is downgraded; a technical abort scores the answers given as they are. With
fewer answers the test is rejected, or cancelled when the cause was technical (a
technical abort, or a test the engine ended early because no item was eligible).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from pixdesk.domain.answers import AnswerStatus
from pixdesk.domain.flash import Cohort, FlashSettings, ItemBank
from pixdesk.domain.irt import FloatArray, Prior, log_prior, posterior_moments, probability

__all__ = [
    "COMPETENCE_SD",
    "PIX_BANDS",
    "Abort",
    "CapacityIntervals",
    "CertificationResult",
    "CertificationStatus",
    "GlobalLevel",
    "capacity_to_pix",
    "certification_result",
    "competence_level",
    "default_intervals",
    "global_level",
    "mesh_of_pix",
]

PIX_BANDS = (0, 64, 128, 256, 384, 512, 640, 768, 896, 1024)
PIX_PER_LEVEL = 128  # 16 competences x 8 pix
COMPETENCE_SD = 0.5


class GlobalLevel(StrEnum):
    PRE_BEGINNER = "pre-beginner"
    BEGINNER = "beginner"
    INDEPENDENT = "independent"
    ADVANCED = "advanced"
    EXPERT = "expert"


class CertificationStatus(StrEnum):
    VALIDATED = "validated"
    REJECTED = "rejected"
    CANCELLED = "cancelled"


class Abort(StrEnum):
    CANDIDATE = "candidate"
    TECHNICAL = "technical"


@dataclass(frozen=True)
class CapacityIntervals:
    """``bounds``: the ten capacities c0 … c9 of a certification pack (see the module docstring)."""

    bounds: tuple[float, ...]
    max_open_level: int = 6

    def __post_init__(self) -> None:
        if len(self.bounds) != len(PIX_BANDS):
            raise ValueError(f"capacity_intervals needs {len(PIX_BANDS)} values, got {len(self.bounds)}")
        if any(not math.isfinite(v) for v in self.bounds) or any(
            low >= high for low, high in zip(self.bounds, self.bounds[1:], strict=False)
        ):
            raise ValueError(f"capacity_intervals must be finite and strictly increasing: {self.bounds}")
        if not 1 <= self.max_open_level <= 8:
            raise ValueError(f"max_open_level must be 1–8, got {self.max_open_level}")

    @property
    def max_pix(self) -> int:
        return PIX_BANDS[self.max_open_level + 1] - 1


def default_intervals(max_open_level: int = 6) -> CapacityIntervals:
    """Intervals derived from the pack difficulty mapping b = (level - 3.5) x 0.9.

    A candidate of (average) level x passes the items of level x and fails those of
    level x + 1: at P = 1/2 they sit halfway between b(x) and b(x + 1), at capacity
    0.9 (x - 3). The score of level x is 128 x pix, so the pix boundaries 0, 64, 128,
    256 … 1024 (levels 0, 0.5, 1, 2 … 8) give c = -2.7, -2.25, -1.8, -0.9, 0, 0.9 … 4.5.
    """
    levels = [pix / PIX_PER_LEVEL for pix in PIX_BANDS]
    return CapacityIntervals(tuple(round(0.9 * (x - 3.0), 6) for x in levels), max_open_level)


def _pix_value(capacity: float, intervals: CapacityIntervals) -> float:
    """Pix of ``capacity`` before flooring and capping: linear inside its mesh."""
    bounds = intervals.bounds
    if capacity < bounds[0]:
        return 0.0
    if capacity >= bounds[-1]:
        return float(PIX_BANDS[-1])
    mesh = max(m for m in range(len(bounds) - 1) if bounds[m] <= capacity)
    share = (capacity - bounds[mesh]) / (bounds[mesh + 1] - bounds[mesh])
    return PIX_BANDS[mesh] + share * (PIX_BANDS[mesh + 1] - PIX_BANDS[mesh])


def capacity_to_pix(capacity: float, intervals: CapacityIntervals) -> int:
    """The pix score of ``capacity``: linear inside its mesh, floored, capped at ``intervals.max_pix``."""
    return min(math.floor(_pix_value(capacity, intervals)), intervals.max_pix)


def competence_level(capacity: float, intervals: CapacityIntervals) -> int:
    """The level (0 to the max open level) of a competence measured at ``capacity``: floor(pix / 128)."""
    return min(math.floor(_pix_value(capacity, intervals) / PIX_PER_LEVEL), intervals.max_open_level)


def mesh_of_pix(pix: int) -> int:
    """The mesh (0–8) holding a pix score."""
    return max(m for m in range(len(PIX_BANDS) - 1) if PIX_BANDS[m] <= max(pix, 0))


def global_level(pix: int) -> GlobalLevel:
    mesh = mesh_of_pix(pix)
    if mesh == 0:
        return GlobalLevel.PRE_BEGINNER
    return (GlobalLevel.BEGINNER, GlobalLevel.INDEPENDENT, GlobalLevel.ADVANCED, GlobalLevel.EXPERT)[
        (mesh - 1) // 2
    ]


@dataclass(frozen=True)
class CertificationResult:
    """The outcome of one certification test; ``capacity`` and the levels are set only when validated.

    ``skipped`` counts the missing answers scored as skipped (candidate abort);
    ``reason`` is a message code when the test is not validated.
    """

    status: CertificationStatus
    answered: int
    capacity: float | None = None
    se: float | None = None
    pix: int = 0
    global_level: GlobalLevel | None = None
    competence_levels: dict[int, int] | None = None
    skipped: int = 0
    reason: str | None = None

    @property
    def downgraded(self) -> bool:
        return self.skipped > 0


def _skipped_answers(log_post: FloatArray, grid: FloatArray, a: float, count: int) -> FloatArray:
    """The log posterior after ``count`` wrong answers to items of discrimination ``a`` at the estimate."""
    for _ in range(count):
        mean, _sd = posterior_moments(log_post, grid)
        log_post = log_post + np.log1p(-probability(grid, a, mean))
    return log_post


def _competence_levels(
    bank: ItemBank,
    items: Sequence[int],
    correct: Sequence[bool],
    capacity: float,
    settings: FlashSettings,
    intervals: CapacityIntervals,
) -> dict[int, int]:
    tables = bank.tables(settings.grid)
    prior = log_prior(Prior(mean=capacity, sd=COMPETENCE_SD), tables.grid)
    asked = np.asarray(items, dtype=np.int64)
    right = np.asarray(correct, dtype=bool)
    levels: dict[int, int] = {}
    for competence in np.unique(bank.competence).tolist():
        mine = bank.competence[asked] == competence
        loglik = tables.log_right[asked[mine & right]].sum(axis=0)
        loglik = loglik + tables.log_wrong[asked[mine & ~right]].sum(axis=0)
        theta, _sd = posterior_moments(prior + loglik, tables.grid)
        levels[int(competence)] = competence_level(float(theta), intervals)
    return levels


def certification_result(
    bank: ItemBank,
    items: Sequence[int],
    statuses: Sequence[AnswerStatus | str],
    settings: FlashSettings,
    intervals: CapacityIntervals,
    aborted: Abort | str | None = None,
) -> CertificationResult:
    """Score a certification test: ``items`` (bank indices) in the order asked, their answer statuses.

    Only ``ok`` is a success. ``aborted`` is ``None`` for a test that ran to its end,
    else ``"candidate"`` or ``"technical"``.
    """
    if len(items) != len(statuses):
        raise ValueError(f"{len(items)} items but {len(statuses)} statuses")
    abort = None if aborted is None else Abort(aborted)
    answered = len(items)
    if answered < settings.min_answers:
        technical = abort is Abort.TECHNICAL or abort is None
        status = CertificationStatus.CANCELLED if technical else CertificationStatus.REJECTED
        return CertificationResult(status, answered, reason="certification.too_few_answers")
    correct = [AnswerStatus(s).success for s in statuses]
    cohort = Cohort.replay(bank, settings, items, correct)
    capacity, se = float(cohort.theta[0]), float(cohort.se[0])
    skipped = max(settings.length - answered, 0) if abort is Abort.CANDIDATE else 0
    if skipped:
        grid = cohort.grid
        mean_a = float(np.mean(bank.a[np.asarray(items, dtype=np.int64)]))
        log_post = _skipped_answers(cohort.log_posterior()[0], grid, mean_a, skipped)
        mean, sd = posterior_moments(log_post, grid)
        capacity, se = float(mean), float(sd)
    pix = capacity_to_pix(capacity, intervals)
    return CertificationResult(
        CertificationStatus.VALIDATED,
        answered,
        capacity=capacity,
        se=se,
        pix=pix,
        global_level=global_level(pix),
        competence_levels=_competence_levels(bank, items, correct, capacity, settings, intervals),
        skipped=skipped,
    )
