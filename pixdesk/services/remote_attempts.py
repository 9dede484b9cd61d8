"""An attempt taken on another machine of the centre, checked and re-derived here.

Layer: services. The certification server sends back the bundles of the centre's
learners that other devices uploaded. Before one counts on this machine, it is
verified like the server verifies it: the device's signature over the payload, the
event chain signed by that device, then every decision replayed with the same engine
code (pixdesk.services.replay) on the same pack content. The knowledge elements are
re-derived by that replay, never read from the bundle. The attempt is recorded with
its ``source_device``; it never enters this machine's outbox.

:func:`evaluate` only reads; :func:`record` writes what it decided, inside the
caller's transaction.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pixdesk import canonical
from pixdesk.domain.ids import ChallengeId
from pixdesk.domain.knowledge import KnowledgeElement
from pixdesk.events import ChainError, Event, verify_chain
from pixdesk.packs.content import PackContent, load_content
from pixdesk.packs.installed import list_packs
from pixdesk.services.outbox import BUNDLE_CONTEXT
from pixdesk.services.replay import feed_answers, start_run
from pixdesk.signing import PublicKey
from pixdesk.storage import attempt_records, learner_records
from pixdesk.storage import sync_records as records
from pixdesk.storage.database import Store

__all__ = ["Evaluation", "PackCache", "RemoteBundle", "evaluate", "record"]


@dataclass(frozen=True)
class RemoteBundle:
    """A bundle of another device, as pulled: the payload bytes as that device signed them."""

    bundle_id: str
    device: str
    payload: bytes
    signature: bytes
    device_key: PublicKey | None  # from the server's ``devices`` map


@dataclass
class Evaluation:
    """What to do with one remote bundle: ``applied``, ``waiting`` (pack, learner missing:
    tried again on the next pull), ``skipped`` (certification, already here) or ``refused``."""

    status: str
    reason: str | None = None
    device_seq: int = 0
    attempt_id: str = ""
    learner_id: str = ""
    attempt: dict[str, Any] | None = None
    answers: list[tuple[Any, ...]] = field(default_factory=list)
    elements: list[KnowledgeElement] = field(default_factory=list)
    improve: str | None = None  # the competence whose failures the attempt set aside


class PackCache:
    """Pack contents opened while a page is applied; close it afterwards."""

    def __init__(self, store: Store, packs_dir: Path) -> None:
        self.store, self.packs_dir = store, packs_dir
        self._open: dict[tuple[str, int], PackContent] = {}

    def content(self, pack_id: str, version: int, sha256: str) -> PackContent | None:
        key = (pack_id, version)
        if key not in self._open:
            for pack in list_packs(self.store, self.packs_dir, include_superseded=True):
                if (pack.pack_id, pack.version, pack.content_sha256) == (pack_id, version, sha256):
                    self._open[key] = load_content(pack)
        return self._open.get(key)

    def close(self) -> None:
        for content in self._open.values():
            content.close()
        self._open.clear()


class _Refused(Exception):
    pass


def _payload(bundle: RemoteBundle) -> dict[str, Any]:
    try:
        document = canonical.loads_canonical(bundle.payload)
    except ValueError as exc:
        raise _Refused(f"payload is not canonical JSON: {exc}") from None
    if not isinstance(document, dict) or document.get("format") != "pixdesk-result-bundle":
        raise _Refused("not a result bundle")
    if document.get("bundle_id") != bundle.bundle_id or document.get("device") != bundle.device:
        raise _Refused("the payload names another bundle or device")
    attempt = document.get("attempt")
    if not isinstance(attempt, dict) or not isinstance(document.get("events"), list):
        raise _Refused("no attempt or events in the payload")
    return document


def evaluate(store: Store, packs: PackCache, bundle: RemoteBundle) -> Evaluation:
    """Verify and replay one bundle of another device (reads only)."""
    try:
        return _evaluate(store, packs, bundle)
    except _Refused as exc:
        return _refused(bundle, str(exc))
    except (KeyError, TypeError, ValueError) as exc:
        return _refused(bundle, f"malformed bundle: {exc!r}")


def _refused(bundle: RemoteBundle, reason: str) -> Evaluation:
    """A refusal, with what the payload claims (if it can be read) to help whoever looks at it."""
    found = Evaluation("refused", reason)
    try:
        document = json.loads(bundle.payload)
        found.device_seq = int(document["device_seq"])
        found.attempt_id = str(document["attempt"]["id"])
        found.learner_id = str(document["attempt"]["learner"])
    except (ValueError, TypeError, KeyError):
        pass
    return found


def _evaluate(store: Store, packs: PackCache, bundle: RemoteBundle) -> Evaluation:
    key = bundle.device_key
    if key is None or key.key_id != bundle.device:
        raise _Refused("the server gave no public key for this device")
    if not key.verify(BUNDLE_CONTEXT, bundle.payload, bundle.signature):
        raise _Refused("the payload is not signed by its device")
    document = _payload(bundle)
    attempt = document["attempt"]
    found = Evaluation(
        "waiting",
        device_seq=int(document["device_seq"]),
        attempt_id=str(attempt["id"]),
        learner_id=str(attempt["learner"]),
    )
    if attempt["kind"] == "certification":
        found.status, found.reason = "skipped", "a certification is scored by the server only"
        return found
    if attempt_records.attempt_row(store, found.attempt_id) is not None:
        found.status, found.reason = "skipped", "this attempt is already on this machine"
        return found
    if learner_records.get_learner(store, found.learner_id) is None:
        found.reason = "the learner's profile is not on this machine yet"
        return found
    pack = attempt["pack"]
    content = packs.content(str(pack["id"]), int(pack["version"]), str(pack["sha256"]))
    if content is None:
        found.reason = f"pack {pack['id']} version {pack['version']} is not on this machine"
        return found
    events = [
        Event(canonical.dumps(item["event"]), str(item["hash"]), str(item["signature"]))
        for item in document["events"]
    ]
    try:
        documents = verify_chain(events, key, found.attempt_id)
    except ChainError as exc:
        raise _Refused(f"event chain broken at {exc}") from None
    _replay(found, content, documents, document, bundle.device, events[-1].hash)
    return found


def _replay(
    found: Evaluation,
    content: PackContent,
    documents: list[dict[str, Any]],
    document: dict[str, Any],
    device: str,
    last_hash: str,
) -> None:
    """The same checks as replay_attempt, keeping the run's knowledge elements."""
    if not documents or documents[0].get("type") != "started":
        raise _Refused("the first event is not 'started'")
    started, last = documents[0], documents[-1]
    data = started["data"]
    if data["pack"] != document["attempt"]["pack"] or data["learner"] != found.learner_id:
        raise _Refused("the started event names another pack or learner")
    if last.get("type") not in ("finished", "aborted"):
        raise _Refused("the attempt is not closed")
    run = start_run(content, found.attempt_id, started)
    if run.current != data.get("first"):
        raise _Refused("the first challenge does not replay")
    problems = feed_answers(run, documents[1:])
    recorded = last["data"]["result"]
    if problems or run.result(recorded.get("aborted")) != recorded or recorded != document["result"]:
        raise _Refused("; ".join(problems) or "the recorded result differs from the replayed result")
    answered = [doc for doc in documents if doc.get("type") == "answered"]
    found.answers = [
        (
            doc["data"]["position"],
            doc["data"]["challenge"],
            str(content.challenges[ChallengeId(doc["data"]["challenge"])].skill_id),
            doc["data"]["response"],
            doc["data"]["status"],
            doc["data"]["elapsed_ms"],
            doc["at"],
        )
        for doc in answered
    ]
    found.elements = list(run.elements)
    found.improve = data.get("competence") if data.get("improve") else None
    found.attempt = {
        "id": found.attempt_id,
        "learner_id": found.learner_id,
        "kind": data["kind"],
        "pack_id": data["pack"]["id"],
        "pack_version": data["pack"]["version"],
        "pack_sha256": data["pack"]["sha256"],
        "language": data["language"],
        "competence": data.get("competence"),
        "campaign_code": data.get("campaign_code"),
        "settings": canonical.dumps(data).decode(),
        "status": last["type"],
        "started_at": started["at"],
        "finished_at": last["at"],
        "current_challenge": None,
        "answers_count": len(answered),
        "last_seq": last["seq"],
        "last_hash": last_hash,
        "result": canonical.dumps(recorded).decode(),
        "source_device": device,
    }
    found.status = "applied"


def record(store: Store, bundle: RemoteBundle, found: Evaluation, received_at: str) -> None:
    """Write the bundle and, when applied, its attempt, answers and elements (caller's transaction)."""
    records.insert_remote_bundle(
        store,
        {
            "bundle_id": bundle.bundle_id,
            "device": bundle.device,
            "device_seq": found.device_seq,
            "device_key": None if bundle.device_key is None else bundle.device_key.b64,
            "attempt_id": found.attempt_id,
            "learner_id": found.learner_id,
            # kept while it may still be applied (waiting) or must be looked at (refused);
            # an applied one lives on in its attempt's rows, and the server keeps the original
            "payload": bundle.payload if found.status in ("waiting", "refused") else b"",
            "signature": base64.b64encode(bundle.signature).decode("ascii"),
            "received_at": received_at,
            "status": found.status,
            "reason": found.reason,
        },
    )
    if found.status != "applied" or found.attempt is None:
        return
    attempt_records.insert_attempt(store, found.attempt)
    for position, challenge, skill, response, status, elapsed, at in found.answers:
        attempt_records.insert_answer(
            store, found.attempt_id, position, challenge, skill, response, status, elapsed, at
        )
    if found.improve:
        attempt_records.deactivate_failures(store, found.learner_id, found.improve)
    attempt_records.insert_elements(store, found.learner_id, found.attempt_id, found.elements)
    # a reset counts here as where it was made: what came before it stops counting — including
    # work done earlier elsewhere that arrives only now
    attempt_records.apply_recorded_resets(store, found.learner_id)
