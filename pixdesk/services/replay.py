"""Replaying an attempt from its signed events. Layer: services.

The same :class:`AttemptRun` that took the decisions live takes them again from the
recorded answers; every status, every next challenge and the final result must come
out identical, and the chain must be intact and signed by the device. Used by
``pixdesk attempt verify``, by the service to rebuild a run after a restart, and by
the certification server, which never trusts a client's score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pixdesk.domain.ids import ChallengeId
from pixdesk.domain.matching import ResponseError
from pixdesk.events import ChainError, Event, verify_chain
from pixdesk.packs.content import PackContent
from pixdesk.services.attempt_run import AttemptRun, StartData, decode_response
from pixdesk.signing import PublicKey
from pixdesk.timeutil import parse_utc

__all__ = ["ReplayReport", "feed_answers", "replay_attempt", "start_run"]


@dataclass
class ReplayReport:
    attempt_id: str
    events: int = 0
    answers: int = 0
    finished: bool = False
    recorded_result: dict[str, Any] | None = None
    replayed_result: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def start_run(content: PackContent, attempt_id: str, started: dict[str, Any]) -> AttemptRun:
    """A fresh run from a ``started`` event document."""
    return AttemptRun(content, StartData.from_json(attempt_id, started["data"]), parse_utc(started["at"]))


def feed_answers(run: AttemptRun, documents: Sequence[dict[str, Any]]) -> list[str]:
    """Feed the ``answered`` events to ``run``; return every disagreement found."""
    problems: list[str] = []
    for doc in documents:
        if doc.get("type") != "answered":
            continue
        data = doc["data"]
        try:
            outcome = run.record(
                ChallengeId(data["challenge"]),
                decode_response(data["response"]),
                timed_out=bool(data["timed_out"]),
                focused_out=bool(data["focused_out"]),
                at=parse_utc(doc["at"]),
            )
        except (ValueError, ResponseError, KeyError) as exc:
            problems.append(f"event {doc['seq']}: cannot be replayed: {exc}")
            break
        if str(outcome.status) != data["status"]:
            problems.append(
                f"event {doc['seq']}: status {data['status']!r} recorded, {outcome.status!s} replayed"
            )
        if outcome.next_challenge != data["next"]:
            problems.append(
                f"event {doc['seq']}: next challenge {data['next']!r} recorded,"
                f" {outcome.next_challenge!r} replayed"
            )
    return problems


def replay_attempt(
    content: PackContent,
    events: Sequence[Event],
    device: PublicKey,
    attempt_id: str,
    pack_sha256: str,
    signed_as_bundle: bool = False,
) -> ReplayReport:
    """Verify the chain, then replay every decision and the result.

    ``signed_as_bundle``: the caller verified the signature of ``device`` over a result
    bundle holding these events' exact bytes, so the per-event signatures (by the same
    key) prove nothing more and are not checked again; hashes and links still are.
    """
    report = ReplayReport(attempt_id, events=len(events))
    try:
        documents = verify_chain(events, device, attempt_id, signatures=not signed_as_bundle)
    except ChainError as exc:
        report.problems.append(f"chain broken at {exc}")
        return report
    if not documents or documents[0].get("type") != "started":
        report.problems.append("the first event is not 'started'")
        return report
    started = documents[0]
    if started["data"]["pack"]["sha256"] != pack_sha256:
        report.problems.append("the attempt was taken on other pack content (sha256 differs)")
        return report
    run = start_run(content, attempt_id, started)
    if run.current != started["data"].get("first"):
        report.problems.append(
            f"first challenge {started['data'].get('first')!r} recorded, {run.current!r} replayed"
        )
    report.problems.extend(feed_answers(run, documents[1:]))
    report.answers = len(run.answers)
    last = documents[-1]
    if last.get("type") in ("finished", "aborted"):
        report.finished = True
        report.recorded_result = last["data"]["result"]
        aborted = report.recorded_result.get("aborted") if report.recorded_result else None
        report.replayed_result = run.result(aborted)
        if report.replayed_result != report.recorded_result:
            report.problems.append("the recorded result differs from the replayed result")
    return report
