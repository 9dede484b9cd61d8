"""Re-scoring a result bundle from its signed events. Layer: sync.server.

The server never trusts a client's score: it checks the payload's form, opens the very
pack version the attempt was taken on, and replays every event with
:func:`pixdesk.services.replay.replay_attempt` — the same engine code that took the
decisions on the machine, with the device's public key verifying the chain. A decision
that does not replay (another next question, another answer status, a broken chain) is
``replay_failed``. A result that differs — the bundle's ``result`` or the one in the
signed ``finished`` event — is not a failure: the server keeps its own result and flags
the bundle (``result_mismatch``) for a person to look at.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pixdesk import canonical
from pixdesk.errors import PixdeskError
from pixdesk.events import Event
from pixdesk.services.replay import replay_attempt
from pixdesk.signing import PublicKey
from sync.protocol import HEX64, ProtocolError
from sync.server.packstore import PackCache

__all__ = ["Rescored", "check_head", "check_payload", "check_summary", "finished_at", "rescore"]

# The problem replay_attempt reports last when only the final result differs (pixdesk.services.replay).
RESULT_DIFFERS = "the recorded result differs from the replayed result"
MAX_INT = 2**31 - 1


@dataclass(frozen=True)
class Rescored:
    """The server's own result for a bundle."""

    result: dict[str, Any]
    mismatch: bool  # the client's result (bundle or finished event) differs from it
    finished_at: str
    competences: dict[str, tuple[int | None, int | None]]  # code -> (pix, level)


def _bad(reason: str, where: str) -> ProtocolError:
    return ProtocolError("bad_payload", reason, where)


def _text(data: dict[str, Any], key: str, where: str, limit: int = 64) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not 0 < len(value) <= limit or "\x00" in value:
        raise _bad(f"{key!r} must be a string of 1 to {limit} characters", where)
    return value


def _int(data: dict[str, Any], key: str, where: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_INT:
        raise _bad(f"{key!r} must be an integer from 1 to {MAX_INT}", where)
    return value


def check_payload(doc: dict[str, Any], where: str) -> None:
    """Check that a payload is a result bundle of format version 1.

    Raises:
        ProtocolError: ``bad_payload``, naming the first field that is wrong.
    """
    check_head(doc, where)
    events = doc.get("events")
    if not isinstance(events, list) or not events:
        raise _bad("'events' must be a non-empty list", where)
    for event in events:
        if (
            not isinstance(event, dict)
            or not isinstance(event.get("event"), dict)
            or not isinstance(event.get("hash"), str)
            or not isinstance(event.get("signature"), str)
        ):
            raise _bad("each event has 'event' (object), 'hash' and 'signature' (strings)", where)


def check_head(doc: dict[str, Any], where: str) -> None:
    """Check a result bundle's fields but its events (:func:`check_payload` checks those too).

    Raises:
        ProtocolError: ``bad_payload``, naming the first field that is wrong.
    """
    if doc.get("format") != "pixdesk-result-bundle" or doc.get("format_version") != 1:
        raise _bad("not a pixdesk-result-bundle of format version 1", where)
    _int(doc, "device_seq", where)
    if not isinstance(doc.get("previous"), str) or not HEX64.fullmatch(doc["previous"]):
        raise _bad("'previous' must be 64 lowercase hex digits", where)
    _text(doc, "created", where)
    attempt = doc.get("attempt")
    if not isinstance(attempt, dict):
        raise _bad("'attempt' must be an object", where)
    for key in ("id", "kind", "learner", "status"):
        _text(attempt, key, where)
    pack = attempt.get("pack")
    if not isinstance(pack, dict):
        raise _bad("'attempt.pack' must be an object", where)
    _text(pack, "id", where)
    _text(pack, "sha256", where)
    _int(pack, "version", where)
    if not isinstance(doc.get("result"), dict):
        raise _bad("'result' must be an object", where)


def check_summary(attempt: dict[str, Any], started: dict[str, Any], where: str) -> None:
    """Check that a checked payload's attempt summary names the learner and pack of its first
    signed event, ``started`` (cheap: done at intake; the replay checks every event later).

    Raises:
        ProtocolError: ``mismatch``.
    """
    data = started.get("data")
    if not isinstance(data, dict) or (
        data.get("learner") != attempt["learner"] or data.get("pack") != attempt["pack"]
    ):
        raise ProtocolError("mismatch", "the attempt summary differs from its signed events", where)


def finished_at(last: dict[str, Any]) -> str:
    """When a payload finished: its last event's time as it says (``YYYY-MM-DDTHH:MM:SSZ``)."""
    return str(last.get("at", ""))[:20]


def _competences(result: dict[str, Any]) -> dict[str, tuple[int | None, int | None]]:
    found: dict[str, tuple[int | None, int | None]] = {}
    scores = result.get("competences")
    if not isinstance(scores, dict):
        return found
    for code, score in scores.items():
        if not isinstance(score, dict):
            continue
        pix, level = score.get("pix"), score.get("level")
        found[str(code)[:16]] = (
            pix if isinstance(pix, int) and not isinstance(pix, bool) else None,
            level if isinstance(level, int) and not isinstance(level, bool) else None,
        )
    return found


def rescore(
    cache: PackCache, doc: dict[str, Any], device: PublicKey, where: str, bundle_verified: bool = False
) -> Rescored:
    """Replay a checked payload's events on its pack; return the server's result.

    ``bundle_verified``: the bundle's signature by ``device`` was verified over these
    payload bytes, which hold every event: the events' own signatures (same key) are then
    not verified a second time — their hashes and links still are.

    Raises:
        ProtocolError: ``unknown_pack`` (not stored here, retry later), ``mismatch`` (the
            attempt summary names another learner or pack than its signed events) or
            ``replay_failed``.
    """
    attempt = doc["attempt"]
    pack = attempt["pack"]
    try:
        found = cache.content(pack["id"], pack["version"])
    except PixdeskError as exc:
        raise ProtocolError("unknown_pack", f"the pack cannot be opened here: {exc.message}", where) from None
    if found is None:
        raise ProtocolError(
            "unknown_pack", f"pack {pack['id']} v{pack['version']} is not on the server", where
        )
    row, content = found
    try:
        check_summary(attempt, doc["events"][0]["event"], where)
        events = [Event(canonical.dumps(e["event"]), e["hash"], e["signature"]) for e in doc["events"]]
        report = replay_attempt(
            content, events, device, attempt["id"], row.content_sha256, signed_as_bundle=bundle_verified
        )
    except ProtocolError:
        raise
    except (PixdeskError, KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ProtocolError("replay_failed", f"the events cannot be replayed: {exc}", where) from None
    problems = [p for p in report.problems if p != RESULT_DIFFERS]
    if problems:
        raise ProtocolError("replay_failed", "; ".join(problems[:3]), where)
    if not report.finished or report.replayed_result is None:
        raise ProtocolError("replay_failed", "the events do not end with a finished attempt", where)
    result = report.replayed_result
    mismatch = report.recorded_result != result or doc["result"] != result
    return Rescored(result, mismatch, finished_at(doc["events"][-1]["event"]), _competences(result))
