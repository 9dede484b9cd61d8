"""Knowledge elements: direct and inferred, no re-assessment, archived skills, history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from knowledge_framework import FW, T0

from pixdesk.domain.answers import AnswerStatus
from pixdesk.domain.ids import ChallengeId, SkillId
from pixdesk.domain.knowledge import (
    KESource,
    KEStatus,
    KnowledgeElement,
    assessed_skills,
    current_elements,
    elements_for_answer,
    skill_pix_value,
)

V, X = KEStatus.VALIDATED, KEStatus.INVALIDATED  # X: invalidated
D, INF = KESource.DIRECT, KESource.INFERRED


def known(*skills: str, status: KEStatus = V) -> list[KnowledgeElement]:
    out = []
    for name in skills:
        skill = FW.skill(SkillId(name))
        earned = skill_pix_value(FW, skill) if status is V else 0.0
        out.append(
            KnowledgeElement(
                skill.id, skill.tube_id, skill.competence, status, D, earned, T0, ChallengeId("old")
            )
        )
    return out


def answer(
    skill: str, status: AnswerStatus, before: list[KnowledgeElement] | None = None
) -> list[KnowledgeElement]:
    return elements_for_answer(
        FW, SkillId(skill), status, before or [], ChallengeId("ch-1"), T0 + timedelta(hours=1)
    )


def summary(elements: list[KnowledgeElement]) -> list[tuple[str, KEStatus, KESource]]:
    return [(e.skill_id, e.status, e.source) for e in elements]


@pytest.mark.parametrize(
    ("skill", "status", "before", "expected"),
    [
        pytest.param(
            "@search4",
            AnswerStatus.OK,
            [],
            [("@search4", V, D), ("@search1", V, INF), ("@search2", V, INF), ("@search3", V, INF)],
            id="success-validates-easier",
        ),
        pytest.param(
            "@search2",
            AnswerStatus.KO,
            [],
            [("@search2", X, D), ("@search3", X, INF), ("@search4", X, INF), ("@search6", X, INF)],
            id="failure-invalidates-harder-skipping-archived",
        ),
        pytest.param(
            "@search6",
            AnswerStatus.OK,
            [],
            [
                ("@search6", V, D),
                ("@search1", V, INF),
                ("@search2", V, INF),
                ("@search3", V, INF),
                ("@search4", V, INF),
            ],
            id="success-at-top-skips-archived",
        ),
        pytest.param("@search6", AnswerStatus.KO, [], [("@search6", X, D)], id="failure-at-top"),
        pytest.param("@search1", AnswerStatus.OK, [], [("@search1", V, D)], id="success-at-bottom"),
        pytest.param(
            "@files3",
            AnswerStatus.OK,
            [],
            [("@files3", V, D), ("@files1", V, INF), ("@files2", V, INF)],
            id="other-tubes-untouched",
        ),
        pytest.param(
            "@tags2", AnswerStatus.KO, [], [("@tags2", X, D)], id="archived-harder-skill-not-invalidated"
        ),
        pytest.param(
            "@search4",
            AnswerStatus.OK,
            known("@search1", status=X) + known("@search3"),
            [("@search4", V, D), ("@search2", V, INF)],
            id="already-assessed-skills-get-nothing",
        ),
        pytest.param(
            "@search3",
            AnswerStatus.KO,
            known("@search3"),
            [("@search4", X, INF), ("@search6", X, INF)],
            id="answered-skill-already-assessed-no-direct",
        ),
        pytest.param(
            "@search5",
            AnswerStatus.OK,
            [],
            [("@search1", V, INF), ("@search2", V, INF), ("@search3", V, INF), ("@search4", V, INF)],
            id="archived-answered-skill-no-direct",
        ),
    ],
)
def test_elements_for_answer(
    skill: str,
    status: AnswerStatus,
    before: list[KnowledgeElement],
    expected: list[tuple[str, KEStatus, KESource]],
) -> None:
    assert summary(answer(skill, status, before)) == expected


@pytest.mark.parametrize(
    "status", [AnswerStatus.KO, AnswerStatus.ABAND, AnswerStatus.TIMEDOUT, AnswerStatus.FOCUSEDOUT]
)
def test_every_status_but_ok_is_a_failure(status: AnswerStatus) -> None:
    elements = answer("@search3", status)

    assert summary(elements) == [("@search3", X, D), ("@search4", X, INF), ("@search6", X, INF)]
    assert all(e.earned_pix == 0.0 for e in elements)


def test_elements_carry_earned_pix_time_challenge_and_place() -> None:
    elements = {e.skill_id: e for e in answer("@search3", AnswerStatus.OK)}

    assert elements[SkillId("@search3")].earned_pix == 4.0  # tags3 archived: 2 active skills at level 3
    assert elements[SkillId("@search2")].earned_pix == pytest.approx(8 / 3)
    assert elements[SkillId("@search1")].earned_pix == 4.0
    for element in elements.values():
        assert element.created_at == T0 + timedelta(hours=1)
        assert element.challenge_id == "ch-1"
        assert element.tube_id == "search"
        assert element.competence == "1.1"


def test_unknown_skill_raises_key_error() -> None:
    with pytest.raises(KeyError):
        answer("@nowhere1", AnswerStatus.OK)


def test_assessed_skills_whatever_the_status() -> None:
    elements = known("@search1") + known("@files2", status=X)

    assert assessed_skills(elements) == {"@search1", "@files2"}
    assert assessed_skills([]) == frozenset()


def test_current_elements_keeps_the_latest_of_each_skill() -> None:
    old_fail = known("@search2", status=X)[0]
    new_success = KnowledgeElement(
        old_fail.skill_id, old_fail.tube_id, old_fail.competence, V, D, 8 / 3, T0 + timedelta(days=5), None
    )
    other = known("@files1")[0]

    assert current_elements([new_success, other, old_fail]) == [new_success, other]
    assert current_elements([old_fail, other, new_success]) == [new_success, other]


def test_current_elements_on_a_tie_keeps_the_one_given_last() -> None:
    first = known("@search2", status=X)[0]
    second = known("@search2")[0]

    assert current_elements([first, second]) == [second]


all_skill_ids = [s.id for s in FW.skills()]
answers = st.lists(
    st.tuples(st.sampled_from(all_skill_ids), st.sampled_from(list(AnswerStatus))), max_size=30
)


@given(answers)
def test_any_answer_sequence_assesses_each_active_skill_at_most_once(
    sequence: list[tuple[SkillId, AnswerStatus]],
) -> None:
    history: list[KnowledgeElement] = []
    for n, (skill_id, status) in enumerate(sequence):
        history += elements_for_answer(
            FW, skill_id, status, history, ChallengeId(f"c{n}"), T0 + timedelta(minutes=n)
        )

    ids = [e.skill_id for e in history]
    assert len(ids) == len(set(ids))
    for element in history:
        skill = FW.skill(element.skill_id)
        assert skill.active
        expected = skill_pix_value(FW, skill) if element.status is V else 0.0
        assert element.earned_pix == expected
