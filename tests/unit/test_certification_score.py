"""Certification score: intervals, pix, global and competence levels, abort and degradation rules."""

from __future__ import annotations

import numpy as np
import pytest

from pixdesk.domain.answers import AnswerStatus
from pixdesk.domain.certification_score import (
    Abort,
    CapacityIntervals,
    CertificationStatus,
    GlobalLevel,
    capacity_to_pix,
    certification_result,
    competence_level,
    default_intervals,
    global_level,
    mesh_of_pix,
)
from pixdesk.domain.flash import FlashSettings, ItemBank, simulate

SETTINGS = FlashSettings()
OK, KO = AnswerStatus.OK, AnswerStatus.KO


def cert_bank() -> ItemBank:
    """240 items, 80 tubes, 16 competences (tube mod 16), difficulties spread over the levels."""
    rng = np.random.default_rng(8)
    tube = np.arange(240) % 80
    return ItemBank(
        rng.uniform(0.8, 1.8, 240), rng.uniform(-3, 3, 240), tube, tube % 16, np.ones(240, dtype=bool)
    )


def attempt(theta: float, seed: int = 1) -> tuple[ItemBank, list[int], list[AnswerStatus]]:
    """A full 32-question attempt of an examinee at ``theta``."""
    bank = cert_bank()
    p = 1 / (1 + np.exp(-bank.a * (theta - bank.b)))
    answers = np.random.default_rng(seed).random((1, bank.size)) < p
    cohort = simulate(bank, SETTINGS, answers, np.random.default_rng(seed + 1))
    items = cohort.items[0].tolist()
    return bank, items, [OK if answers[0, i] else KO for i in items]


# --- intervals and pix ------------------------------------------------------------------------


def test_default_intervals_follow_the_pack_difficulty_mapping() -> None:
    bounds = default_intervals().bounds
    assert bounds == pytest.approx((-2.7, -2.25, -1.8, -0.9, 0.0, 0.9, 1.8, 2.7, 3.6, 4.5))
    # pix 128 L (level L) sits halfway between b(L) and b(L + 1), b(L) = (L - 3.5) x 0.9
    for level in range(1, 8):
        halfway = ((level - 3.5) * 0.9 + (level + 1 - 3.5) * 0.9) / 2
        assert bounds[level + 1] == pytest.approx(halfway)


@pytest.mark.parametrize(
    ("capacity", "pix"),
    [
        (-5.0, 0),
        (-2.7, 0),
        (-2.475, 32),
        (-2.25, 64),
        (-1.8, 128),
        (-1.35, 192),
        (0.0, 384),
        (0.45, 448),
        (2.7, 767),
        (9.0, 767),
    ],
)
def test_capacity_to_pix_interpolates_inside_a_mesh_and_caps_at_six_levels(capacity: float, pix: int) -> None:
    assert capacity_to_pix(capacity, default_intervals(6)) == pix


def test_the_cap_follows_the_max_open_level() -> None:
    assert capacity_to_pix(9.0, default_intervals(7)) == 895
    assert capacity_to_pix(3.15, default_intervals(7)) == 832  # halfway through mesh 7 (768–896)
    assert capacity_to_pix(9.0, default_intervals(8)) == 1023
    assert default_intervals(5).max_pix == 639


@pytest.mark.parametrize(
    ("pix", "mesh", "level"),
    [
        (0, 0, GlobalLevel.PRE_BEGINNER),
        (63, 0, GlobalLevel.PRE_BEGINNER),
        (64, 1, GlobalLevel.BEGINNER),
        (255, 2, GlobalLevel.BEGINNER),
        (256, 3, GlobalLevel.INDEPENDENT),
        (511, 4, GlobalLevel.INDEPENDENT),
        (512, 5, GlobalLevel.ADVANCED),
        (767, 6, GlobalLevel.ADVANCED),
        (768, 7, GlobalLevel.EXPERT),
        (1023, 8, GlobalLevel.EXPERT),
    ],
)
def test_meshes_and_global_levels(pix: int, mesh: int, level: GlobalLevel) -> None:
    assert mesh_of_pix(pix) == mesh
    assert global_level(pix) is level


@pytest.mark.parametrize(
    ("capacity", "level"),
    [(-2.8, 0), (-1.81, 0), (-1.8, 1), (0.0, 3), (2.69, 5), (2.7, 6), (4.0, 6), (9.0, 6)],
)
def test_competence_levels_reach_the_max_open_level(capacity: float, level: int) -> None:
    assert competence_level(capacity, default_intervals(6)) == level


def test_intervals_are_checked() -> None:
    with pytest.raises(ValueError):
        CapacityIntervals((0.0, 1.0))
    with pytest.raises(ValueError):
        CapacityIntervals((0, 1, 2, 3, 4, 4, 5, 6, 7, 8))
    with pytest.raises(ValueError):
        CapacityIntervals(default_intervals().bounds, max_open_level=9)


# --- results ----------------------------------------------------------------------------------


def test_a_full_test_is_validated_with_levels() -> None:
    bank, items, statuses = attempt(theta=0.5)
    result = certification_result(bank, items, statuses, SETTINGS, default_intervals())
    assert result.status is CertificationStatus.VALIDATED
    assert result.answered == 32 and result.skipped == 0 and not result.downgraded
    assert result.capacity is not None and result.se is not None and result.se < 0.5
    assert result.pix == capacity_to_pix(result.capacity, default_intervals())
    assert result.global_level is global_level(result.pix)
    assert result.competence_levels is not None
    assert set(result.competence_levels) == set(range(16))
    assert all(0 <= level <= 6 for level in result.competence_levels.values())


def test_a_stronger_candidate_scores_higher() -> None:
    weak = certification_result(*attempt(theta=-1.5), SETTINGS, default_intervals())
    strong = certification_result(*attempt(theta=1.5), SETTINGS, default_intervals())
    assert strong.pix > weak.pix


def test_only_ok_is_a_success() -> None:
    bank, items, statuses = attempt(theta=0.0)
    as_ko = certification_result(bank, items, statuses, SETTINGS, default_intervals())
    other = [AnswerStatus.TIMEDOUT if s is KO else s for s in statuses]
    assert certification_result(bank, items, other, SETTINGS, default_intervals()).capacity == as_ko.capacity
    as_text = [str(s) for s in statuses]
    assert (
        certification_result(bank, items, as_text, SETTINGS, default_intervals()).capacity == as_ko.capacity
    )


def test_candidate_abort_after_20_answers_counts_the_missing_ones_as_skipped() -> None:
    bank, items, statuses = attempt(theta=0.5)
    given = 25
    technical = certification_result(
        bank, items[:given], statuses[:given], SETTINGS, default_intervals(), "technical"
    )
    candidate = certification_result(
        bank, items[:given], statuses[:given], SETTINGS, default_intervals(), "candidate"
    )
    assert technical.status is candidate.status is CertificationStatus.VALIDATED
    assert technical.skipped == 0 and not technical.downgraded
    assert candidate.skipped == 7 and candidate.downgraded
    assert candidate.capacity is not None and technical.capacity is not None
    assert candidate.capacity < technical.capacity
    assert candidate.pix <= technical.pix


def test_fewer_skipped_answers_cost_less() -> None:
    bank, items, statuses = attempt(theta=0.5)
    at_22 = certification_result(
        bank, items[:22], statuses[:22], SETTINGS, default_intervals(), Abort.CANDIDATE
    )
    at_30 = certification_result(
        bank, items[:30], statuses[:30], SETTINGS, default_intervals(), Abort.CANDIDATE
    )
    assert at_22.skipped == 10 and at_30.skipped == 2
    assert at_22.capacity is not None and at_30.capacity is not None
    assert at_22.capacity < at_30.capacity


@pytest.mark.parametrize(
    ("aborted", "status"),
    [
        ("candidate", CertificationStatus.REJECTED),
        ("technical", CertificationStatus.CANCELLED),
        (None, CertificationStatus.CANCELLED),  # the engine ran out of eligible items
    ],
)
def test_fewer_than_20_answers(aborted: str | None, status: CertificationStatus) -> None:
    bank, items, statuses = attempt(theta=0.5)
    result = certification_result(bank, items[:19], statuses[:19], SETTINGS, default_intervals(), aborted)
    assert result.status is status
    assert result.answered == 19
    assert result.capacity is None and result.pix == 0 and result.global_level is None
    assert result.reason == "certification.too_few_answers"


def test_exactly_20_answers_are_enough() -> None:
    bank, items, statuses = attempt(theta=0.5)
    result = certification_result(bank, items[:20], statuses[:20], SETTINGS, default_intervals(), "candidate")
    assert result.status is CertificationStatus.VALIDATED
    assert result.skipped == 12


def test_competence_levels_follow_the_competence_answers() -> None:
    bank, items, _statuses = attempt(theta=0.0)
    competence = int(bank.competence[items[0]])
    mine = [i for i in items if bank.competence[i] == competence]
    assert mine
    right = [OK if bank.competence[i] == competence else (OK if n % 2 else KO) for n, i in enumerate(items)]
    wrong = [KO if bank.competence[i] == competence else s for i, s in zip(items, right, strict=True)]
    high = certification_result(bank, items, right, SETTINGS, default_intervals())
    low = certification_result(bank, items, wrong, SETTINGS, default_intervals())
    assert high.competence_levels is not None and low.competence_levels is not None
    assert high.competence_levels[competence] >= low.competence_levels[competence]
    unasked = sorted(set(range(16)) - {int(bank.competence[i]) for i in items})
    assert high.capacity is not None
    for code in unasked:  # no answer: the global estimate's level
        assert high.competence_levels[code] == competence_level(high.capacity, default_intervals())


def test_bad_input_is_refused() -> None:
    bank, items, statuses = attempt(theta=0.0)
    with pytest.raises(ValueError):
        certification_result(bank, items, statuses[:-1], SETTINGS, default_intervals())
    with pytest.raises(ValueError):
        certification_result(bank, items, statuses, SETTINGS, default_intervals(), "power cut")
