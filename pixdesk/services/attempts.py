"""The attempt service: start, resume, answer, skip and finish tests. Layer: services.

The only API the UI and the command line use for tests. Every answer is matched,
recorded, chained into the attempt's signed events and followed by the choice of the
next challenge, all in ONE durable transaction (``synchronous=FULL``) before the next
challenge is returned; on the last answer the signed result bundle goes into the
outbox in that same transaction. A killed process or a pulled plug loses at most the
answer being typed: on restart :meth:`AttemptService.current_step` resumes at the same
question.

Decisions (statuses, next challenge, result) are made by :class:`AttemptRun`, the
same code that replays an attempt from its events (pixdesk.services.replay).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pixdesk import canonical
from pixdesk.config import Settings
from pixdesk.domain.answers import AnswerStatus
from pixdesk.domain.challenge import Challenge, Response
from pixdesk.domain.ids import AttemptId, ChallengeId
from pixdesk.domain.knowledge import KEStatus
from pixdesk.domain.matching import ResponseError
from pixdesk.packs.content import PackContent, load_content
from pixdesk.packs.installed import InstalledPack, list_packs
from pixdesk.random_ids import new_id
from pixdesk.services.attempt_run import (
    AttemptRun,
    StartData,
    decode_response,
    encode_response,
    excluded_challenges,
)
from pixdesk.services.attempt_steps import AttemptError, Feedback, Step
from pixdesk.storage import attempt_records as records
from pixdesk.storage import learner_records
from pixdesk.storage.database import Store, open_store
from pixdesk.timeutil import format_utc, utc_now

if TYPE_CHECKING:  # imported where used: signing pulls in cryptography, not needed to show a scorecard
    from pixdesk.events import Event
    from pixdesk.services.replay import ReplayReport
    from pixdesk.signing import SigningKey

__all__ = ["AttemptError", "AttemptService", "Feedback", "Step"]

log = logging.getLogger(__name__)


class AttemptService:
    """Tests on this machine. Calls are serialised; use it from one worker thread at a time."""

    def __init__(
        self,
        settings: Settings,
        clock: Callable[[], datetime] = utc_now,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.monotonic = monotonic
        self._store: Store | None = None
        self._device: SigningKey | None = None
        self._contents: dict[tuple[str, int], PackContent] = {}
        self._runs: dict[str, AttemptRun] = {}
        self._shown: dict[str, tuple[str, float]] = {}  # attempt → (challenge, monotonic time shown)
        self._marked: dict[str, str] = {}  # attempt → challenge whose display was confirmed by the UI
        self.lock = threading.RLock()

    # -- plumbing ------------------------------------------------------------------------------
    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.settings.db_path, shared=True)
        return self._store

    @property
    def device(self) -> SigningKey:
        if self._device is None:
            from pixdesk.device import load_or_create_device_key

            self._device = load_or_create_device_key(self.settings.keys_dir)
        return self._device

    def close(self) -> None:
        with self.lock:
            if self._store is not None:
                self._store.close()
                self._store = None
            for content in self._contents.values():
                content.close()
            self._contents.clear()
            self._runs.clear()

    def installed_packs(self) -> list[InstalledPack]:
        """The active packs of this machine, by pack id (the app picks its practice pack here)."""
        with self.lock:
            return list_packs(self.store, self.settings.packs_dir)

    def _pack(self, pack_id: str, version: int | None = None) -> InstalledPack:
        packs = list_packs(self.store, self.settings.packs_dir, include_superseded=version is not None)
        for pack in packs:
            if pack.pack_id == pack_id and (version is None or pack.version == version):
                return pack
        raise AttemptError("attempt.no_pack", "this pack is not installed", f"{pack_id}")

    def _content(self, pack: InstalledPack, pack_key: bytes | None = None) -> PackContent:
        """The pack's content (kept open); a key given now unlocks sealed bodies."""
        key = (pack.pack_id, pack.version)
        cached = self._contents.get(key)
        if cached is None or (pack_key is not None and not cached.unlocked):
            if cached is not None:
                cached.close()
            self._contents[key] = load_content(pack, pack_key)
        return self._contents[key]

    def content(self, pack_id: str) -> PackContent:
        """The active version of an installed pack: framework, challenges, bodies, media."""
        with self.lock:
            return self._content(self._pack(pack_id))

    def unlock_pack(self, pack_id: str, pack_key: bytes) -> None:
        """Give the key of a certification pack (after a restart, to resume its attempts).

        Raises:
            PackError: the key does not open this pack.
        """
        with self.lock:
            self._content(self._pack(pack_id), pack_key)

    # -- learners ------------------------------------------------------------------------------
    def ensure_learner(self, learner_id: str, display_name: str) -> None:
        """Register a learner on this machine if not yet known."""
        with self.lock, self.store.transaction():
            records.insert_learner(self.store, learner_id, display_name, format_utc(self.clock()))

    # -- starting ------------------------------------------------------------------------------
    def start_competence(
        self, learner_id: str, pack_id: str, competence: str, language: str, improve: bool = False
    ) -> Step:
        """Start a competence evaluation (``improve``: old failures ignored, successes kept)."""
        with self.lock:
            pack, content = self._competence_pack(pack_id, competence)
            prior = records.prior_statuses(self.store, learner_id, {competence})
            if improve:
                prior = {skill: status for skill, status in prior.items() if status == KEStatus.VALIDATED}
            start = StartData(
                attempt_id=new_id(),
                kind="competence",
                language=language,
                competence=competence,
                prior=prior,
                excluded=excluded_challenges(content, records.seen_challenges(self.store, learner_id)),
                extra_time_pct=learner_records.extra_time_pct(self.store, learner_id),
            )
            return self._begin(learner_id, pack, content, start, {"improve": improve})

    def record_reset(self, learner_id: str, pack_id: str, competence: str, language: str) -> str:
        """Reset a competence, as a signed competence attempt marked ``reset``, closed at once.

        In one transaction: the competence's knowledge elements stop counting, and the
        attempt (``started`` with ``reset: true`` and no question, then ``finished``;
        result: the competence at 0 pix) is
        recorded and queued in the outbox — so the server and the centre's other machines
        learn of the reset like of any result. Returns the attempt id. The caller checks
        that a reset is allowed (pixdesk.services.progress).
        """
        with self.lock:
            pack, content = self._competence_pack(pack_id, competence)
            now = self.clock()
            start = StartData(
                attempt_id=new_id(), kind="competence", language=language, competence=competence, reset=True
            )
            run = AttemptRun(content, start, now)
            row, event = self._started(learner_id, pack, start, run, {}, now)
            with self.store.transaction():
                records.insert_attempt(self.store, row)
                records.insert_event(self.store, start.attempt_id, 1, event)
                records.deactivate_competence(self.store, learner_id, competence)
                self._finish_in_transaction(start.attempt_id, run, None, 1, event.hash)
            return start.attempt_id

    def start_campaign(
        self, learner_id: str, pack_id: str, campaign_code: str, target: Mapping[str, int], language: str
    ) -> Step:
        """Start a campaign participation over a target profile (tube id → level cap)."""
        with self.lock:
            pack = self._pack(pack_id)
            content = self._content(pack)
            start = StartData(
                attempt_id=new_id(),
                kind="campaign",
                language=language,
                target=dict(target),
                prior=records.prior_statuses(self.store, learner_id, None),
                excluded=excluded_challenges(content, records.seen_challenges(self.store, learner_id)),
                extra_time_pct=learner_records.extra_time_pct(self.store, learner_id),
            )
            return self._begin(learner_id, pack, content, start, {"campaign_code": campaign_code})

    def start_certification(
        self,
        learner_id: str,
        pack_id: str,
        language: str,
        pack_key: bytes,
        accessibility: bool = False,
        extra_time_pct: int = 0,
    ) -> Step:
        """Start a certification test; the pack is re-verified first.

        Raises:
            PackError: the installed pack no longer verifies, or the key does not open it.
        """
        with self.lock:
            pack = self._pack(pack_id)
            if pack.kind != "certification":
                raise AttemptError(
                    "attempt.not_certification", "this pack is not a certification pack", pack_id
                )
            from pixdesk.packs.installer import reverify
            from pixdesk.trust_store import load_trust

            reverify(pack, load_trust(self.settings), self.clock())
            content = self._content(pack, pack_key)
            start = StartData(
                attempt_id=new_id(),
                kind="certification",
                language=language,
                accessibility=accessibility,
                extra_time_pct=extra_time_pct,
            )
            return self._begin(learner_id, pack, content, start, {})

    def _competence_pack(self, pack_id: str, competence: str) -> tuple[InstalledPack, PackContent]:
        """The installed pack and its content, which must hold ``competence`` (caller holds the lock)."""
        pack = self._pack(pack_id)
        content = self._content(pack)
        if competence not in {c.code for c in content.framework.competences}:
            raise AttemptError("attempt.unknown_competence", "no such competence in this pack", competence)
        return pack, content

    def _started(
        self,
        learner_id: str,
        pack: InstalledPack,
        start: StartData,
        run: AttemptRun,
        extra: dict[str, Any],
        now: datetime,
    ) -> tuple[dict[str, Any], Event]:
        """An attempt's row and its signed ``started`` event (first of its chain)."""
        data = {
            **start.as_json(),
            **extra,
            "learner": learner_id,
            "pack": {"id": pack.pack_id, "version": pack.version, "sha256": pack.content_sha256},
            "first": run.current,
        }
        from pixdesk.events import GENESIS, make_event

        event = make_event(self.device, start.attempt_id, 1, "started", format_utc(now), GENESIS, data)
        row = {
            "id": start.attempt_id,
            "learner_id": learner_id,
            "kind": start.kind,
            "pack_id": pack.pack_id,
            "pack_version": pack.version,
            "pack_sha256": pack.content_sha256,
            "language": start.language,
            "competence": start.competence,
            "campaign_code": extra.get("campaign_code"),
            "settings": canonical.dumps(data).decode(),
            "status": "started",
            "started_at": format_utc(now),
            "current_challenge": run.current,
            "answers_count": 0,
            "last_seq": 1,
            "last_hash": event.hash,
        }
        return row, event

    def _begin(
        self,
        learner_id: str,
        pack: InstalledPack,
        content: PackContent,
        start: StartData,
        extra: dict[str, Any],
    ) -> Step:
        now = self.clock()
        run = AttemptRun(content, start, now)
        if run.current is None:
            raise AttemptError(
                "attempt.nothing_to_assess",
                "every skill this test could ask about is already assessed (improve or reset it first)",
                start.competence or start.kind,
            )
        row, event = self._started(learner_id, pack, start, run, extra, now)
        with self.store.transaction():
            records.insert_attempt(self.store, row)
            records.insert_event(self.store, start.attempt_id, 1, event)
            if extra.get("improve") and start.competence:
                records.deactivate_failures(self.store, learner_id, start.competence)
        self._runs[start.attempt_id] = run
        log.info(
            "attempt %s started (%s, pack %s v%d)", start.attempt_id, start.kind, pack.pack_id, pack.version
        )
        return self._step(start.attempt_id, run)

    # -- the running attempt -------------------------------------------------------------------
    def _row(self, attempt_id: str) -> dict[str, Any]:
        row = records.attempt_row(self.store, attempt_id)
        if row is None:
            raise AttemptError("attempt.unknown", "no such attempt on this machine", attempt_id)
        return row

    def _run(self, attempt_id: str) -> AttemptRun:
        """The attempt's run, rebuilt from its recorded answers after a restart."""
        row = self._row(attempt_id)
        run = self._runs.get(attempt_id)
        if run is not None and len(run.answers) == row["answers_count"]:
            return run
        pack = self._pack(row["pack_id"], row["pack_version"])
        content = self._content(pack)
        documents = [
            canonical.loads_canonical(body) for body in records.event_documents_bytes(self.store, attempt_id)
        ]
        from pixdesk.services.replay import feed_answers, start_run

        run = start_run(content, attempt_id, documents[0])
        problems = feed_answers(run, documents[1:])
        if problems:
            raise AttemptError("attempt.replay_mismatch", "; ".join(problems), attempt_id)
        self._runs[attempt_id] = run
        return run

    def _step(self, attempt_id: str, run: AttemptRun) -> Step:
        checkpoint: tuple[Feedback, ...] = ()
        if run.checkpoint_due:
            checkpoint = self._feedback(attempt_id, run, last=5)
        challenge = self.content_challenge(run, run.current)
        spent = 0.0
        if challenge is not None:
            shown = self._shown.get(attempt_id)
            if shown is None or shown[0] != challenge.id:
                earlier = records.question_shown_ms(self.store, attempt_id, challenge.id)
                if earlier is None:  # provisional: mark_shown sets the moment it is on screen
                    self._shown[attempt_id] = (challenge.id, self.monotonic())
                else:  # on screen before this process (a crash, a closed window): its time goes on
                    before = max(0.0, (self._wall_ms() - earlier) / 1000)
                    self._shown[attempt_id] = (challenge.id, self.monotonic() - before)
                    self._marked[attempt_id] = challenge.id
            if self._marked.get(attempt_id) == challenge.id:
                spent = self.monotonic() - self._shown[attempt_id][1]
        return Step(
            attempt_id=AttemptId(attempt_id),
            kind=run.start.kind,
            answered=len(run.answers),
            total=run.certification.length if run.certification is not None else None,
            challenge=challenge,
            body=run.content.body(challenge.id, run.start.language) if challenge is not None else None,
            timer_seconds=run.effective_timer(challenge.id) if challenge is not None else None,
            checkpoint=checkpoint,
            finished=False,
            result=None,
            spent_seconds=spent,
        )

    def _wall_ms(self) -> int:
        return int(self.clock().timestamp() * 1000)

    @staticmethod
    def content_challenge(run: AttemptRun, challenge_id: str | None) -> Challenge | None:
        return None if challenge_id is None else run.content.challenges[ChallengeId(challenge_id)]

    def _feedback(self, attempt_id: str, run: AttemptRun, last: int) -> tuple[Feedback, ...]:
        rows = records.last_answers(self.store, attempt_id, last)
        return tuple(
            Feedback(
                run.content.challenges[ChallengeId(row["challenge_id"])],
                run.content.body(ChallengeId(row["challenge_id"]), run.start.language),
                decode_response(json.loads(row["response"])),
                AnswerStatus(row["status"]),
            )
            for row in rows
        )

    def mark_shown(self, attempt_id: str, challenge_id: str) -> None:
        """The question is on screen now: its time counts from here.

        A step may first show a checkpoint or the focused-question warning; the time
        spent there is not the question's. Only the first call per question counts, so
        redrawing the screen cannot restart a timer; and the moment is recorded durably,
        so neither can closing the window or killing the program: on reopening, the
        question's time goes on from when it was first shown (``Step.spent_seconds``).
        """
        with self.lock:
            shown = self._shown.get(attempt_id)
            first = self._marked.get(attempt_id) != challenge_id
            if shown is not None and shown[0] == challenge_id and first:
                self._shown[attempt_id] = (challenge_id, self.monotonic())
                self._marked[attempt_id] = challenge_id
                with self.store.transaction():
                    records.set_question_shown(self.store, attempt_id, challenge_id, self._wall_ms())

    def current_step(self, attempt_id: str) -> Step:
        """Where the attempt stands: the question to show, or the finished result."""
        with self.lock:
            row = self._row(attempt_id)
            if row["status"] != "started":
                return self._finished_step(row)
            return self._step(attempt_id, self._run(attempt_id))

    def in_progress(self, learner_id: str) -> list[dict[str, Any]]:
        """The learner's unfinished attempts, newest first (to offer "continue")."""
        with self.lock:
            return records.started_attempts(self.store, learner_id)

    def list_attempts(self) -> list[dict[str, Any]]:
        """Every attempt on this machine, oldest first."""
        with self.lock:
            return records.list_attempts(self.store)

    def answer(
        self,
        attempt_id: str,
        challenge_id: str,
        response: Response,
        *,
        timed_out: bool = False,
        focused_out: bool = False,
    ) -> Step:
        """Record the answer to the current question durably and return the next step.

        ``timed_out`` is the UI's countdown; the service also applies its own clock
        (time since the question was shown, with the learner's extra time).

        Raises:
            AttemptError: unknown or finished attempt, or not the current question.
            AttemptError: the response does not fit the challenge (code ``response.*``).
        """
        with self.lock:
            row = self._row(attempt_id)
            if row["status"] != "started":
                raise AttemptError("attempt.finished", "this attempt is already finished", attempt_id)
            run = self._run(attempt_id)
            if challenge_id != run.current:
                raise AttemptError(
                    "attempt.not_current", f"challenge {challenge_id} is not the current question", attempt_id
                )
            elapsed_ms = self._elapsed_ms(attempt_id, challenge_id)
            timer = run.effective_timer(ChallengeId(challenge_id))
            if timer is not None and elapsed_ms is not None and elapsed_ms > timer * 1000:
                timed_out = True
            now = self.clock()
            try:
                outcome = run.record(
                    ChallengeId(challenge_id), response, timed_out=timed_out, focused_out=focused_out, at=now
                )
            except ResponseError as exc:
                raise AttemptError(exc.code, str(exc), f"{attempt_id}:{challenge_id}") from None
            position = len(run.answers)
            seq = row["last_seq"] + 1
            data = {
                "position": position,
                "challenge": challenge_id,
                "response": encode_response(response),
                "status": str(outcome.status),
                "elapsed_ms": elapsed_ms,
                "timed_out": timed_out,
                "focused_out": focused_out,
                "next": outcome.next_challenge,
            }
            from pixdesk.events import make_event

            event = make_event(
                self.device, attempt_id, seq, "answered", format_utc(now), row["last_hash"], data
            )
            try:
                with self.store.transaction():
                    records.insert_answer(
                        self.store,
                        attempt_id,
                        position,
                        challenge_id,
                        run.content.challenges[ChallengeId(challenge_id)].skill_id,
                        data["response"],
                        str(outcome.status),
                        elapsed_ms,
                        format_utc(now),
                    )
                    records.insert_elements(self.store, row["learner_id"], attempt_id, outcome.elements)
                    records.insert_event(self.store, attempt_id, seq, event)
                    records.advance_attempt(
                        self.store, attempt_id, outcome.next_challenge, position, seq, event.hash
                    )
                    records.clear_question_clock(self.store, attempt_id)
                    if outcome.next_challenge is None:
                        self._finish_in_transaction(attempt_id, run, None, seq, event.hash)
            except BaseException:
                self._runs.pop(attempt_id, None)  # the run moved on; the database did not
                raise
            self._shown.pop(attempt_id, None)
            if outcome.next_challenge is None:
                return self._finished_step(self._row(attempt_id))
            return self._step(attempt_id, run)

    def skip(self, attempt_id: str, challenge_id: str) -> Step:
        """ "I don't know": recorded as ``aband``."""
        return self.answer(attempt_id, challenge_id, None)

    def _elapsed_ms(self, attempt_id: str, challenge_id: str) -> int | None:
        shown = self._shown.get(attempt_id)
        if shown is None or shown[0] != challenge_id:
            return None  # shown before a restart: only the UI's countdown counts
        return int((self.monotonic() - shown[1]) * 1000)

    # -- verification --------------------------------------------------------------------------
    def verify(self, attempt_id: str, pack_key: bytes | None = None) -> ReplayReport:
        """Replay an attempt from its events: chain, signatures, every decision, the result."""
        with self.lock:
            row = self._row(attempt_id)
            pack = self._pack(row["pack_id"], row["pack_version"])
            content = self._content(pack, pack_key)
            events = records.events_of(self.store, attempt_id)
            from pixdesk.services.replay import replay_attempt

            return replay_attempt(content, events, self.device.public, attempt_id, pack.content_sha256)

    # -- finishing -----------------------------------------------------------------------------
    def finish(self, attempt_id: str, aborted: str | None = None) -> Step:
        """End an attempt now (``aborted``: None, "candidate" or "technical").

        A finished attempt is returned as it is (idempotent).
        """
        with self.lock:
            row = self._row(attempt_id)
            if row["status"] != "started":
                return self._finished_step(row)
            if aborted not in (None, "candidate", "technical"):
                raise AttemptError(
                    "attempt.bad_abort", "abort reason must be candidate or technical", attempt_id
                )
            run = self._run(attempt_id)
            with self.store.transaction():
                self._finish_in_transaction(attempt_id, run, aborted, row["last_seq"], row["last_hash"])
            self._shown.pop(attempt_id, None)
            return self._finished_step(self._row(attempt_id))

    def _finish_in_transaction(
        self, attempt_id: str, run: AttemptRun, aborted: str | None, last_seq: int, last_hash: str
    ) -> None:
        now = self.clock()
        result = run.result(aborted)
        seq = last_seq + 1
        type_ = "aborted" if aborted else "finished"
        from pixdesk.events import make_event

        event = make_event(
            self.device, attempt_id, seq, type_, format_utc(now), last_hash, {"result": result}
        )
        records.insert_event(self.store, attempt_id, seq, event)
        status = "aborted" if aborted else "finished"
        records.close_attempt(
            self.store, attempt_id, status, format_utc(now), seq, event.hash, canonical.dumps(result).decode()
        )
        records.clear_question_clock(self.store, attempt_id)
        from pixdesk.services.outbox import put_result_bundle

        put_result_bundle(self.store, self.device, attempt_id, now)

    def _finished_step(self, row: dict[str, Any]) -> Step:
        return Step(
            attempt_id=AttemptId(row["id"]),
            kind=row["kind"],
            answered=row["answers_count"],
            total=None,
            challenge=None,
            body=None,
            timer_seconds=None,
            checkpoint=(),
            finished=True,
            result=json.loads(row["result"]) if row["result"] else None,
        )
