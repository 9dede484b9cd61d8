"""Scoring accepted bundles apart from their intake. Layer: sync.server.

Intake (sync.server.intake) accepts a bundle on its authenticity, its place in the
device's chain and its form, and the device gets its receipt at once. Re-scoring — the
replay of every signed event with the pack's own engine code (sync.server.rescore) —
is CPU work the device need not wait for: it happens here, shortly after, and fills
the bundle's ``server_result`` and ``result_mismatch`` and the per-competence rows the
centre's results are built from. ``scoring`` goes ``pending`` → ``scored``, or
``refused`` (``replay_failed``, ``mismatch``: kept for a person to look at, never in the
results). A bundle whose pack cannot be opened here yet stays ``pending`` with the
reason in ``scoring_code`` and is tried again once its lease has run out.

Work is claimed in small chunks under a lease (``scoring_lease``, epoch seconds; on
PostgreSQL with ``FOR UPDATE SKIP LOCKED``), so several app processes share it without
scoring a bundle twice; the final update is guarded by ``scoring = 'pending'`` all the
same. :class:`BackgroundScoring` runs in each app process: woken when bundles are
accepted, it yields to intake (a device waits on its receipts; nobody waits on a score)
until intake has been quiet for a moment, but never starves: under non-stop intake it
still scores a small chunk every ``max_yield_s``.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from time import monotonic
from typing import Any

from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.engine import Connection

from pixdesk.timeutil import format_utc
from sync.protocol import Envelope, ProtocolError
from sync.server.registry import device_from_row
from sync.server.rescore import Rescored, rescore
from sync.server.schema import bundles, competence_results, devices
from sync.server.state import ServerState

__all__ = [
    "BackgroundScoring",
    "ScoringReport",
    "ScoringRound",
    "score_pending",
    "scoring_backlog",
    "scoring_report",
]

log = logging.getLogger("sync.server.scoring")

CHUNK = 50  # bundles claimed at once when intake is quiet (~0.15 s of replay on a slow machine)
CHUNK_UNDER_LOAD = 10  # ... and while bundles keep coming in: scoring must not slow intake down
LEASE_S = 120  # a claimed bundle is another process's to take after this


@dataclass
class ScoringRound:
    """What one call scored."""

    claimed: int = 0
    scored: int = 0
    refused: int = 0
    waiting: int = 0  # left pending: the pack cannot be opened here yet

    def add(self, other: ScoringRound) -> None:
        self.claimed += other.claimed
        self.scored += other.scored
        self.refused += other.refused
        self.waiting += other.waiting


_WORK = (
    select(
        bundles.c.bundle_id,
        bundles.c.payload,
        bundles.c.signature,
        devices.c.key_id,
        devices.c.public_key,
        devices.c.centre_id,
        devices.c.name,
        devices.c.enrolled_at,
        devices.c.revoked_at,
        bundles.c.centre_id.label("bundle_centre"),
        bundles.c.learner_id,
        bundles.c.attempt_kind,
    )
    .join(devices, devices.c.key_id == bundles.c.device_key_id)
    .where(bundles.c.bundle_id.in_(bindparam("ids", expanding=True)))
)
_SCORED = (
    update(bundles)
    .where(bundles.c.bundle_id == bindparam("id"), bundles.c.scoring == "pending")
    .values(
        scoring=bindparam("outcome"),
        scoring_code=bindparam("code"),
        scoring_reason=bindparam("reason"),
        server_result=bindparam("result"),
        result_mismatch=bindparam("mismatch"),
        scored_at=bindparam("at"),
        scoring_lease=None,
    )
)


def _claim(state: ServerState, limit: int) -> list[str]:
    now = int(state.now().timestamp())
    with state.engine.begin() as connection:
        query = (
            select(bundles.c.bundle_id)
            .where(
                bundles.c.scoring == "pending",
                or_(bundles.c.scoring_lease.is_(None), bundles.c.scoring_lease < now),
            )
            .order_by(bundles.c.received_at, bundles.c.bundle_id)
            .limit(limit)
        )
        if connection.dialect.name == "postgresql":
            query = query.with_for_update(skip_locked=True)
        found: list[Any] = list(connection.execute(query).scalars())
        ids = [str(bundle_id) for bundle_id in found]
        if ids:
            connection.execute(
                update(bundles).where(bundles.c.bundle_id.in_(ids)).values(scoring_lease=now + LEASE_S)
            )
    return ids


def _score(state: ServerState, row: Any) -> Rescored | ProtocolError | None:
    """The server's result for one stored bundle, or why its content is refused; None: try later."""
    envelope = Envelope(row["bundle_id"], row["key_id"], bytes(row["payload"]), bytes(row["signature"]))
    try:
        device = device_from_row(row)  # the sender's key: it signed every event
        # the stored bytes were verified at intake with this key: events need no second check
        return rescore(state.packs, envelope.payload_document(), device.public_key, row["bundle_id"], True)
    except ProtocolError as exc:
        return exc
    except Exception:  # a defect here, not the bundle's fault: it stays pending, tried after its lease
        log.exception("scoring a bundle failed", extra={"event": "scoring_error", "bundle": row["bundle_id"]})
        return None


def _write(connection: Connection, row: Any, outcome: Rescored | ProtocolError | None, at: str) -> str:
    """Record one outcome; returns ``scored``, ``refused``, ``waiting`` or ``already``."""
    if outcome is None:
        return "waiting"
    if isinstance(outcome, ProtocolError) and outcome.code == "unknown_pack":
        connection.execute(
            update(bundles)
            .where(bundles.c.bundle_id == row["bundle_id"], bundles.c.scoring == "pending")
            .values(scoring_code=outcome.code, scoring_reason=outcome.message[:2000])
        )
        return "waiting"
    values: dict[str, Any]
    if isinstance(outcome, ProtocolError):
        values = {"outcome": "refused", "code": outcome.code, "reason": outcome.message[:2000]}
        values |= {"result": None, "mismatch": None}
    else:
        values = {"outcome": "scored", "code": None, "reason": None}
        values |= {"result": json.dumps(outcome.result, sort_keys=True), "mismatch": outcome.mismatch}
    done = connection.execute(_SCORED, {"id": row["bundle_id"], "at": at, **values})
    if done.rowcount != 1:  # another process scored it after our lease ran out
        return "already"
    if isinstance(outcome, Rescored) and outcome.competences:
        connection.execute(
            competence_results.insert(),
            [
                {
                    "bundle_id": row["bundle_id"],
                    "competence": code,
                    "centre_id": row["bundle_centre"],
                    "learner_id": row["learner_id"],
                    "attempt_kind": row["attempt_kind"],
                    "pix": pix,
                    "level": level,
                    "finished_at": outcome.finished_at,
                }
                for code, (pix, level) in outcome.competences.items()
            ],
        )
    return str(values["outcome"])


def score_chunk(state: ServerState, limit: int = CHUNK) -> ScoringRound:
    """Claim up to ``limit`` pending bundles, replay them, record the outcomes."""
    done = ScoringRound()
    ids = _claim(state, limit)
    if not ids:
        return done
    done.claimed = len(ids)
    with state.engine.connect() as connection:
        rows = list(connection.execute(_WORK, {"ids": ids}).mappings())
    outcomes = [(row, _score(state, row)) for row in rows]  # CPU work, outside any transaction
    at = format_utc(state.now())
    with state.engine.begin() as connection:
        for row, outcome in outcomes:
            kind = _write(connection, row, outcome, at)
            if kind == "scored":
                done.scored += 1
            elif kind == "refused":
                done.refused += 1
            elif kind == "waiting":
                done.waiting += 1
    for row, outcome in outcomes:
        if isinstance(outcome, Rescored) and outcome.mismatch:
            log.warning("client result differs", extra={"event": "mismatch", "bundle": row["bundle_id"]})
        elif isinstance(outcome, ProtocolError) and outcome.code != "unknown_pack":
            log.warning(
                "bundle refused at scoring",
                extra={"event": "scoring_refused", "bundle": row["bundle_id"], "code": outcome.code},
            )
    return done


def score_pending(state: ServerState, limit: int | None = None) -> ScoringRound:
    """Score pending bundles until none is left to claim (or ``limit`` were claimed)."""
    total = ScoringRound()
    while limit is None or total.claimed < limit:
        done = score_chunk(state, CHUNK if limit is None else min(CHUNK, limit - total.claimed))
        if not done.claimed:
            break
        total.add(done)
    return total


def scoring_backlog(connection: Connection, centre_id: str | None = None) -> int:
    """How many bundles wait to be scored (of one centre, or all)."""
    query = select(func.count()).select_from(bundles).where(bundles.c.scoring == "pending")
    if centre_id is not None:
        query = query.where(bundles.c.centre_id == centre_id)
    return int(connection.execute(query).scalar_one())


@dataclass
class ScoringReport:
    """What a person should know about scoring, server-wide (``pixdesk server admin scoring``)."""

    pending: int
    waiting_for_pack: int  # of the pending: their pack could not be opened yet
    refused: list[dict[str, Any]]  # refused at scoring: bundle, centre, learner, code, reason, received_at
    mismatched: list[dict[str, Any]]  # scored, but the client's result differed: bundle, centre, learner


def scoring_report(connection: Connection, limit: int = 200) -> ScoringReport:
    """The backlog, and the bundles a person should look at (newest first, at most ``limit`` each)."""
    waiting = (
        select(func.count())
        .select_from(bundles)
        .where(bundles.c.scoring == "pending", bundles.c.scoring_code.is_not(None))
    )
    columns = (bundles.c.bundle_id, bundles.c.centre_id, bundles.c.learner_id, bundles.c.received_at)
    refused = connection.execute(
        select(*columns, bundles.c.scoring_code, bundles.c.scoring_reason)
        .where(bundles.c.scoring == "refused")
        .order_by(bundles.c.received_at.desc(), bundles.c.bundle_id)
        .limit(limit)
    ).mappings()
    mismatched = connection.execute(
        select(*columns)
        .where(bundles.c.scoring == "scored", bundles.c.result_mismatch.is_(True))
        .order_by(bundles.c.received_at.desc(), bundles.c.bundle_id)
        .limit(limit)
    ).mappings()
    return ScoringReport(
        pending=scoring_backlog(connection),
        waiting_for_pack=int(connection.execute(waiting).scalar_one()),
        refused=[dict(row) for row in refused],
        mismatched=[dict(row) for row in mismatched],
    )


class BackgroundScoring:
    """A thread of one app process scoring pending bundles, yielding to intake."""

    def __init__(
        self, state: ServerState, quiet_s: float = 0.25, max_yield_s: float = 2.0, poll_s: float = 5.0
    ) -> None:
        self.state = state
        self.quiet_s = quiet_s  # intake must have been quiet this long before a chunk
        self.max_yield_s = max_yield_s  # ... unless no chunk ran for this long
        self.poll_s = poll_s  # look for work (other processes' bundles, new packs) this often
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="pixdesk-scoring", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self.state.activity.scoring_wanted.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        activity = self.state.activity
        last_chunk = monotonic()
        while not self._stop.is_set():
            activity.scoring_wanted.wait(self.poll_s)
            activity.scoring_wanted.clear()
            while not self._stop.is_set():
                busy = activity.busy_for(self.quiet_s)
                if busy and monotonic() - last_chunk < self.max_yield_s:
                    self._stop.wait(min(busy, 0.05))
                    continue
                try:
                    done = score_chunk(self.state, CHUNK_UNDER_LOAD if busy else CHUNK)
                except Exception:  # a database hiccup: logged, tried again at the next poll
                    log.exception("scoring failed", extra={"event": "scoring_error"})
                    break
                last_chunk = monotonic()
                if not done.claimed or done.waiting == done.claimed:
                    break
