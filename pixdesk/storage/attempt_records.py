"""Rows of attempts, answers, knowledge elements and events. Layer: storage.

Plain functions over an open :class:`Store`; the attempt service calls them inside
its transactions. Nothing here decides anything: it only reads and writes rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pixdesk.domain.ids import ChallengeId, CompetenceCode, SkillId, TubeId
from pixdesk.domain.knowledge import KESource, KEStatus, KnowledgeElement
from pixdesk.storage.database import Store
from pixdesk.timeutil import format_utc, parse_utc

if TYPE_CHECKING:  # pixdesk.events brings cryptography, not needed to read a scorecard
    from pixdesk.events import Event

__all__ = [
    "active_elements",
    "advance_attempt",
    "attempt_row",
    "close_attempt",
    "competence_evaluations",
    "deactivate_competence",
    "deactivate_failures",
    "event_documents_bytes",
    "events_of",
    "insert_answer",
    "insert_attempt",
    "insert_elements",
    "insert_event",
    "insert_learner",
    "last_answers",
    "list_attempts",
    "prior_statuses",
    "seen_challenges",
    "started_attempts",
]


def insert_learner(store: Store, learner_id: str, display_name: str, created_at: str) -> None:
    store.conn.execute(
        "INSERT OR IGNORE INTO learners (id, display_name, created_at) VALUES (?, ?, ?)",
        (learner_id, display_name, created_at),
    )


def insert_attempt(store: Store, row: dict[str, Any]) -> None:
    store.db.table("attempts").insert(row)


def attempt_row(store: Store, attempt_id: str) -> dict[str, Any] | None:
    rows = store.query("SELECT * FROM attempts WHERE id = ?", (attempt_id,))
    return rows[0] if rows else None


def insert_event(store: Store, attempt_id: str, seq: int, event: Event) -> None:
    store.conn.execute(
        "INSERT INTO events (attempt_id, seq, body, hash, signature) VALUES (?, ?, ?, ?, ?)",
        (attempt_id, seq, event.body, event.hash, event.signature),
    )


def events_of(store: Store, attempt_id: str) -> list[Event]:
    rows = store.query(
        "SELECT body, hash, signature FROM events WHERE attempt_id = ? ORDER BY seq", (attempt_id,)
    )
    from pixdesk.events import Event

    return [Event(bytes(r["body"]), r["hash"], r["signature"]) for r in rows]


def event_documents_bytes(store: Store, attempt_id: str) -> list[bytes]:
    rows = store.query("SELECT body FROM events WHERE attempt_id = ? ORDER BY seq", (attempt_id,))
    return [bytes(r["body"]) for r in rows]


def insert_answer(
    store: Store,
    attempt_id: str,
    position: int,
    challenge_id: str,
    skill_id: str,
    response: Any,
    status: str,
    elapsed_ms: int | None,
    answered_at: str,
) -> None:
    store.conn.execute(
        "INSERT INTO answers (attempt_id, position, challenge_id, skill_id, response, status, elapsed_ms,"
        " answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            attempt_id,
            position,
            challenge_id,
            skill_id,
            json.dumps(response, ensure_ascii=False),
            status,
            elapsed_ms,
            answered_at,
        ),
    )


def insert_elements(
    store: Store, learner_id: str, attempt_id: str, elements: Iterable[KnowledgeElement]
) -> None:
    store.conn.executemany(
        "INSERT INTO knowledge_elements (learner_id, attempt_id, skill_id, tube_id, competence, status,"
        " source, earned_pix, challenge_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                learner_id,
                attempt_id,
                e.skill_id,
                e.tube_id,
                e.competence,
                str(e.status),
                str(e.source),
                e.earned_pix,
                e.challenge_id,
                format_utc(e.created_at),
            )
            for e in elements
        ],
    )


def advance_attempt(
    store: Store, attempt_id: str, current: str | None, answers: int, seq: int, last_hash: str
) -> None:
    store.conn.execute(
        "UPDATE attempts SET current_challenge = ?, answers_count = ?, last_seq = ?, last_hash = ?"
        " WHERE id = ?",
        (current, answers, seq, last_hash, attempt_id),
    )


def question_shown_ms(store: Store, attempt_id: str, challenge_id: str) -> int | None:
    """When ``challenge_id`` was first on screen in this attempt (epoch ms), if recorded."""
    row = store.conn.execute(
        "SELECT shown_ms FROM question_clock WHERE attempt_id = ? AND challenge_id = ?",
        (attempt_id, challenge_id),
    ).fetchone()
    return None if row is None else int(row[0])


def set_question_shown(store: Store, attempt_id: str, challenge_id: str, shown_ms: int) -> None:
    """Record that the attempt's current question went on screen (replaces the previous one's)."""
    store.conn.execute(
        "INSERT INTO question_clock (attempt_id, challenge_id, shown_ms) VALUES (?, ?, ?)"
        " ON CONFLICT (attempt_id) DO UPDATE SET challenge_id = excluded.challenge_id,"
        " shown_ms = excluded.shown_ms",
        (attempt_id, challenge_id, shown_ms),
    )


def clear_question_clock(store: Store, attempt_id: str) -> None:
    store.conn.execute("DELETE FROM question_clock WHERE attempt_id = ?", (attempt_id,))


def close_attempt(
    store: Store, attempt_id: str, status: str, finished_at: str, seq: int, last_hash: str, result: str
) -> None:
    store.conn.execute(
        "UPDATE attempts SET status = ?, finished_at = ?, current_challenge = NULL, last_seq = ?,"
        " last_hash = ?, result = ? WHERE id = ?",
        (status, finished_at, seq, last_hash, result, attempt_id),
    )


def last_answers(store: Store, attempt_id: str, count: int) -> list[dict[str, Any]]:
    """The attempt's last ``count`` answers, oldest first."""
    rows = store.query(
        "SELECT challenge_id, response, status FROM answers WHERE attempt_id = ?"
        " ORDER BY position DESC LIMIT ?",
        (attempt_id, count),
    )
    return list(reversed(rows))


def prior_statuses(store: Store, learner_id: str, competences: set[str] | None) -> dict[str, str]:
    """The learner's active knowledge: skill id → status of its latest active element."""
    rows = store.query(
        "SELECT skill_id, status, competence FROM knowledge_elements"
        " WHERE learner_id = ? AND active = 1 ORDER BY id",
        (learner_id,),
    )
    prior: dict[str, str] = {}
    for row in rows:
        if competences is None or row["competence"] in competences:
            prior[row["skill_id"]] = row["status"]
    return prior


def active_elements(store: Store, learner_id: str) -> list[KnowledgeElement]:
    """The learner's active knowledge elements, oldest first."""
    rows = store.query(
        "SELECT * FROM knowledge_elements WHERE learner_id = ? AND active = 1 ORDER BY id", (learner_id,)
    )
    return [
        KnowledgeElement(
            skill_id=SkillId(row["skill_id"]),
            tube_id=TubeId(row["tube_id"]),
            competence=CompetenceCode(row["competence"]),
            status=KEStatus(row["status"]),
            source=KESource(row["source"]),
            earned_pix=row["earned_pix"],
            created_at=parse_utc(row["created_at"]),
            challenge_id=ChallengeId(row["challenge_id"]) if row["challenge_id"] else None,
        )
        for row in rows
    ]


def competence_evaluations(store: Store, learner_id: str) -> dict[str, tuple[bool, str | None]]:
    """Per competence: (an evaluation is in progress, when the latest one finished)."""
    rows = store.query(
        "SELECT competence, max(status = 'started') AS running, max(CASE WHEN status = 'finished'"
        " THEN finished_at END) AS completed FROM attempts WHERE learner_id = ? AND kind = 'competence'"
        " GROUP BY competence",
        (learner_id,),
    )
    return {row["competence"]: (bool(row["running"]), row["completed"]) for row in rows}


def deactivate_competence(store: Store, learner_id: str, competence: str) -> None:
    """Reset: none of the competence's elements count any more (kept for history)."""
    store.conn.execute(
        "UPDATE knowledge_elements SET active = 0 WHERE learner_id = ? AND competence = ? AND active = 1",
        (learner_id, competence),
    )


def deactivate_competence_before(store: Store, learner_id: str, competence: str, moment: str) -> None:
    """A reset made at ``moment`` on another machine: the elements it found no longer count."""
    store.conn.execute(
        "UPDATE knowledge_elements SET active = 0 WHERE learner_id = ? AND competence = ? AND active = 1"
        " AND created_at <= ?",
        (learner_id, competence, moment),
    )


def apply_recorded_resets(store: Store, learner_id: str) -> None:
    """Make every recorded reset of the learner count against what came before it — also
    work from another machine that arrives after the reset (pixdesk.services.remote_attempts)."""
    for competence, moment in learner_resets(store, learner_id):
        deactivate_competence_before(store, learner_id, competence, moment)


def learner_resets(store: Store, learner_id: str) -> list[tuple[str, str]]:
    """The learner's recorded competence resets: (competence, when)."""
    rows = store.query(
        "SELECT competence, finished_at FROM attempts WHERE learner_id = ? AND kind = 'competence'"
        " AND json_extract(settings, '$.reset') = 1 AND finished_at IS NOT NULL ORDER BY finished_at",
        (learner_id,),
    )
    return [(str(row["competence"]), str(row["finished_at"])) for row in rows]


def deactivate_failures(store: Store, learner_id: str, competence: str) -> None:
    """Improve: the competence's failures no longer count (kept for history)."""
    store.conn.execute(
        "UPDATE knowledge_elements SET active = 0 WHERE learner_id = ? AND competence = ?"
        " AND status = 'invalidated' AND active = 1",
        (learner_id, competence),
    )


def seen_challenges(store: Store, learner_id: str) -> set[str]:
    rows = store.query(
        "SELECT DISTINCT a.challenge_id FROM answers a JOIN attempts t ON t.id = a.attempt_id"
        " WHERE t.learner_id = ?",
        (learner_id,),
    )
    return {row["challenge_id"] for row in rows}


def started_attempts(store: Store, learner_id: str) -> list[dict[str, Any]]:
    return store.query(
        "SELECT id, kind, pack_id, competence, campaign_code, answers_count, started_at"
        " FROM attempts WHERE learner_id = ? AND status = 'started' ORDER BY started_at DESC",
        (learner_id,),
    )


def list_attempts(store: Store) -> list[dict[str, Any]]:
    return store.query(
        "SELECT id, learner_id, kind, pack_id, competence, status, answers_count, started_at"
        " FROM attempts ORDER BY started_at"
    )


# -- progress history (pixdesk.services.progress) ----------------------------------------------
def learner_attempts(store: Store, learner_id: str) -> list[dict[str, Any]]:
    """The learner's competence and campaign attempts with start data and result, oldest first."""
    return store.query(
        "SELECT id, kind, competence, status, started_at, finished_at, answers_count, settings, result"
        " FROM attempts WHERE learner_id = ? AND kind IN ('competence', 'campaign')"
        " ORDER BY started_at, rowid",
        (learner_id,),
    )


def element_history(store: Store, learner_id: str) -> list[tuple[str, bool, KnowledgeElement]]:
    """Every knowledge element of the learner, active or not: (attempt id, active, element)."""
    rows = store.query("SELECT * FROM knowledge_elements WHERE learner_id = ? ORDER BY id", (learner_id,))
    return [
        (
            row["attempt_id"],
            bool(row["active"]),
            KnowledgeElement(
                skill_id=SkillId(row["skill_id"]),
                tube_id=TubeId(row["tube_id"]),
                competence=CompetenceCode(row["competence"]),
                status=KEStatus(row["status"]),
                source=KESource(row["source"]),
                earned_pix=row["earned_pix"],
                created_at=parse_utc(row["created_at"]),
                challenge_id=ChallengeId(row["challenge_id"]) if row["challenge_id"] else None,
            ),
        )
        for row in rows
    ]


__all__ += [
    "apply_recorded_resets",
    "clear_question_clock",
    "deactivate_competence_before",
    "element_history",
    "learner_attempts",
    "learner_resets",
    "question_shown_ms",
    "set_question_shown",
]
