"""An in-process certification server speaking the sync protocol, for httpx.MockTransport.

Real checks, no shortcuts: enrollment proofs, request signatures (with nonces and the
replay window), envelope signatures by the original device, per-device sequences and
chains, receipts signed by a test server key. Faults can be queued (network errors,
5xx, 429 with Retry-After, 413) and verdicts forced, so the client's fault tolerance
is tested without a real server and without sleeping. Requests are served one at a time in
the order their bodies were written, as the real server stores one device's batches in
turn (sync.server.device_turns); ``early`` makes a batch sent ahead overtake the one
before it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

import httpx

from pixdesk import canonical
from pixdesk.services.outbox import GENESIS_BUNDLE
from pixdesk.signing import PublicKey, SigningKey, generate_key, public_key_from_b64
from pixdesk.timeutil import format_utc
from sync.protocol import (
    ENROLL_CONTEXT,
    Envelope,
    ProtocolError,
    Receipt,
    Verdict,
    from_b64,
    vouch_receipts,
)
from sync.request_signing import verify_request

CENTRE = ("c1", "Collège Jean Moulin")


@dataclass
class Device:
    key: PublicKey
    name: str
    centre: str
    last_seq: int = 0
    last_payload: bytes | None = None


@dataclass
class FakeServer:
    """State of the fake server; ``transport()`` serves it to an httpx client."""

    clock: Callable[[], datetime]
    key: SigningKey = field(default_factory=generate_key)
    codes: dict[str, str] = field(default_factory=lambda: {"GOOD-CODE": CENTRE[0]})
    devices: dict[str, Device] = field(default_factory=dict)
    bundles: dict[str, tuple[Envelope, int]] = field(default_factory=dict)  # id → (envelope, seq)
    accepted_count: dict[str, int] = field(default_factory=dict)  # bundle id → times accepted
    log: list[tuple[str, Any]] = field(default_factory=list)  # the pull feed, one entry per change
    profiles: dict[str, dict[str, Any]] = field(default_factory=dict)
    packs: dict[tuple[str, int], bytes] = field(default_factory=dict)
    revoked: set[str] = field(default_factory=set)
    faults: list[Any] = field(default_factory=list)  # next requests fail: Exception | int | (429, secs)
    forced: dict[str, tuple[str, str]] = field(default_factory=dict)  # bundle id → (code, reason)
    early: set[str] = field(default_factory=set)  # bundle ids judged once as if they overtook the one before
    forge_receipts: bool = False
    sign_each: bool = False  # as a server that ignores receipt_proof: every receipt signed alone
    garble_receipts: bool = False  # receipts of an unknown status: the answer is malformed
    receipt_proofs: list[str | None] = field(default_factory=list)  # what each upload asked for
    page_size: int = 50
    nonces: set[tuple[str, str]] = field(default_factory=set)
    requests: list[str] = field(default_factory=list)
    batch_sizes: list[int] = field(default_factory=list)
    max_body: int | None = None
    root: bytes | None = None  # the trust root file handed to machines
    send_more: bool = True  # pull answers say whether more pages follow (as sync/server does)

    def transport(self) -> httpx.BaseTransport:
        return _InTurn(self.handle)

    # -- dispatch ------------------------------------------------------------------------------
    def handle(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.requests.append(f"{request.method} {request.url.raw_path.decode()}")
        if self.faults:
            fault = self.faults.pop(0)
            if isinstance(fault, Exception):
                raise fault
            if isinstance(fault, tuple):
                return _error(fault[0], "busy", "slow down", {"Retry-After": str(fault[1])})
            return _error(fault, "server.fault", "injected fault")
        body = request.read()
        if self.max_body is not None and len(body) > self.max_body:
            return _error(413, "request.too_large", "body too large")
        try:
            if path == "/v1/enroll" and request.method == "POST":
                return self.enroll(json.loads(body))
            device = self.authenticate(request, body)
            if path == "/v1/bundles" and request.method == "POST":
                return self.upload(json.loads(body))
            if path == "/v1/sync" and request.method == "GET":
                cursor = int(parse_qs(request.url.query.decode())["cursor"][0])
                return self.pull(device, cursor)
            if path == "/v1/profiles" and request.method == "POST":
                return self.put_profiles(json.loads(body))
            if path.startswith("/v1/packs/") and request.method == "GET":
                _, _, _, pack_id, version = path.split("/")
                data = self.packs.get((pack_id, int(version)))
                return httpx.Response(200, content=data) if data else _error(404, "pack.unknown", "no pack")
        except ProtocolError as exc:
            return _error(401, exc.code, str(exc))
        return _error(404, "not_found", path)

    def authenticate(self, request: httpx.Request, body: bytes) -> Device:
        def device_key(key_id: str) -> PublicKey:
            device = self.devices.get(key_id)
            if device is None:
                raise ProtocolError("unknown_device", "no such device", key_id)
            if key_id in self.revoked:
                raise ProtocolError("revoked_device", "revoked", key_id)
            return device.key

        def fresh(device: str, nonce: str, _until: datetime) -> bool:
            seen = (device, nonce) in self.nonces
            self.nonces.add((device, nonce))
            return not seen

        signed = verify_request(
            request.headers,
            request.method,
            request.url.raw_path.decode(),
            body,
            self.clock(),
            device_key,
            fresh,
        )
        return self.devices[signed.device]

    # -- endpoints -----------------------------------------------------------------------------
    def enroll(self, data: dict[str, Any]) -> httpx.Response:
        centre = self.codes.pop(data.get("code", ""), None)
        if centre is None:
            return _error(403, "enroll.bad_code", "unknown, used or expired enrollment code")
        key = public_key_from_b64(data["public_key"], "public_key")
        document = {k: data[k] for k in ("code", "public_key", "name")}
        proof = from_b64(data["proof"], "proof")
        if not key.verify(ENROLL_CONTEXT, canonical.dumps(document), proof):
            return _error(400, "enroll.bad_proof", "the proof does not verify")
        self.devices[key.key_id] = Device(key, data["name"], centre)
        return _json(
            {
                "centre_id": centre,
                "centre_name": CENTRE[1],
                "device": key.key_id,
                "server_key": self.key.public.b64,
                "server_key_id": self.key.key_id,
            }
        )

    def upload(self, data: dict[str, Any]) -> httpx.Response:
        self.batch_sizes.append(len(data["bundles"]))
        self.receipt_proofs.append(data.get("receipt_proof"))
        verdicts = [self.judge(item) for item in data["bundles"]]
        key = generate_key() if self.forge_receipts else self.key
        proof = "signature" if self.sign_each else data.get("receipt_proof", "signature")
        held = [(i, verdict.receipt) for i, verdict in enumerate(verdicts) if verdict.receipt is not None]
        vouched = vouch_receipts([receipt for _i, receipt in held], key, proof)
        for (i, _unvouched), receipt in zip(held, vouched, strict=True):
            verdicts[i] = dataclasses.replace(verdicts[i], receipt=receipt)
        answer = [verdict.to_json() for verdict in verdicts]
        if self.garble_receipts:
            for item in answer:
                if "receipt" in item:
                    item["receipt"]["status"] = "maybe"
        return _json({"verdicts": answer})

    def receipt(self, envelope: Envelope, seq: int, status: str) -> Receipt:
        receipt = Receipt(
            envelope.bundle_id,
            envelope.device,
            seq,
            envelope.payload_sha256,
            status,
            format_utc(self.clock()),
            self.key.key_id,
        )
        return receipt  # signed or sealed with the batch's others by upload()

    def judge(self, item: Any) -> Verdict:
        try:
            envelope = Envelope.from_json(item)
        except ProtocolError as exc:
            return Verdict(str(item.get("bundle_id", "?")), "rejected", "bad_envelope", str(exc))
        bid = envelope.bundle_id
        if bid in self.forced:
            code, reason = self.forced[bid]
            return Verdict(bid, "rejected", code, reason)
        if bid in self.early:
            self.early.discard(bid)
            return Verdict(bid, "rejected", "sequence_gap", "came before the bundle before it")
        device = self.devices.get(envelope.device)
        if device is None:
            return Verdict(bid, "rejected", "unknown_device", "no such device")
        if not envelope.verify(device.key):
            return Verdict(bid, "rejected", "bad_signature", "signature does not verify")
        document = envelope.payload_document()
        seq = int(document["device_seq"])
        if bid in self.bundles:
            return Verdict(bid, "duplicate", receipt=self.receipt(envelope, seq, "duplicate"))
        if seq <= device.last_seq:
            return Verdict(bid, "rejected", "sequence_reused", "sequence already used")
        if seq > device.last_seq + 1:
            return Verdict(bid, "rejected", "sequence_gap", f"expected {device.last_seq + 1}")
        previous = (
            GENESIS_BUNDLE if device.last_payload is None else hashlib.sha256(device.last_payload).hexdigest()
        )
        if document["previous"] != previous:
            return Verdict(bid, "rejected", "chain_broken", "previous does not match")
        device.last_seq, device.last_payload = seq, envelope.payload
        self.bundles[bid] = (envelope, seq)
        self.accepted_count[bid] = self.accepted_count.get(bid, 0) + 1
        self.log.append(("bundle", envelope))
        return Verdict(bid, "accepted", receipt=self.receipt(envelope, seq, "accepted"))

    def put_profiles(self, data: dict[str, Any]) -> httpx.Response:
        """Last writer wins by version; the same version with other content is ``stale``."""
        answers = []
        for profile in data["profiles"]:
            old = self.profiles.get(profile["id"])
            if old is None or profile["version"] > old["version"]:
                self.profiles[profile["id"]] = profile
                self.log.append(("profile", profile["id"]))
                answers.append({"id": profile["id"], "status": "stored", "version": profile["version"]})
            elif old == profile:
                answers.append({"id": profile["id"], "status": "unchanged", "version": old["version"]})
            else:
                answers.append({"id": profile["id"], "status": "stale", "version": old["version"]})
        return _json({"profiles": answers})

    def pull(self, device: Device, cursor: int) -> httpx.Response:
        entries = self.log[cursor : cursor + self.page_size]
        profiles, bundles, keys = [], [], {}
        for kind, value in entries:
            if kind == "profile":
                profiles.append(self.profiles[value])
            elif kind == "bundle" and value.device != device.key.key_id:
                bundles.append({**value.to_json(), "seq": 0, "learner": "?", "attempt": "?"})
                keys[value.device] = self.devices[value.device].key.b64
        catalogue = [
            {
                "id": pid,
                "version": v,
                "kind": "practice",
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
            }
            for (pid, v), data in sorted(self.packs.items())
        ]
        answer = {
            "revoked_devices": sorted(self.revoked),
            "profiles": profiles,
            "bundles": bundles,
            "devices": keys,
            "packs": catalogue,
            "cursor": cursor + len(entries),
        }
        if self.send_more:
            answer["more"] = cursor + len(entries) < len(self.log)
        return _json({**answer, "root": None if self.root is None else json.loads(self.root)})


class _InTurn(httpx.MockTransport):
    """Requests served one at a time, in the order their bodies were written: the lock is taken
    before the body is read (the client sends the next batch once this one is written)."""

    def __init__(self, handler: Callable[[httpx.Request], httpx.Response]) -> None:
        super().__init__(handler)
        self._turn = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._turn:
            return super().handle_request(request)


def _json(data: Any) -> httpx.Response:
    return httpx.Response(200, json=data)


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(status, json={"error": {"code": code, "message": message}}, headers=headers)
