"""The deterministic life of one attempt, shared by the live service and by replay.

Layer: services (pure given the pack content: no database, no clock, no unseeded
randomness). An :class:`AttemptRun` is built from the attempt's start data (what the
``started`` event records) and fed each answer in order; it decides the answer's
status, the knowledge elements it creates, the next challenge and, at the end, the
provisional result. The live service persists what it returns; ``pixdesk attempt
verify`` and the certification server feed it the recorded answers and check that
every decision comes out the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pixdesk.domain.answers import AnswerStatus
from pixdesk.domain.challenge import Challenge, Response
from pixdesk.domain.ids import ChallengeId, CompetenceCode, SkillId, TubeId
from pixdesk.domain.knowledge import KESource, KEStatus, KnowledgeElement, elements_for_answer
from pixdesk.domain.matching import evaluate
from pixdesk.domain.scoring import competence_score, skill_pix_value
from pixdesk.domain.smart_random import AdaptiveState, TargetProfile, next_challenge
from pixdesk.packs.content import PackContent

if TYPE_CHECKING:
    from pixdesk.services.certification_run import CertificationSelector

__all__ = ["AttemptRun", "Outcome", "StartData", "decode_response", "encode_response", "excluded_challenges"]

CHECKPOINT_EVERY = 5


@dataclass(frozen=True)
class StartData:
    """Everything an attempt's decisions depend on, as recorded in its ``started`` event."""

    attempt_id: str
    kind: str  # competence | campaign | certification
    language: str
    competence: str | None = None
    target: Mapping[str, int] | None = None  # campaign: tube id → level cap
    prior: Mapping[str, str] = field(default_factory=dict)  # skill id → "validated" | "invalidated"
    excluded: tuple[str, ...] = ()  # challenges seen in earlier attempts, kept out of the pool
    accessibility: bool = False
    extra_time_pct: int = 0
    reset: bool = False  # a competence reset: no question, the competence back to zero

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "kind": self.kind,
            "language": self.language,
            "competence": self.competence,
            "target": dict(self.target) if self.target is not None else None,
            "prior": dict(sorted(self.prior.items())),
            "excluded": sorted(self.excluded),
            "accessibility": self.accessibility,
            "extra_time_pct": self.extra_time_pct,
        }
        if self.reset:  # only then: the started events of every other attempt are unchanged
            data["reset"] = True
        return data

    @classmethod
    def from_json(cls, attempt_id: str, data: Mapping[str, Any]) -> StartData:
        return cls(
            attempt_id=attempt_id,
            kind=data["kind"],
            language=data["language"],
            competence=data.get("competence"),
            target=data.get("target"),
            prior=dict(data.get("prior", {})),
            excluded=tuple(data.get("excluded", ())),
            accessibility=bool(data.get("accessibility", False)),
            extra_time_pct=int(data.get("extra_time_pct", 0)),
            reset=data.get("reset") is True,
        )


@dataclass(frozen=True)
class Outcome:
    """What one answer decided."""

    status: AnswerStatus
    elements: tuple[KnowledgeElement, ...]
    next_challenge: ChallengeId | None


def encode_response(response: Response) -> Any:
    """A response as canonical-JSON-ready data (sets become sorted lists)."""
    if isinstance(response, frozenset | set):
        return sorted(response)
    if isinstance(response, Mapping):
        return {str(k): str(v) for k, v in response.items()}
    return response


def decode_response(data: Any) -> Response:
    if isinstance(data, list):
        return frozenset(int(n) for n in data)
    if isinstance(data, dict):
        return {str(k): str(v) for k, v in data.items()}
    if data is None or isinstance(data, int | str):
        return data
    raise ValueError(f"not a response: {data!r}")


def _prior_elements(start: StartData, content: PackContent, at: datetime) -> list[KnowledgeElement]:
    elements = []
    for skill_id, status in start.prior.items():
        skill = content.framework.skill(SkillId(skill_id))
        elements.append(
            KnowledgeElement(
                skill_id=skill.id,
                tube_id=skill.tube_id,
                competence=skill.competence,
                status=KEStatus(status),
                source=KESource.DIRECT,
                earned_pix=skill_pix_value(content.framework, skill) if status == KEStatus.VALIDATED else 0.0,
                created_at=at,
                challenge_id=None,
            )
        )
    return elements


class AttemptRun:
    """One attempt's decisions. Feed :meth:`record` the answers in order."""

    def __init__(self, content: PackContent, start: StartData, started_at: datetime) -> None:
        self.content = content
        self.start = start
        self.prior = _prior_elements(start, content, started_at)
        self.elements: list[KnowledgeElement] = []
        self.answers: list[tuple[ChallengeId, AnswerStatus]] = []
        self.pool = self._pool()
        self.certification: CertificationSelector | None = None
        if start.kind == "certification":
            from pixdesk.services.certification_run import CertificationSelector

            self.certification = CertificationSelector(content, self.pool, start)
        self.current: ChallengeId | None = self._choose()

    # -- the pool -------------------------------------------------------------------------
    def _pool(self) -> list[Challenge]:
        start = self.start
        if start.reset:  # a reset asks nothing: its result is the competence at zero
            return []
        excluded = set(start.excluded)
        target = TargetProfile({TubeId(k): v for k, v in start.target.items()}) if start.target else None
        allowed_skills = {s.id for s in target.skills(self.content.framework)} if target is not None else None
        pool = []
        for challenge in self.content.challenges.values():
            if start.language not in challenge.languages or challenge.id in excluded:
                continue
            if not self.content.framework.skill(challenge.skill_id).active:
                continue
            if start.kind == "competence" and challenge.competence != start.competence:
                continue
            if allowed_skills is not None and challenge.skill_id not in allowed_skills:
                continue
            if start.accessibility and not challenge.accessible:
                continue
            pool.append(challenge)
        return pool

    # -- decisions ------------------------------------------------------------------------
    def _assessed(self) -> frozenset[SkillId]:
        return frozenset(e.skill_id for e in [*self.prior, *self.elements])

    def _choose(self) -> ChallengeId | None:
        if self.certification is not None:
            return self.certification.next(self.answers)
        answered = {cid for cid, _status in self.answers}
        direct = [(self.content.challenges[cid].level, status.success) for cid, status in self.answers]
        last_timed = bool(self.answers) and self.content.challenges[self.answers[-1][0]].timed
        target = (
            TargetProfile({TubeId(k): v for k, v in self.start.target.items()}) if self.start.target else None
        )
        state = AdaptiveState(
            framework=self.content.framework,
            pool=self.pool,
            target=target,
            competence=CompetenceCode(self.start.competence) if self.start.competence else None,
            assessed_skills=self._assessed(),
            direct_answers=direct,
            answered_challenges=frozenset(answered),
            last_was_timed=last_timed,
            seed=self.start.attempt_id,
        )
        chosen = next_challenge(state)
        return chosen.id if chosen is not None else None

    def record(
        self,
        challenge_id: ChallengeId,
        response: Response,
        *,
        timed_out: bool,
        focused_out: bool,
        at: datetime,
    ) -> Outcome:
        """Decide the answer to the current challenge and the next one.

        Raises:
            ValueError: ``challenge_id`` is not the current challenge.
            ResponseError: the response does not fit the challenge.
        """
        if challenge_id != self.current:
            raise ValueError(f"challenge {challenge_id} is not the current question ({self.current})")
        challenge = self.content.challenges[challenge_id]
        body = self.content.body(challenge_id, self.start.language)
        status = evaluate(
            challenge,
            body,
            response,
            timed_out=timed_out,
            focused_out=focused_out,
            certification=self.start.kind == "certification",
            language=self.start.language,
        )
        new: list[KnowledgeElement] = []
        if self.certification is None:
            new = elements_for_answer(
                self.content.framework,
                challenge.skill_id,
                status,
                [*self.prior, *self.elements],
                challenge_id,
                at,
            )
        self.elements.extend(new)
        self.answers.append((challenge_id, status))
        self.current = self._choose()
        return Outcome(status, tuple(new), self.current)

    @property
    def checkpoint_due(self) -> bool:
        """Outside certification, a correction checkpoint comes every 5 answers."""
        return self.certification is None and bool(self.answers) and len(self.answers) % CHECKPOINT_EVERY == 0

    def effective_timer(self, challenge_id: ChallengeId) -> float | None:
        timer = self.content.challenges[challenge_id].timer_seconds
        return None if timer is None else timer * (1 + self.start.extra_time_pct / 100)

    def result(self, aborted: str | None = None) -> dict[str, Any]:
        """The provisional result (canonical-JSON-ready: no floats)."""
        if self.certification is not None:
            return self.certification.result(self.answers, aborted)
        validated = sorted(e.skill_id for e in self.elements if e.status is KEStatus.VALIDATED)
        failed = sorted(e.skill_id for e in self.elements if e.status is KEStatus.INVALIDATED)
        competences = (
            [CompetenceCode(self.start.competence)]
            if self.start.competence
            else sorted({self.content.framework.skill(SkillId(s)).competence for s in [*validated, *failed]})
        )
        scores = {}
        for code in competences:
            score = competence_score(self.content.framework, code, [*self.prior, *self.elements])
            scores[code] = {"pix": score.pix, "level": score.level}
        return {
            "answers": len(self.answers),
            "correct": sum(1 for _cid, status in self.answers if status.success),
            "validated_skills": validated,
            "failed_skills": failed,
            "failed_directly": sorted(
                str(self.content.challenges[cid].skill_id)
                for cid, status in self.answers
                if not status.success
            ),
            "competences": scores,
            "aborted": aborted,
            "provisional": False,
        }


def excluded_challenges(content: PackContent, seen: set[str]) -> tuple[str, ...]:
    """Challenges the learner has seen, left out while their skill has an unseen one.

    So a retry does not show the same question when the pack has another for the skill.
    """
    by_skill: dict[str, list[str]] = {}
    for challenge in content.challenges.values():
        by_skill.setdefault(challenge.skill_id, []).append(challenge.id)
    excluded: list[str] = []
    for ids in by_skill.values():
        if any(cid not in seen for cid in ids):
            excluded.extend(cid for cid in ids if cid in seen)
    return tuple(sorted(excluded))
