"""A learner's progress: scorecard, total pix, certifiability, reset, history, badges,
attempt summaries. Layer: services.

Shares the attempt service's database connection and lock, so reading a scorecard
never races an answer being recorded.

The history of pix (:meth:`ProgressService.history`) comes from the attempts' stored
results and start data, not from recomputing knowledge elements: why, and how resets
are recognised and dated, is in :mod:`pixdesk.domain.pix_history`. The scorecard uses the
same reading: a competence's evaluations before its last reset no longer make it
"completed" (after a reset it is not started again, as the scorecard domain expects).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pixdesk.domain.badges import Badge, earned_badges
from pixdesk.domain.framework import Framework
from pixdesk.domain.ids import ChallengeId, CompetenceCode, SkillId
from pixdesk.domain.knowledge import KEStatus
from pixdesk.domain.pix_history import AttemptTrace, PixPoint, PointKind, StoredElement, pix_history
from pixdesk.domain.scorecard import EvaluationState, ScorecardEntry, scorecard
from pixdesk.domain.scoring import is_certifiable, total_pix
from pixdesk.packs.labels import FrameworkLabels, read_labels
from pixdesk.services.attempt_steps import AttemptError, Step
from pixdesk.services.attempt_summary import AttemptSummary, build_summary
from pixdesk.services.attempts import AttemptService
from pixdesk.storage import attempt_records as records
from pixdesk.storage import learner_records
from pixdesk.timeutil import parse_utc

__all__ = ["AttemptSummary", "Badge", "PixPoint", "ProgressService", "Scorecard"]


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
        self._labels: dict[tuple[str, int], FrameworkLabels] = {}

    def scorecard(self, learner_id: str, pack_id: str, now: datetime | None = None) -> Scorecard:
        """The learner's scorecard on the framework of ``pack_id``."""
        entries, _history = self._progress(learner_id, pack_id, now)
        scores = [entry.score for entry in entries]
        return Scorecard(tuple(entries), total_pix(scores), is_certifiable(scores))

    def _progress(
        self, learner_id: str, pack_id: str, now: datetime | None = None
    ) -> tuple[list[ScorecardEntry], list[PixPoint]]:
        """The scorecard entries and the history, from one read of the store."""
        service = self.attempts
        with service.lock:
            content = service.content(pack_id)
            elements = records.active_elements(service.store, learner_id)
            traces, stored = self._traces(learner_id, content.framework)
        history = pix_history(content.framework, traces, stored)
        states = _evaluation_states(traces, history)
        return scorecard(content.framework, elements, states, now or service.clock()), history

    def history(self, learner_id: str, pack_id: str) -> list[PixPoint]:
        """Pix per competence over time: one point per closed evaluation, improvement or
        campaign with answers, and per reset (0 pix), in time order.

        Points come from the attempts' stored results (the score when each ended), so
        an improvement (which drops old failures) and a reset (which deactivates
        everything) do not rewrite the past; see :mod:`pixdesk.domain.pix_history`.
        """
        service = self.attempts
        with service.lock:
            framework = service.content(pack_id).framework
            traces, stored = self._traces(learner_id, framework)
        return pix_history(framework, traces, stored)

    def overview(self, learner_id: str, pack_id: str) -> tuple[Scorecard, list[Badge]]:
        """The scorecard and the badges from one read of the store (the home screen's load)."""
        entries, history = self._progress(learner_id, pack_id)
        scores = [entry.score for entry in entries]
        card = Scorecard(tuple(entries), total_pix(scores), is_certifiable(scores))
        return card, earned_badges(entries, history)

    def badges(self, learner_id: str, pack_id: str) -> list[Badge]:
        """The badges earned (codes ``first_evaluation``, ``first_level_3``, ``all_started``),
        with the moment each was earned when known."""
        entries, history = self._progress(learner_id, pack_id)
        return earned_badges(entries, history)

    def labels(self, pack_id: str) -> FrameworkLabels:
        """The names of the pack's domains, competences and tubes, per language."""
        with self.attempts.lock:
            pack = self.attempts.content(pack_id).pack
            key = (pack.pack_id, pack.version)
            if key not in self._labels:
                self._labels[key] = read_labels(pack)
            return self._labels[key]

    def attempt_summary(
        self, learner_id: str, attempt_id: str, before: Scorecard | None = None
    ) -> AttemptSummary:
        """What a results screen shows of one of the learner's closed attempts.

        Args:
            learner_id: Who asks: only their own attempts can be read.
            attempt_id: A closed competence or campaign attempt.
            before: The scorecard taken before the attempt started; without it, the
                knowledge the attempt recorded at its start gives the same numbers.

        Raises:
            AttemptError: ``attempt.unknown`` (no such attempt, or another learner's: the
                two are not told apart), ``attempt.not_finished``, ``attempt.no_summary``
                (a certification: its result is the certification's to show).
        """
        service = self.attempts
        with service.lock:
            row = records.attempt_row(service.store, attempt_id)
            if row is None or row["learner_id"] != learner_id:
                raise AttemptError("attempt.unknown", "no such attempt for this learner", attempt_id)
            if row["status"] == "started" or not row["result"]:
                raise AttemptError("attempt.not_finished", "this attempt is not finished yet", attempt_id)
            if row["kind"] not in ("competence", "campaign"):
                raise AttemptError("attempt.no_summary", "no summary for this kind of attempt", attempt_id)
            content = service.content(row["pack_id"])
            answers = records.last_answers(service.store, attempt_id, max(1, row["answers_count"]))
        answered_ok = {
            str(content.challenges[ChallengeId(a["challenge_id"])].skill_id)
            for a in answers
            if a["status"] == "ok" and ChallengeId(a["challenge_id"]) in content.challenges
        }
        scores = {e.competence: e.score for e in before.entries} if before is not None else None
        return build_summary(row, content, self.labels(row["pack_id"]), answered_ok, scores)

    def _traces(
        self, learner_id: str, framework: Framework
    ) -> tuple[list[AttemptTrace], list[StoredElement]]:
        """The learner's attempts and elements as the history reads them (caller holds the lock)."""
        store = self.attempts.store
        traces = [_trace(row) for row in records.learner_attempts(store, learner_id)]
        stored = [StoredElement(a, active, e) for a, active, e in records.element_history(store, learner_id)]
        return traces, stored

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
            learner = learner_records.get_learner(service.store, learner_id)
            service.record_reset(learner_id, pack_id, competence, learner.language if learner else "en")
        return self.scorecard(learner_id, pack_id)


def _trace(row: dict[str, Any]) -> AttemptTrace:
    settings = json.loads(row["settings"])
    result = json.loads(row["result"]) if row["result"] else {}
    if row["kind"] == "campaign":
        kind = PointKind.CAMPAIGN
    elif settings.get("reset") is True:
        kind = PointKind.RESET
    else:
        kind = PointKind.IMPROVEMENT if settings.get("improve") else PointKind.EVALUATION
    return AttemptTrace(
        attempt_id=row["id"],
        kind=kind,
        competence=CompetenceCode(row["competence"]) if row["competence"] else None,
        started_at=parse_utc(row["started_at"]),
        finished_at=parse_utc(row["finished_at"]) if row["finished_at"] else None,
        closed=row["status"] != "started",
        aborted=row["status"] == "aborted",
        answers=int(row["answers_count"]),
        prior={SkillId(s): KEStatus(st) for s, st in settings.get("prior", {}).items()},
        scores={
            CompetenceCode(code): (int(v["pix"]), int(v["level"]))
            for code, v in result.get("competences", {}).items()
        },
    )


def _evaluation_states(
    traces: Sequence[AttemptTrace], history: Sequence[PixPoint]
) -> dict[CompetenceCode, EvaluationState]:
    """Per competence: an evaluation in progress, and the latest one finished since its last reset."""
    last_reset = {p.competence: p.at for p in history if p.kind is PointKind.RESET}
    running: set[CompetenceCode] = set()
    completed: dict[CompetenceCode, datetime] = {}
    for trace in traces:
        code = trace.competence
        if code is None or trace.kind in (PointKind.CAMPAIGN, PointKind.RESET):
            continue
        if not trace.closed:
            running.add(code)  # a reset closes what runs: an open attempt is after any reset
        elif not trace.aborted and trace.finished_at is not None:
            reset = last_reset.get(code)
            if (reset is None or trace.finished_at > reset) and (
                code not in completed or trace.finished_at > completed[code]
            ):
                completed[code] = trace.finished_at
    return {
        code: EvaluationState(code in running, completed.get(code)) for code in running | completed.keys()
    }
