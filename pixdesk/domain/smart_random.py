"""Layer: domain. The adaptive evaluation engine ("smart random"): which challenge comes next.

It reproduces the rules of the national platform (REFERENCE_RULES.md, "Adaptive
competence evaluation" and, for timers, "Challenge formats…"). It is a pure function of
an :class:`AdaptiveState`: no I/O, no clock, and its only randomness is a pick derived
from the state's ``seed`` — the same state always gives the same challenge.

How each rule maps to the code
------------------------------
* **Evaluated skills** (:func:`evaluation_skills`): the active skills of the competence
  (``target`` is None) or of the campaign's :class:`TargetProfile` (``target`` set) that
  have at least one challenge in ``pool`` (the service has already kept the learner's
  language). With no target and no competence, every active skill of the framework.
  With both, the profile's skills of that competence. The engine's *tubes* are these
  skills grouped by tube: a campaign tube capped at 3 is an easy tube, and a tube's
  skills that have no challenge in the pool count nowhere.
* **Filter chain** (:func:`candidate_skills`), in the order of the rules:

  1. *playable*: the skill has a pool challenge not in ``answered_challenges``;
  2. *untested*: the skill is not in ``assessed_skills`` (direct or inferred);
  3. *easy tubes first*: while an eligible skill of an easy tube (highest evaluated
     level ≤ :data:`EASY_TUBE_MAX_LEVEL`) remains, only those;
  4. *no timed skill right after a timed challenge*: when ``last_was_timed`` (or for
     the first question), a skill whose remaining challenges are all timed is dropped
     if another eligible skill has an untimed one;
  5. *not too difficult*: a skill more than :data:`MAX_LEVELS_ABOVE_PREDICTED` levels
     above the predicted level is dropped;
  6. *first question*: with no answered challenge yet (``answered_challenges`` is
     empty), only the skills of level :data:`FIRST_QUESTION_LEVEL`, else those of the
     lowest level left. It comes after filter 4: when every level-2 skill is timed-only
     and an untimed skill exists, the easiest untimed skill opens the evaluation.

  Filters 1, 2 and 5 decide what is *eligible*; 3, 4 and 6 are preferences and never
  empty the set. "While any remain" and "when an alternative exists" are judged
  among eligible skills: a preference never keeps only skills that filter 5 then
  drops, which would end the evaluation although answerable skills remain. Whenever
  the literal sequence would not end the evaluation, it gives the same set.
* **Predicted level**: :func:`pixdesk.domain.predicted_level.predicted_level` over
  ``direct_answers``.
* **Reward** (:func:`reward`): ``p × below + (1 − p) × above`` with
  ``p = σ(predicted − level)``, ``below`` / ``above`` the untested evaluated skills of
  the skill's tube at or below / at or above its level (the skill itself counts in
  both). Rewards within :data:`REWARD_TOLERANCE` of the maximum are ties.
* **Choice** (:func:`next_challenge`): among the maximum-reward candidates (sorted by
  id) one is picked by :func:`seeded_index` — SHA-256 of the seed, the number of
  answered challenges and the purpose — then one of its unanswered challenges (sorted
  by id) the same way, with another purpose.
* **Timers**: a timed challenge is served neither first nor right after a timed one
  when the chosen skill has an untimed challenge left (filter 4 already prefers such
  skills). When the only remaining option is timed, it is served: an evaluation never
  stops, nor starts empty, because of a timer.
* **Stop**: :func:`next_challenge` returns None when no candidate skill is left.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from pixdesk.domain.challenge import Challenge
from pixdesk.domain.framework import Framework, Skill
from pixdesk.domain.ids import ChallengeId, CompetenceCode, SkillId, TubeId
from pixdesk.domain.predicted_level import predicted_level, sigmoid
from pixdesk.domain.target_profile import TargetProfile

__all__ = [
    "EASY_TUBE_MAX_LEVEL",
    "FIRST_QUESTION_LEVEL",
    "MAX_LEVELS_ABOVE_PREDICTED",
    "REWARD_TOLERANCE",
    "AdaptiveState",
    "TargetProfile",
    "candidate_skills",
    "evaluation_skills",
    "next_challenge",
    "predicted_level",
    "reward",
    "seeded_index",
]

EASY_TUBE_MAX_LEVEL = 3
FIRST_QUESTION_LEVEL = 2
MAX_LEVELS_ABOVE_PREDICTED = 2
REWARD_TOLERANCE = 1e-9

_T = TypeVar("_T")


@dataclass(frozen=True)
class AdaptiveState:
    """Everything the engine needs to choose the next challenge of one evaluation.

    Attributes:
        framework: The framework of the pack.
        pool: The challenges available for this evaluation, already in the learner's
            language (the service filters by language, and by competence or campaign).
        target: The campaign's profile; None for a competence evaluation.
        competence: The evaluated competence; None in a campaign.
        assessed_skills: Skills with a knowledge element (direct or inferred): never
            assessed again.
        direct_answers: ``(skill level, success)`` of each direct answer, in order.
        answered_challenges: Challenges answered in this evaluation: never served
            again. Empty means the next challenge is the first one.
        last_was_timed: Whether the last answered challenge had a timer.
        seed: The tie-break seed, e.g. the attempt id.
    """

    framework: Framework
    pool: Sequence[Challenge]
    target: TargetProfile | None
    competence: CompetenceCode | None
    assessed_skills: frozenset[SkillId]
    direct_answers: Sequence[tuple[int, bool]]
    answered_challenges: frozenset[ChallengeId]
    last_was_timed: bool
    seed: str


def seeded_index(seed: str, answers: int, purpose: str, size: int) -> int:
    """A deterministic index in ``range(size)`` derived from SHA-256.

    Args:
        seed: The evaluation's seed.
        answers: The number of answers so far (so each step draws anew).
        purpose: What is drawn ("skill", "challenge"), so two draws of one step differ.
        size: The number of items to choose from (at least 1).

    Returns:
        The index; the same arguments always give the same index.
    """
    if size < 1:
        raise ValueError("nothing to choose from")
    digest = hashlib.sha256(f"{seed}\x1f{answers}\x1f{purpose}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % size


def _seeded_pick(items: Sequence[_T], state: AdaptiveState, purpose: str) -> _T:
    return items[seeded_index(state.seed, len(state.answered_challenges), purpose, len(items))]


def evaluation_skills(state: AdaptiveState) -> tuple[Skill, ...]:
    """The skills the evaluation covers: the competence's or the profile's active skills
    that have at least one challenge in the pool, in the framework's order."""
    if state.target is not None:
        scope = state.target.skills(state.framework)
        if state.competence is not None:
            scope = tuple(s for s in scope if s.competence == state.competence)
    else:
        scope = state.framework.active_skills(state.competence)
    in_pool = {c.skill_id for c in state.pool}
    return tuple(s for s in scope if s.id in in_pool)


@dataclass(frozen=True)
class _Context:
    """What one step computes once: evaluated skills, remaining challenges, levels."""

    skills: tuple[Skill, ...]
    remaining: Mapping[SkillId, tuple[Challenge, ...]]  # unanswered, sorted by id
    untested_levels: Mapping[TubeId, tuple[int, ...]]
    easy_tubes: frozenset[TubeId]
    predicted: float
    first: bool  # no challenge answered yet
    avoid_timed: bool  # first question, or right after a timed challenge


def _context(state: AdaptiveState) -> _Context:
    skills = evaluation_skills(state)
    ids = {s.id for s in skills}
    remaining: dict[SkillId, list[Challenge]] = {}
    for challenge in state.pool:
        if challenge.skill_id in ids and challenge.id not in state.answered_challenges:
            remaining.setdefault(challenge.skill_id, []).append(challenge)
    top_level: dict[TubeId, int] = {}
    untested: dict[TubeId, list[int]] = {}
    for skill in skills:
        top_level[skill.tube_id] = max(skill.level, top_level.get(skill.tube_id, 0))
        if skill.id not in state.assessed_skills:
            untested.setdefault(skill.tube_id, []).append(skill.level)
    return _Context(
        skills=skills,
        remaining={k: tuple(sorted(v, key=lambda c: c.id)) for k, v in remaining.items()},
        untested_levels={k: tuple(v) for k, v in untested.items()},
        easy_tubes=frozenset(t for t, level in top_level.items() if level <= EASY_TUBE_MAX_LEVEL),
        predicted=predicted_level(state.direct_answers),
        first=not state.answered_challenges,
        avoid_timed=state.last_was_timed or not state.answered_challenges,
    )


def _prefer(items: Sequence[_T], keep: Iterable[_T]) -> list[_T]:
    """The kept items if there are any, else all of them (a preference, not a filter)."""
    kept = list(keep)
    return kept or list(items)


def _candidates(state: AdaptiveState, ctx: _Context) -> list[Skill]:
    reach = ctx.predicted + MAX_LEVELS_ABOVE_PREDICTED
    playable = [s for s in ctx.skills if ctx.remaining.get(s.id)]
    untested = [s for s in playable if s.id not in state.assessed_skills]
    eligible = [s for s in untested if s.level <= reach]
    preferred = _prefer(eligible, (s for s in eligible if s.tube_id in ctx.easy_tubes))
    if ctx.avoid_timed:
        preferred = _prefer(
            preferred, (s for s in preferred if any(not c.timed for c in ctx.remaining[s.id]))
        )
    if ctx.first and preferred:
        wanted = [s for s in preferred if s.level == FIRST_QUESTION_LEVEL]
        lowest = min(s.level for s in preferred)
        preferred = wanted or [s for s in preferred if s.level == lowest]
    return preferred


def candidate_skills(state: AdaptiveState) -> list[Skill]:
    """The skills the next challenge may assess, after the whole filter chain.

    Args:
        state: The evaluation so far.

    Returns:
        The candidate skills in the framework's order; empty when the evaluation is over.
    """
    return _candidates(state, _context(state))


def _reward(skill: Skill, ctx: _Context, predicted: float) -> float:
    levels = ctx.untested_levels.get(skill.tube_id, ())
    below = sum(1 for level in levels if level <= skill.level)
    above = sum(1 for level in levels if level >= skill.level)
    p = sigmoid(predicted - skill.level)
    return p * below + (1.0 - p) * above


def reward(skill: Skill, state: AdaptiveState, predicted: float) -> float:
    """How much an answer on ``skill`` is expected to teach.

    Args:
        skill: An evaluated skill.
        state: The evaluation so far (for the untested skills of the skill's tube).
        predicted: The learner's predicted level.

    Returns:
        ``p × below + (1 − p) × above``, ``p = σ(predicted − skill.level)``, where
        ``below`` (``above``) counts the untested evaluated skills of the skill's tube at
        or below (at or above) its level: those a success (a failure) would assess.
    """
    return _reward(skill, _context(state), predicted)


def next_challenge(state: AdaptiveState) -> Challenge | None:
    """The next challenge of the evaluation.

    Args:
        state: The evaluation so far.

    Returns:
        The challenge to serve, or None when no candidate skill is left: the
        evaluation is over.
    """
    ctx = _context(state)
    candidates = _candidates(state, ctx)
    if not candidates:
        return None
    scored = [(_reward(s, ctx, ctx.predicted), s) for s in candidates]
    best = max(value for value, _ in scored)
    top = sorted((s for value, s in scored if value >= best - REWARD_TOLERANCE), key=lambda s: s.id)
    skill = _seeded_pick(top, state, "skill")
    challenges = ctx.remaining[skill.id]
    if ctx.avoid_timed:
        challenges = tuple(_prefer(challenges, (c for c in challenges if not c.timed)))
    return _seeded_pick(challenges, state, "challenge")
