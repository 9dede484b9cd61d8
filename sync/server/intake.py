"""Receiving result bundles: one :class:`~sync.protocol.Verdict` per bundle. Layer: sync.server.

Checks, in order, each refusing with one code and storing nothing: envelope form
(``bad_envelope``) → the ORIGINAL device, whoever relays it (``unknown_device``,
``revoked_device``) → its signature over the exact payload bytes (``bad_signature``) →
payload names this bundle and device (``mismatch``) → already stored? same bytes:
``duplicate`` with a receipt, other bytes: ``sequence_reused`` → payload form
(``bad_payload``) → the device's chain: ``device_seq`` is the next one (``sequence_gap``,
retry; ``sequence_reused``) and ``previous`` is the SHA-256 of the payload before it
(``chain_broken``) → re-scoring by replay (``unknown_pack``, retry; ``replay_failed``).
Then one transaction stores the original envelope, the server's result and the
per-competence rows, and takes the centre's next change number (a row lock on the
centre, so that sync cursors never skip a bundle committed late). Unique keys on the
bundle id and on (device, device_seq) settle two app processes racing on one bundle.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from pixdesk.services.outbox import GENESIS_BUNDLE
from pixdesk.timeutil import format_utc
from sync.protocol import REJECT_CODES, Envelope, ProtocolError, Receipt, Verdict
from sync.server.registry import DeviceRecord, get_device
from sync.server.rescore import Rescored, check_payload, rescore
from sync.server.schema import bundles, centres, competence_results, refused_bundles
from sync.server.state import ServerState

__all__ = ["receive_bundle"]

log = logging.getLogger("sync.server.intake")
BUNDLE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
DEVICE_ID = re.compile(r"[0-9a-f]{16}")


def _reject(bundle_id: str, code: str, reason: str) -> Verdict:
    return Verdict(bundle_id, "rejected", code=code, reason=reason)


def _receipt(state: ServerState, stored: Any, status: str) -> Receipt:
    return Receipt(
        bundle_id=stored["bundle_id"],
        device=stored["device_key_id"],
        device_seq=int(stored["device_seq"]),
        payload_sha256=stored["payload_sha256"],
        status=status,
        received_at=stored["received_at"],
        server=state.config.server_key.key_id,
    ).signed(state.config.server_key)


# Built once: statements are immutable, and building them is a good part of the SQL cost per bundle.
_STORED = select(
    bundles.c.bundle_id,
    bundles.c.device_key_id,
    bundles.c.device_seq,
    bundles.c.payload_sha256,
    bundles.c.received_at,
).where(bundles.c.bundle_id == bindparam("bundle_id"))
_REFUSED = select(refused_bundles.c.payload_sha256, refused_bundles.c.code, refused_bundles.c.reason).where(
    refused_bundles.c.bundle_id == bindparam("bundle_id")
)
_LAST_LINKS = [
    select(table.c.device_seq, table.c.payload_sha256)
    .where(table.c.device_key_id == bindparam("device"))
    .order_by(table.c.device_seq.desc())
    .limit(1)
    for table in (bundles, refused_bundles)
]
_NEXT_CENTRE_SEQ = (
    update(centres)
    .where(centres.c.id == bindparam("centre"))
    .values(change_seq=centres.c.change_seq + 1)
    .returning(centres.c.change_seq)
)
_INSERT_BUNDLE = bundles.insert()
_INSERT_COMPETENCES = competence_results.insert()


def _stored(connection: Connection, bundle_id: str) -> Any:
    return connection.execute(_STORED, {"bundle_id": bundle_id}).mappings().first()


def _last_link(connection: Connection, device: str) -> tuple[int, str]:
    """The device's last bundle in the chain (accepted or refused): its sequence and hash."""
    found = [(0, GENESIS_BUNDLE)]
    for query in _LAST_LINKS:
        row = connection.execute(query, {"device": device}).first()
        if row is not None:
            found.append((int(row[0]), str(row[1])))
    return max(found)


def _refused(connection: Connection, bundle_id: str) -> Any:
    return connection.execute(_REFUSED, {"bundle_id": bundle_id}).mappings().first()


def _keep_refused(state: ServerState, envelope: Envelope, doc: dict[str, Any], exc: ProtocolError) -> Verdict:
    """Record a bundle refused for its content, so the device's chain goes on past it."""
    try:
        with state.engine.begin() as connection:
            connection.execute(
                refused_bundles.insert().values(
                    bundle_id=envelope.bundle_id,
                    device_key_id=envelope.device,
                    device_seq=doc["device_seq"],
                    payload=envelope.payload,
                    signature=envelope.signature,
                    payload_sha256=envelope.payload_sha256,
                    code=exc.code,
                    reason=exc.message[:2000],
                    received_at=format_utc(state.now()),
                )
            )
    except IntegrityError:  # another process refused it meanwhile, or took the sequence
        pass
    return _reject(envelope.bundle_id, exc.code, exc.message)


def _check_chain(last_link: tuple[int, str], envelope: Envelope, doc: dict[str, Any]) -> None:
    seq, where = int(doc["device_seq"]), envelope.bundle_id
    last_seq, last_sha = last_link
    if seq <= last_seq:
        raise ProtocolError("sequence_reused", f"device sequence {seq} already holds another bundle", where)
    if seq > last_seq + 1:
        raise ProtocolError(
            "sequence_gap", f"bundle {seq} arrived before bundle {last_seq + 1} of this device", where
        )
    if doc["previous"] != last_sha:
        raise ProtocolError("chain_broken", f"'previous' is not the hash of bundle {last_seq}", where)


def _store(
    connection: Connection,
    envelope: Envelope,
    doc: dict[str, Any],
    device: DeviceRecord,
    relay: DeviceRecord,
    scored: Rescored,
    now: str,
) -> dict[str, Any]:
    """Store an accepted bundle (in the caller's transaction); returns the stored row's receipt fields."""
    centre_seq: int = connection.execute(_NEXT_CENTRE_SEQ, {"centre": device.centre_id}).scalar_one()
    attempt = doc["attempt"]
    connection.execute(
        _INSERT_BUNDLE,
        {
            "bundle_id": envelope.bundle_id,
            "device_key_id": device.key_id,
            "device_seq": doc["device_seq"],
            "payload": envelope.payload,
            "signature": envelope.signature,
            "payload_sha256": envelope.payload_sha256,
            "centre_id": device.centre_id,
            "centre_seq": centre_seq,
            "learner_id": attempt["learner"],
            "attempt_id": attempt["id"],
            "attempt_kind": attempt["kind"][:32],
            "pack_id": attempt["pack"]["id"],
            "pack_version": attempt["pack"]["version"],
            "finished_at": scored.finished_at,
            "received_at": now,
            "relay_key_id": relay.key_id,
            "client_result": json.dumps(doc["result"], sort_keys=True),
            "server_result": json.dumps(scored.result, sort_keys=True),
            "result_mismatch": scored.mismatch,
        },
    )
    rows = [
        {
            "bundle_id": envelope.bundle_id,
            "competence": code,
            "centre_id": device.centre_id,
            "learner_id": attempt["learner"],
            "attempt_kind": attempt["kind"][:32],
            "pix": pix,
            "level": level,
            "finished_at": scored.finished_at,
        }
        for code, (pix, level) in scored.competences.items()
    ]
    if rows:
        connection.execute(_INSERT_COMPETENCES, rows)
    return {  # what _stored would read back now: the receipt needs no second query
        "bundle_id": envelope.bundle_id,
        "device_key_id": device.key_id,
        "device_seq": doc["device_seq"],
        "payload_sha256": envelope.payload_sha256,
        "received_at": now,
    }


def _judge(state: ServerState, raw: Any, relay: DeviceRecord) -> Verdict:
    bundle_id = raw.get("bundle_id") if isinstance(raw, dict) else None
    bundle_id = bundle_id[:64] if isinstance(bundle_id, str) and bundle_id else "?"
    try:
        envelope = Envelope.from_json(raw)
    except ProtocolError as exc:
        return _reject(bundle_id, "bad_envelope", exc.message)
    if not BUNDLE_ID.fullmatch(envelope.bundle_id):
        return _reject(bundle_id, "bad_envelope", "a bundle id is 1 to 64 characters of [A-Za-z0-9_-]")
    if not DEVICE_ID.fullmatch(envelope.device):
        return _reject(bundle_id, "unknown_device", f"device {envelope.device[:16]!r} is not enrolled")
    # Every row the checks below need, read in one short transaction (the checks keep their order).
    stored = refused = None
    last_link = (0, GENESIS_BUNDLE)
    with state.engine.connect() as connection:
        device = get_device(connection, envelope.device)
        if device is not None:
            stored = _stored(connection, envelope.bundle_id)
            refused = _refused(connection, envelope.bundle_id) if stored is None else None
            last_link = _last_link(connection, envelope.device)
    if device is None:
        return _reject(bundle_id, "unknown_device", f"device {envelope.device[:16]!r} is not enrolled")
    if device.revoked:
        return _reject(bundle_id, "revoked_device", f"device {device.key_id} was revoked")
    if not envelope.verify(device.public_key):
        return _reject(bundle_id, "bad_signature", "the signature is not the device's over these bytes")
    doc = envelope.payload_document()  # ProtocolError: bad_envelope or mismatch
    if refused is not None and refused["payload_sha256"] == envelope.payload_sha256:
        return _reject(bundle_id, str(refused["code"]), str(refused["reason"]))  # the same answer again
    if stored is not None:
        if stored["payload_sha256"] == envelope.payload_sha256:
            return Verdict(envelope.bundle_id, "duplicate", receipt=_receipt(state, stored, "duplicate"))
        return _reject(bundle_id, "sequence_reused", "this bundle id is already stored with other content")
    check_payload(doc, envelope.bundle_id)
    try:
        _check_chain(last_link, envelope, doc)
    except ProtocolError as exc:
        # another process may have stored this very bundle since the look-up above
        if exc.code != "sequence_reused":
            raise
        with state.engine.connect() as connection:
            again = _stored(connection, envelope.bundle_id)
        if again is None or again["payload_sha256"] != envelope.payload_sha256:
            raise
        return Verdict(envelope.bundle_id, "duplicate", receipt=_receipt(state, again, "duplicate"))
    try:
        # the envelope's signature by this device was verified above, over every event's bytes
        scored = rescore(state.packs, doc, device.public_key, envelope.bundle_id, bundle_verified=True)
    except ProtocolError as exc:
        if REJECT_CODES.get(exc.code, True):  # retryable (the pack is not here yet): nothing kept
            raise
        return _keep_refused(state, envelope, doc, exc)
    now = format_utc(state.now())
    try:
        with state.engine.begin() as connection:
            stored = _store(connection, envelope, doc, device, relay, scored, now)
    except IntegrityError:  # another process stored this bundle, or this sequence, meanwhile
        with state.engine.connect() as connection:
            stored = _stored(connection, envelope.bundle_id)
        if stored is not None and stored["payload_sha256"] == envelope.payload_sha256:
            return Verdict(envelope.bundle_id, "duplicate", receipt=_receipt(state, stored, "duplicate"))
        return _reject(bundle_id, "sequence_reused", "another bundle took this device sequence meanwhile")
    log.info(
        "bundle accepted",
        extra={
            "event": "bundle",
            "bundle": envelope.bundle_id,
            "device": device.key_id,
            "relay": relay.key_id,
            "verdict": "accepted",
            "mismatch": scored.mismatch,
        },
    )
    return Verdict(envelope.bundle_id, "accepted", receipt=_receipt(state, stored, "accepted"))


def receive_bundle(state: ServerState, raw: Any, relay: DeviceRecord) -> Verdict:
    """Judge and, when acceptable, store one bundle sent by (or relayed through) ``relay``."""
    try:
        verdict = _judge(state, raw, relay)
    except ProtocolError as exc:
        bundle_id = raw.get("bundle_id") if isinstance(raw, dict) else None
        bundle_id = bundle_id[:64] if isinstance(bundle_id, str) and bundle_id else "?"
        code = exc.code if exc.code in REJECT_CODES else "bad_payload"
        verdict = _reject(bundle_id, code, exc.message)
    if verdict.verdict == "rejected":
        log.info(
            "bundle rejected",
            extra={
                "event": "bundle",
                "bundle": verdict.bundle_id,
                "relay": relay.key_id,
                "verdict": "rejected",
                "code": verdict.code,
            },
        )
    return verdict
