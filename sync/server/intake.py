"""Receiving result bundles: one :class:`~sync.protocol.Verdict` per bundle. Layer: sync.server.

A batch is judged in two steps. What a bundle is (its device, its signature, its payload's
head) needs no row of the device's chain: it is checked first, beside any batch of the same
device being stored. Its place in the chain is then judged with one read of the rows it
needs, and the batch stored in one transaction, in the device's turn
(sync.server.device_turns: one batch of a device at a time in this process).
Checks, in order, each refusing with one code and storing nothing: envelope form
(``bad_envelope``) → the ORIGINAL device, whoever relays it (``unknown_device``,
``revoked_device``) → its signature over the exact payload bytes (``bad_signature``) →
the payload's head (sync.server.payload_head): JSON (``bad_envelope``), naming this
bundle and device (``mismatch``), a result bundle's form (``bad_payload``) → already
stored? same bytes: ``duplicate`` with a receipt, other bytes: ``sequence_reused`` → the
device's chain: ``device_seq`` is the next one (``sequence_gap``,
retry; ``sequence_reused``) and ``previous`` is the SHA-256 of the payload before it
(``chain_broken``) → the pack version is stored here (``unknown_pack``, retry) → the
attempt summary names the learner and pack of its first signed event (``mismatch``,
kept in ``refused_bundles`` so the chain goes on past it).

An accepted bundle is stored with its original envelope and takes the centre's next
change number (a row lock on the centre, so that sync cursors never skip a bundle
committed late); its receipt means the server holds it. Re-scoring by replay is not
done here: it is CPU work the device need not wait for, done by sync.server.scoring,
which fills the server's result (or refuses the bundle's content) shortly after.
Unique keys on the bundle id and on (device, device_seq) settle two app processes racing
on one bundle: the batch is then judged again bundle by bundle on fresh rows.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from pixdesk.services.outbox import GENESIS_BUNDLE
from pixdesk.timeutil import format_utc
from sync.protocol import REJECT_CODES, Envelope, ProtocolError, Receipt, Verdict, vouch_receipts
from sync.server.device_turns import Ticket
from sync.server.payload_head import PayloadHead, read_head
from sync.server.registry import DeviceRecord, device_from_row
from sync.server.rescore import check_summary
from sync.server.schema import bundles, centres, devices, refused_bundles
from sync.server.state import ServerState

__all__ = ["receive_bundle", "receive_bundles"]

log = logging.getLogger("sync.server.intake")
BUNDLE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
DEVICE_ID = re.compile(r"[0-9a-f]{16}")

# Built once: statements are immutable, and building them is a good part of the SQL cost.
_DEVICES = select(devices).where(devices.c.key_id.in_(bindparam("keys", expanding=True)))
_STORED = select(
    bundles.c.bundle_id,
    bundles.c.device_key_id,
    bundles.c.device_seq,
    bundles.c.payload_sha256,
    bundles.c.received_at,
).where(bundles.c.bundle_id.in_(bindparam("ids", expanding=True)))
_REFUSED = select(
    refused_bundles.c.bundle_id,
    refused_bundles.c.payload_sha256,
    refused_bundles.c.code,
    refused_bundles.c.reason,
).where(refused_bundles.c.bundle_id.in_(bindparam("ids", expanding=True)))
_LAST_LINKS = [
    select(table.c.device_seq, table.c.payload_sha256)
    .where(table.c.device_key_id == bindparam("device"))
    .order_by(table.c.device_seq.desc())
    .limit(1)
    for table in (bundles, refused_bundles)
]
_TAKE_CENTRE_SEQS = (
    update(centres)
    .where(centres.c.id == bindparam("centre"))
    .values(change_seq=centres.c.change_seq + bindparam("count"))
    .returning(centres.c.change_seq)
)
_INSERT_BUNDLE = bundles.insert()
_INSERT_REFUSED = refused_bundles.insert()


@dataclass
class _Authentic:
    """A bundle of an enrolled device, not revoked, signed by it, whose payload head reads."""

    envelope: Envelope
    head: PayloadHead
    device: DeviceRecord


class _Accepted(_Authentic):
    """A bundle that passed every check: stored by the batch's transaction."""


@dataclass
class _Refused:
    """A bundle in its device's chain, refused for its content: kept in ``refused_bundles``."""

    envelope: Envelope
    head: PayloadHead
    error: ProtocolError


@dataclass
class _Rows:
    """What the chain checks of one batch read from the database (once, in its turn)."""

    stored: dict[str, dict[str, Any]]  # bundle id -> receipt fields
    refused: dict[str, dict[str, Any]]  # bundle id -> payload_sha256, code, reason
    links: dict[str, tuple[int, str]]  # device -> its chain's last (sequence, payload hash)


def _reject(bundle_id: str, code: str, reason: str) -> Verdict:
    return Verdict(bundle_id, "rejected", code=code, reason=reason)


def _label(raw: Any) -> str:
    """The bundle id a verdict names, even for a malformed bundle."""
    bundle_id = raw.get("bundle_id") if isinstance(raw, dict) else None
    return bundle_id[:64] if isinstance(bundle_id, str) and bundle_id else "?"


def _parse(raw: Any) -> Envelope | Verdict:
    """The envelope, or the verdict refusing its form."""
    if isinstance(raw, Envelope):  # read whole by sync.batch_codec
        envelope, label = raw, raw.bundle_id[:64]
    else:
        label = _label(raw)
        try:
            envelope = Envelope.from_json(raw)
        except ProtocolError as exc:
            return _reject(label, "bad_envelope", exc.message)
    if not BUNDLE_ID.fullmatch(envelope.bundle_id):
        return _reject(label, "bad_envelope", "a bundle id is 1 to 64 characters of [A-Za-z0-9_-]")
    if not DEVICE_ID.fullmatch(envelope.device):
        return _reject(label, "unknown_device", f"device {envelope.device[:16]!r} is not enrolled")
    return envelope


def _read_devices(state: ServerState, envelopes: list[Envelope]) -> dict[str, DeviceRecord]:
    keys = sorted({e.device for e in envelopes})
    with state.engine.connect() as connection:
        rows = connection.execute(_DEVICES, {"keys": keys}).mappings()
        return {d.key_id: d for d in map(device_from_row, rows)}


def _read_rows(connection: Connection, bundles_in: list[_Authentic]) -> _Rows:
    """The rows a batch's chain checks need. The chain links are read BEFORE the stored
    bundles: a bundle another process stores meanwhile is then either seen as stored (a
    duplicate) or not at all (and our insert loses the race on its unique keys) — never a
    false ``sequence_reused`` from a newer link beside an older list of stored bundles."""
    links: dict[str, tuple[int, str]] = {}
    for key in sorted({item.device.key_id for item in bundles_in}):
        last = [(0, GENESIS_BUNDLE)]
        for query in _LAST_LINKS:
            row = connection.execute(query, {"device": key}).first()
            if row is not None:
                last.append((int(row[0]), str(row[1])))
        links[key] = max(last)
    ids = sorted({item.envelope.bundle_id for item in bundles_in})
    stored = {str(r["bundle_id"]): dict(r) for r in connection.execute(_STORED, {"ids": ids}).mappings()}
    refused = {str(r["bundle_id"]): dict(r) for r in connection.execute(_REFUSED, {"ids": ids}).mappings()}
    return _Rows(stored, refused, links)


def _check_chain(last_link: tuple[int, str], envelope: Envelope, head: PayloadHead) -> None:
    seq, where = head.device_seq, envelope.bundle_id
    last_seq, last_sha = last_link
    if seq <= last_seq:
        raise ProtocolError("sequence_reused", f"device sequence {seq} already holds another bundle", where)
    if seq > last_seq + 1:
        raise ProtocolError(
            "sequence_gap", f"bundle {seq} arrived before bundle {last_seq + 1} of this device", where
        )
    if head.previous != last_sha:
        raise ProtocolError("chain_broken", f"'previous' is not the hash of bundle {last_seq}", where)


# What judging one bundle gives: a final verdict, a bundle to store, or an earlier bundle of
# this batch it repeats (same id: a duplicate of it once stored, or refused like it).
_Judged = Verdict | _Accepted | _Refused | int


def _authenticate(state: ServerState, envelopes: list[Envelope | Verdict]) -> list[Verdict | _Authentic]:
    """Each bundle refused for what it is (its device, its signature, its payload's head), or
    authentic. Needs nothing of the device's chain: done before the batch's turn."""
    parsed = [e for e in envelopes if isinstance(e, Envelope)]
    found = _read_devices(state, parsed) if parsed else {}
    # Ed25519 verification releases the GIL: the signatures are checked on other threads while
    # this one reads the payloads (each bundle still waits for its own before going on).
    signatures = {
        index: state.crypto.submit(item.verify, found[item.device].public_key)
        for index, item in enumerate(envelopes)
        if isinstance(item, Envelope) and item.device in found
    }
    checked: list[Verdict | _Authentic] = []
    for index, item in enumerate(envelopes):
        if isinstance(item, Verdict):
            checked.append(item)
            continue
        device = found.get(item.device)
        if device is None:
            checked.append(
                _reject(item.bundle_id, "unknown_device", f"device {item.device[:16]!r} is not enrolled")
            )
        elif device.revoked:
            checked.append(_reject(item.bundle_id, "revoked_device", f"device {device.key_id} was revoked"))
        elif not signatures[index].result():
            checked.append(
                _reject(item.bundle_id, "bad_signature", "the signature is not the device's over these bytes")
            )
        else:
            try:  # bad_envelope, mismatch, bad_payload (canonical bytes: at scoring)
                checked.append(_Authentic(item, read_head(item), device))
            except ProtocolError as exc:
                checked.append(_reject(item.bundle_id, _code(exc), exc.message))
    return checked


def _code(exc: ProtocolError) -> str:
    return exc.code if exc.code in REJECT_CODES else "bad_payload"


class _Batch:
    """The judging of one batch's authentic bundles in their device's chain, in order: each
    bundle sees the ones before it."""

    def __init__(self, state: ServerState, rows: _Rows) -> None:
        self.state = state
        self.rows = rows
        self.earlier: dict[str, tuple[int, str]] = {}  # bundle id -> (index, payload hash)

    def judge(self, index: int, item: _Authentic) -> _Judged:
        envelope, head, device, rows = item.envelope, item.head, item.device, self.rows
        bundle_id = envelope.bundle_id
        refused = rows.refused.get(bundle_id)
        if refused is not None and refused["payload_sha256"] == envelope.payload_sha256:
            return _reject(bundle_id, str(refused["code"]), str(refused["reason"]))  # the same answer again
        stored = rows.stored.get(bundle_id)
        if stored is not None:
            if stored["payload_sha256"] == envelope.payload_sha256:
                return Verdict(bundle_id, "duplicate", receipt=_receipt(self.state, stored, "duplicate"))
            return _reject(
                bundle_id, "sequence_reused", "this bundle id is already stored with other content"
            )
        if bundle_id in self.earlier:
            first, sha = self.earlier[bundle_id]
            if sha == envelope.payload_sha256:
                return first
            return _reject(bundle_id, "sequence_reused", "this bundle id came earlier with other content")
        _check_chain(rows.links[device.key_id], envelope, head)
        pack = head.attempt["pack"]
        if not self.state.packs.known(pack["id"], pack["version"]):
            missing = f"pack {pack['id']} v{pack['version']} is not on the server"
            raise ProtocolError("unknown_pack", missing, bundle_id)
        # From here on the bundle takes its place in the device's chain, accepted or refused.
        rows.links[device.key_id] = (head.device_seq, envelope.payload_sha256)
        self.earlier[bundle_id] = (index, envelope.payload_sha256)
        try:
            check_summary(head.attempt, head.first, bundle_id)
        except ProtocolError as exc:
            return _Refused(envelope, head, exc)
        return _Accepted(envelope, head, device)


def _comes_early(checked: list[Verdict | _Authentic], rows: _Rows) -> bool:
    """Whether the batch's first authentic bundle would be a ``sequence_gap``."""
    first = next((item for item in checked if isinstance(item, _Authentic)), None)
    if first is None or first.envelope.bundle_id in rows.stored:
        return False
    return first.head.device_seq > rows.links[first.device.key_id][0] + 1


def _judge_chain(state: ServerState, checked: list[Verdict | _Authentic], rows: _Rows) -> list[_Judged]:
    batch = _Batch(state, rows)
    judged: list[_Judged] = []
    for index, item in enumerate(checked):
        if isinstance(item, Verdict):
            judged.append(item)
            continue
        try:
            judged.append(batch.judge(index, item))
        except ProtocolError as exc:
            judged.append(_reject(item.envelope.bundle_id, _code(exc), exc.message))
    return judged


def _vouched(state: ServerState, verdicts: list[Verdict], proof: str) -> list[Verdict]:
    """The verdicts with their receipts vouched for as the device asked (sync.protocol.vouch_receipts)."""
    held = [(i, v.receipt) for i, v in enumerate(verdicts) if v.receipt is not None]
    done = vouch_receipts([receipt for _i, receipt in held], state.config.server_key, proof)
    vouched = list(verdicts)
    for (i, _unvouched), receipt in zip(held, done, strict=True):
        vouched[i] = dataclasses.replace(vouched[i], receipt=receipt)
    return vouched


def _receipt(state: ServerState, stored: dict[str, Any], status: str) -> Receipt:
    """A receipt for a stored bundle, vouched for later by :func:`_vouched` (with the others of its batch)."""
    return Receipt(
        bundle_id=stored["bundle_id"],
        device=stored["device_key_id"],
        device_seq=int(stored["device_seq"]),
        payload_sha256=stored["payload_sha256"],
        status=status,
        received_at=stored["received_at"],
        server=state.config.server_key.key_id,
    )


def _bundle_row(item: _Accepted, relay: DeviceRecord, centre_seq: int, now: str) -> dict[str, Any]:
    envelope, head, attempt = item.envelope, item.head, item.head.attempt
    return {
        "bundle_id": envelope.bundle_id,
        "device_key_id": item.device.key_id,
        "device_seq": head.device_seq,
        "payload": envelope.payload,
        "signature": envelope.signature,
        "payload_sha256": envelope.payload_sha256,
        "centre_id": item.device.centre_id,
        "centre_seq": centre_seq,
        "learner_id": attempt["learner"],
        "attempt_id": attempt["id"],
        "attempt_kind": head.kind,
        "pack_id": attempt["pack"]["id"],
        "pack_version": attempt["pack"]["version"],
        "finished_at": head.finished_at,
        "received_at": now,
        "relay_key_id": relay.key_id,
        "client_result": json.dumps(head.result, sort_keys=True),
    }


def _refused_row(item: _Refused, now: str) -> dict[str, Any]:
    return {
        "bundle_id": item.envelope.bundle_id,
        "device_key_id": item.envelope.device,
        "device_seq": item.head.device_seq,
        "payload": item.envelope.payload,
        "signature": item.envelope.signature,
        "payload_sha256": item.envelope.payload_sha256,
        "code": item.error.code,
        "reason": item.error.message[:2000],
        "received_at": now,
    }


def _store(
    connection: Connection, accepted: list[_Accepted], refused: list[_Refused], relay: DeviceRecord, now: str
) -> None:
    """Store a batch's accepted and refused bundles (in the caller's transaction).

    Each centre's change numbers are taken in one step, in the batch's order.
    """
    by_centre: dict[str, list[_Accepted]] = {}
    for item in accepted:
        by_centre.setdefault(item.device.centre_id, []).append(item)
    rows = []
    for centre, items in sorted(by_centre.items()):
        high = int(
            connection.execute(_TAKE_CENTRE_SEQS, {"centre": centre, "count": len(items)}).scalar_one()
        )
        rows += [_bundle_row(item, relay, high - len(items) + 1 + n, now) for n, item in enumerate(items)]
    if rows:
        connection.execute(_INSERT_BUNDLE, rows)
    if refused:
        connection.execute(_INSERT_REFUSED, [_refused_row(item, now) for item in refused])


def _chain_rows(state: ServerState, ticket: Ticket, checked: list[Verdict | _Authentic]) -> _Rows:
    """The rows of the chain, read in the batch's turn in one short read; read again after
    waiting for another batch of the device that this one seems to have overtaken."""
    authentic = [item for item in checked if isinstance(item, _Authentic)]
    deadline = state.turns.deadline()
    while True:
        with state.engine.connect() as connection:
            rows = _read_rows(connection, authentic)
        if not (_comes_early(checked, rows) and ticket.wait_for_another(deadline)):
            return rows


def _sole_device(envelopes: list[Envelope | Verdict]) -> str | None:
    """The device whose bundles make the whole batch (its own sync), if there is one."""
    found = {e.device for e in envelopes if isinstance(e, Envelope)}
    return found.pop() if len(found) == 1 else None


def receive_bundles(
    state: ServerState, raws: list[Any], relay: DeviceRecord, proof: str = "signature"
) -> list[Verdict]:
    """Judge and, when acceptable, store the bundles of one batch sent by (or relayed through)
    ``relay``; ``proof``: how the receipts are vouched for (sync.protocol.RECEIPT_PROOFS).

    What needs no database row of the chain is checked first, beside any batch of the same
    device being stored; the chain is then judged and the batch stored in the device's turn
    (sync.server.device_turns), the receipts vouched for after it."""
    envelopes = [_parse(raw) for raw in raws]
    with state.turns.batch(_sole_device(envelopes)) as ticket:
        checked = _authenticate(state, envelopes)
        with ticket.turn():
            rows = _chain_rows(state, ticket, checked)
            now = format_utc(state.now())
            judged = _judge_chain(state, checked, rows)
            accepted = [j for j in judged if isinstance(j, _Accepted)]
            refused = [j for j in judged if isinstance(j, _Refused)]
            raced = False
            if accepted or refused:
                try:
                    with state.engine.begin() as connection:
                        _store(connection, accepted, refused, relay, now)
                except IntegrityError:
                    raced = True
    if raced:
        # another process stored some of these bundles, or took their sequences, meanwhile:
        # judge each again on fresh rows (the first ones may be its duplicates now)
        if len(raws) == 1:
            return _vouched(state, [_raced(state, envelopes[0], relay)], proof)
        return [v for raw in raws for v in receive_bundles(state, [raw], relay, proof)]
    verdicts = _vouched(state, [_verdict(state, item, judged, now) for item in judged], proof)
    _log(verdicts, relay)
    return verdicts


def _raced(state: ServerState, envelope: Envelope | Verdict, relay: DeviceRecord) -> Verdict:
    """One bundle lost a race on its unique keys: a duplicate if the winner stored the same bytes."""
    assert isinstance(envelope, Envelope)
    with state.engine.connect() as connection:
        stored = connection.execute(_STORED, {"ids": [envelope.bundle_id]}).mappings().first()
    if stored is not None and stored["payload_sha256"] == envelope.payload_sha256:
        return Verdict(envelope.bundle_id, "duplicate", receipt=_receipt(state, dict(stored), "duplicate"))
    return _reject(
        envelope.bundle_id, "sequence_reused", "another bundle took this device sequence meanwhile"
    )


def _verdict(state: ServerState, item: _Judged, judged: list[_Judged], now: str) -> Verdict:
    if isinstance(item, int):  # the same bundle again in this batch: answered like its first copy
        first = _verdict(state, judged[item], judged, now)
        if first.verdict != "accepted" or first.receipt is None:
            return first
        return Verdict(
            first.bundle_id, "duplicate", receipt=_receipt(state, _fields(judged[item], now), "duplicate")
        )
    if isinstance(item, _Accepted):
        return Verdict(
            item.envelope.bundle_id, "accepted", receipt=_receipt(state, _fields(item, now), "accepted")
        )
    if isinstance(item, _Refused):
        return _reject(item.envelope.bundle_id, item.error.code, item.error.message)
    return item


def _fields(item: _Judged, now: str) -> dict[str, Any]:
    """The receipt fields of a bundle this batch stored."""
    assert isinstance(item, _Accepted)
    return {
        "bundle_id": item.envelope.bundle_id,
        "device_key_id": item.device.key_id,
        "device_seq": item.head.device_seq,
        "payload_sha256": item.envelope.payload_sha256,
        "received_at": now,
    }


def _log(verdicts: list[Verdict], relay: DeviceRecord) -> None:
    accepted = [v.bundle_id for v in verdicts if v.verdict == "accepted"]
    if accepted:
        log.info(
            "bundles accepted",
            extra={"event": "bundles", "relay": relay.key_id, "verdict": "accepted", "bundles": accepted},
        )
    for verdict in verdicts:
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


def receive_bundle(state: ServerState, raw: Any, relay: DeviceRecord) -> Verdict:
    """Judge and, when acceptable, store one bundle (a batch of one)."""
    return receive_bundles(state, [raw], relay)[0]
