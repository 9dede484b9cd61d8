"""Pix arithmetic: skill values, floor and caps, levels, totals, certifiability."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from knowledge_framework import FW, T0, make_framework

from pixdesk.domain.answers import AnswerStatus
from pixdesk.domain.ids import ChallengeId, CompetenceCode, SkillId, TubeId
from pixdesk.domain.knowledge import KESource, KEStatus, KnowledgeElement, elements_for_answer
from pixdesk.domain.scoring import (
    CompetenceScore,
    competence_score,
    is_certifiable,
    skill_pix_value,
    total_pix,
)

C11, C12 = CompetenceCode("1.1"), CompetenceCode("1.2")


def validated(*skills: str) -> list[KnowledgeElement]:
    """Elements as the engine makes them: one correct answer per skill, in order."""
    history: list[KnowledgeElement] = []
    for n, name in enumerate(skills):
        history += elements_for_answer(
            FW, SkillId(name), AnswerStatus.OK, history, ChallengeId(f"c{n}"), T0 + timedelta(minutes=n)
        )
    return history


def direct(*skills: str) -> list[KnowledgeElement]:
    """Validated direct elements for exactly these skills (no inference)."""
    return [
        KnowledgeElement(
            s.id,
            s.tube_id,
            s.competence,
            KEStatus.VALIDATED,
            KESource.DIRECT,
            skill_pix_value(FW, s),
            T0,
            None,
        )
        for s in (FW.skill(SkillId(name)) for name in skills)
    ]


def synthetic(
    competence: CompetenceCode, earned: list[float], status: KEStatus = KEStatus.VALIDATED
) -> list[KnowledgeElement]:
    """Elements of made-up skills with the given earned pix."""
    return [
        KnowledgeElement(
            SkillId(f"@syn{n}"), TubeId("syn"), competence, status, KESource.DIRECT, pix, T0, None
        )
        for n, pix in enumerate(earned)
    ]


@pytest.mark.parametrize(
    ("skill", "value"),
    [
        pytest.param("@search1", 4.0, id="2-skills-at-level-1"),
        pytest.param("@files1", 4.0, id="2-skills-at-level-1-other-tube"),
        pytest.param("@search2", 8 / 3, id="3-skills-at-level-2"),
        pytest.param("@tags2", 8 / 3, id="3-skills-at-level-2-other-tube"),
        pytest.param("@search3", 4.0, id="archived-tags3-not-counted"),
        pytest.param("@search4", 4.0, id="alone-8-capped-at-4"),
        pytest.param("@search5", 0.0, id="archived-earns-nothing"),
        pytest.param("@search6", 4.0, id="alone-at-level-6"),
        pytest.param("@pw3", 4.0, id="other-competence-counts-apart"),
    ],
)
def test_skill_pix_value(skill: str, value: float) -> None:
    assert skill_pix_value(FW, FW.skill(SkillId(skill))) == pytest.approx(value)


@pytest.mark.parametrize(
    ("answered_ok", "pix", "level", "to_next"),
    [
        pytest.param((), 0, 0, 8, id="nothing"),
        pytest.param(("@search1",), 4, 0, 4, id="one-skill"),
        pytest.param(("@search1", "@files1"), 8, 1, 8, id="exactly-one-level"),
        pytest.param(("@search2", "@files2", "@tags2"), 16, 2, 8, id="level-2-and-inferred-level-1"),
        pytest.param(("@search6",), 18, 2, 6, id="inferred-down-the-tube-18.67"),
        pytest.param(("@search6", "@files3", "@tags2"), 32, 4, 8, id="whole-competence"),
    ],
)
def test_competence_score_from_answers(
    answered_ok: tuple[str, ...], pix: int, level: int, to_next: int
) -> None:
    score = competence_score(FW, C11, validated(*answered_ok))

    assert (score.pix, score.level, score.pix_to_next_level) == (pix, level, to_next)
    assert score.competence == C11


@pytest.mark.parametrize(
    ("skills", "pix", "level", "to_next"),
    [
        pytest.param(("@tags2",), 2, 0, 6, id="floor-of-2.67"),
        pytest.param(("@tags2", "@files2"), 5, 0, 3, id="floor-of-5.33"),
        pytest.param(("@search2", "@files2", "@tags2"), 8, 1, 8, id="three-thirds-make-a-level"),
        pytest.param(("@search4", "@search6"), 8, 1, 8, id="two-lone-skills-capped-at-4"),
    ],
)
def test_competence_score_from_direct_elements(
    skills: tuple[str, ...], pix: int, level: int, to_next: int
) -> None:
    score = competence_score(FW, C11, direct(*skills))

    assert (score.pix, score.level, score.pix_to_next_level) == (pix, level, to_next)


def test_failures_and_other_competences_earn_nothing() -> None:
    history = validated("@pw6")  # 1.2: 24 pix
    history += elements_for_answer(FW, SkillId("@search1"), AnswerStatus.KO, history, ChallengeId("k"), T0)

    assert competence_score(FW, C11, history).pix == 0
    assert competence_score(FW, C12, history).pix == 24


def test_only_the_latest_element_of_a_skill_counts() -> None:
    fail = synthetic(C11, [0.0], KEStatus.INVALIDATED)[0]
    later = KnowledgeElement(
        fail.skill_id,
        fail.tube_id,
        C11,
        KEStatus.VALIDATED,
        KESource.DIRECT,
        4.0,
        T0 + timedelta(days=5),
        None,
    )

    assert competence_score(FW, C11, [fail, later]).pix == 4
    assert competence_score(FW, C11, [later, fail]).pix == 4  # by time, not by position


@pytest.mark.parametrize(
    ("max_open_level", "earned", "pix", "level", "to_next"),
    [
        pytest.param(6, [4.0] * 14, 48, 6, None, id="56-capped-at-48"),
        pytest.param(5, [4.0] * 14, 40, 5, None, id="56-capped-at-40"),
        pytest.param(6, [4.0] * 12, 48, 6, None, id="exactly-48"),
        pytest.param(6, [4.0] * 11 + [3.9], 47, 5, 1, id="47.9-floors-to-47"),
        pytest.param(6, [4.0] * 10, 40, 5, 8, id="40-below-cap-6"),
        pytest.param(5, [4.0] * 10, 40, 5, None, id="40-is-cap-5"),
        pytest.param(5, [4.0] * 9 + [3.9], 39, 4, 1, id="39.9-under-cap-5"),
        pytest.param(6, [8 / 7] * 7, 8, 1, 8, id="sevenths-add-to-8"),
        pytest.param(6, [8 / 6] * 6 + [8 / 3] * 3, 16, 2, 8, id="sixths-and-thirds-add-to-16"),
    ],
)
def test_floor_and_caps(
    max_open_level: int, earned: list[float], pix: int, level: int, to_next: int | None
) -> None:
    score = competence_score(make_framework(max_open_level), C11, synthetic(C11, earned))

    assert (score.pix, score.level, score.pix_to_next_level) == (pix, level, to_next)
    assert score.raw_pix == pytest.approx(sum(earned))


def scores(levels: list[int]) -> list[CompetenceScore]:
    return [
        CompetenceScore(CompetenceCode(f"{n // 4 + 1}.{n % 4 + 1}"), lv * 8 + 3, lv, 5, lv * 8 + 3.5)
        for n, lv in enumerate(levels)
    ]


def test_total_pix_sums_the_capped_pix() -> None:
    assert total_pix(scores([1, 2, 0])) == 11 + 19 + 3
    assert total_pix([]) == 0


@pytest.mark.parametrize(
    ("levels", "certifiable"),
    [
        pytest.param([1, 1, 1, 1], False, id="4-competences"),
        pytest.param([1, 1, 1, 1, 0, 0, 0], False, id="4-competences-and-level-0s"),
        pytest.param([1, 1, 1, 1, 1], True, id="5-competences"),
        pytest.param([6, 2, 3, 1, 1, 0], True, id="5-at-various-levels"),
        pytest.param([], False, id="empty"),
    ],
)
def test_certifiable_needs_5_competences_at_level_1(levels: list[int], certifiable: bool) -> None:
    assert is_certifiable(scores(levels)) is certifiable


@given(
    max_open_level=st.integers(min_value=1, max_value=8),
    earned=st.lists(st.floats(min_value=0.0, max_value=4.0), max_size=40),
    invalid=st.lists(st.floats(min_value=0.0, max_value=4.0), max_size=5),
)
def test_pix_never_exceeds_the_cap_and_level_follows_pix(
    max_open_level: int, earned: list[float], invalid: list[float]
) -> None:
    elements = synthetic(C11, earned)
    failures = [
        KnowledgeElement(
            SkillId(f"@bad{n}"), TubeId("bad"), C11, KEStatus.INVALIDATED, KESource.DIRECT, p, T0, None
        )
        for n, p in enumerate(invalid)
    ]
    score = competence_score(make_framework(max_open_level), C11, elements + failures)
    cap = max_open_level * 8

    assert 0 <= score.pix <= cap
    assert score.pix == min(math.floor(math.fsum(earned) + 1e-9), cap)
    assert score.level == min(score.pix // 8, max_open_level)
    if score.level == max_open_level:
        assert score.pix_to_next_level is None
    else:
        assert score.pix_to_next_level is not None
        assert score.pix + score.pix_to_next_level == (score.level + 1) * 8
