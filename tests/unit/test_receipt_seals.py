"""Receipts sealed by batch (sync.protocol): one server signature over the Merkle root of a
batch's receipts vouches for each of them, alone, and for nothing else."""

from __future__ import annotations

from typing import Any

import pytest

from pixdesk.signing import PublicKey, generate_key
from sync.protocol import ProtocolError, Receipt, ReceiptVerifier, seal_receipts

SERVER = generate_key()
OTHER = generate_key()


def _receipts(n: int, server: str = SERVER.key_id) -> list[Receipt]:
    return [
        Receipt(f"b{i}", "d" * 16, i + 1, f"{i:064x}", "accepted", "2026-11-26T14:00:00Z", server)
        for i in range(n)
    ]


class CountingKey(PublicKey):
    """The server's public key, counting its Ed25519 verifications."""

    calls = 0

    def verify(self, context: str, message: bytes, signature: bytes) -> bool:
        type(self).calls += 1
        return super().verify(context, message, signature)


@pytest.mark.parametrize("size", [1, 2, 3, 200])
def test_each_sealed_receipt_verifies_alone_after_a_json_round_trip(size: int) -> None:
    sealed = seal_receipts(_receipts(size), SERVER)
    assert len({r.seal for r in sealed}) == 1 and sealed[0].seal is not None
    assert sealed[0].seal.size == size and all(not r.signature for r in sealed)
    for receipt in sealed:
        back = Receipt.from_json(receipt.to_json())
        assert back == receipt
        assert back.verify(SERVER.public)
        assert not back.verify(OTHER.public)
    assert max(len(r.path) for r in sealed) == (size - 1).bit_length()


_CHANGES: list[tuple[str, Any]] = [
    ("bundle_id", "b9"),
    ("device", "e" * 16),
    ("device_seq", 7),
    ("payload_sha256", "f" * 64),
    ("status", "duplicate"),
    ("received_at", "2026-11-26T15:00:00Z"),
]


@pytest.mark.parametrize(("field", "value"), _CHANGES)
def test_a_changed_receipt_field_breaks_its_proof(field: str, value: Any) -> None:
    receipt = seal_receipts(_receipts(5), SERVER)[2]
    changed = Receipt.from_json({**receipt.to_json(), field: value})
    assert not changed.verify(SERVER.public)
    assert not ReceiptVerifier(SERVER.public)(changed)


def _proof_changed(receipt: Receipt, **proof: Any) -> Receipt:
    data = receipt.to_json()
    return Receipt.from_json({**data, "proof": {**data["proof"], **proof}})


def test_a_changed_proof_does_not_verify() -> None:
    sealed = seal_receipts(_receipts(5), SERVER)
    receipt, neighbour = sealed[2], sealed[3]
    path = receipt.to_json()["proof"]["path"]
    forged_root = seal_receipts(_receipts(5), OTHER)[2].to_json()["proof"]
    cases = {
        "index": _proof_changed(receipt, index=3),
        "size": _proof_changed(receipt, size=6),
        "path": _proof_changed(receipt, path=[path[0][::-1], *path[1:]]),
        "shorter path": _proof_changed(receipt, path=path[:-1]),
        "another leaf's path": _proof_changed(receipt, path=neighbour.to_json()["proof"]["path"]),
        "signature of another root": _proof_changed(receipt, signature=forged_root["signature"]),
        "root and signature of another key": _proof_changed(
            receipt, root=forged_root["root"], signature=forged_root["signature"]
        ),
    }
    for name, forged in cases.items():
        assert not forged.verify(SERVER.public), name
        assert not ReceiptVerifier(SERVER.public)(forged), name


def test_a_receipt_naming_another_server_than_its_seal_does_not_verify() -> None:
    sealed = seal_receipts(_receipts(3, server=OTHER.key_id), SERVER)  # receipts say OTHER, seal says SERVER
    assert not sealed[0].verify(SERVER.public) and not sealed[0].verify(OTHER.public)


def test_the_verifier_checks_each_seal_once_and_still_every_path() -> None:
    key = CountingKey(SERVER.public.raw)
    verifier = ReceiptVerifier(key)
    first, second = seal_receipts(_receipts(200), SERVER), seal_receipts(_receipts(3), SERVER)
    CountingKey.calls = 0
    assert all(verifier(r) for r in first) and all(verifier(r) for r in second)
    assert CountingKey.calls == 2, "one Ed25519 verification per batch"
    assert not verifier(_proof_changed(first[0], index=1)), "the seal is known, the path still checked"
    bad_seal = _proof_changed(
        first[0], signature=seal_receipts(_receipts(200), OTHER)[0].to_json()["proof"]["signature"]
    )
    assert not verifier(bad_seal) and CountingKey.calls == 3


def test_a_receipt_signed_alone_still_verifies() -> None:
    signed = _receipts(1)[0].signed(SERVER)
    assert signed.seal is None and signed.verify(SERVER.public)
    assert ReceiptVerifier(SERVER.public)(Receipt.from_json(signed.to_json()))


@pytest.mark.parametrize(
    ("proof", "message"),
    [
        ("nope", "must be an object"),
        (
            {"index": 0, "path": "ab", "root": "0" * 64, "size": 1, "signature": "AA=="},
            "'path' must be a list",
        ),
        (
            {"index": 0, "path": ["0" * 64] * 33, "root": "0" * 64, "size": 1, "signature": "AA=="},
            "at most 32",
        ),
        ({"index": 0, "path": ["XY"], "root": "0" * 64, "size": 1, "signature": "AA=="}, "64 lowercase hex"),
        ({"index": 0, "path": [], "root": "0" * 63, "size": 1, "signature": "AA=="}, "64 lowercase hex"),
        ({"index": -1, "path": [], "root": "0" * 64, "size": 1, "signature": "AA=="}, "'index' must be"),
        ({"index": 0, "path": [], "root": "0" * 64, "size": True, "signature": "AA=="}, "'size' must be"),
        ({"index": 0, "path": [], "root": "0" * 64, "size": 1, "signature": "%%"}, "not valid base64"),
    ],
)
def test_a_malformed_proof_is_refused_naming_the_field(proof: Any, message: str) -> None:
    data = {**_receipts(1)[0].to_json(), "proof": proof}
    data.pop("signature")
    with pytest.raises(ProtocolError, match=message) as refused:
        Receipt.from_json(data, "verdicts[3].receipt")
    assert refused.value.code == "protocol.bad_field"
    assert "verdicts[3].receipt.proof" in str(refused.value)
