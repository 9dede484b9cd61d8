"""A learner's progress: scorecard, total pix, certifiability, reset. Layer: services.

Shares the attempt service's database connection and lock, so reading a scorecard
never races an answer being recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pixdesk.domain.ids import CompetenceCode
from pixdesk.domain.scorecard import EvaluationState, ScorecardEntry, scorecard
from pixdesk.domain.scoring import is_certifiable, total_pix
from pixdesk.services.attempt_steps import AttemptError, Step
from pixdesk.services.attempts import AttemptService
from pixdesk.storage import attempt_records as records
from pixdesk.timeutil import parse_utc

__all__ = ["ProgressService", "Scorecard"]


@dataclass(frozen=True)
class Scorecard:
    entries: tuple[ScorecardEntry, ...]
    total_pix: int
    certifiable: bool

    def entry(self, competence: str) -> ScorecardEntry:
        return next(e for e in self.entries if e.competence == competence)


class ProgressService:
    """Scorecards and resets, through the attempt service's store."""

    def __init__(self, attempts: AttemptService) -> None:
        self.attempts = attempts

    def scorecard(self, learner_id: str, pack_id: str, now: datetime | None = None) -> Scorecard:
        """The learner's scorecard on the framework of ``pack_id``."""
        service = self.attempts
        with service.lock:
            content = service.content(pack_id)
            elements = records.active_elements(service.store, learner_id)
            states = {
                CompetenceCode(code): EvaluationState(running, parse_utc(done) if done else None)
                for code, (running, done) in records.competence_evaluations(service.store, learner_id).items()
                if code
            }
        entries = scorecard(content.framework, elements, states, now or service.clock())
        scores = [entry.score for entry in entries]
        return Scorecard(tuple(entries), total_pix(scores), is_certifiable(scores))

    def improve(self, learner_id: str, pack_id: str, competence: str, language: str) -> Step:
        """Start improving a completed competence (allowed 4 days after its completion).

        Raises:
            AttemptError: not allowed (yet): code ``progress.improve_<reason>``.
        """
        entry = self.scorecard(learner_id, pack_id).entry(competence)
        if not entry.can_improve:
            when = (
                f" before {entry.improve_available_at:%Y-%m-%d %H:%M} UTC"
                if entry.improve_available_at
                else ""
            )
            raise AttemptError(
                f"progress.improve_{entry.improve_blocked_by}",
                f"this competence cannot be improved{when}",
                competence,
            )
        return self.attempts.start_competence(learner_id, pack_id, competence, language, improve=True)

    def reset(self, learner_id: str, pack_id: str, competence: str) -> Scorecard:
        """Reset a competence (allowed 7 days after its last activity).

        Raises:
            AttemptError: not allowed yet, or nothing to reset (code ``progress.*``).
        """
        service = self.attempts
        entry = self.scorecard(learner_id, pack_id).entry(competence)
        if not entry.can_reset:
            when = (
                f" before {entry.reset_available_at:%Y-%m-%d %H:%M} UTC" if entry.reset_available_at else ""
            )
            raise AttemptError(
                f"progress.reset_{entry.reset_blocked_by}",
                f"this competence cannot be reset{when}",
                competence,
            )
        with service.lock:
            for attempt in records.started_attempts(service.store, learner_id):
                if attempt["kind"] == "competence" and attempt["competence"] == competence:
                    service.finish(attempt["id"], "candidate")
            with service.store.transaction():
                records.deactivate_competence(service.store, learner_id, competence)
        return self.scorecard(learner_id, pack_id)
