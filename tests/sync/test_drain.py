"""Draining the outbox: order, batches, duplicates, refusals, receipts, interruptions."""

from __future__ import annotations

import pytest
from sync_machines import World

from pixdesk import canonical
from pixdesk.services.sync_state import BundleOutcome, SyncStateError, SyncStateService
from pixdesk.signing import public_key_from_b64
from sync.protocol import Receipt
from sync.transport import SyncError


def test_the_outbox_drains_in_order_in_batches_of_200_with_verified_receipts(world: World) -> None:
    a = world.machine("a")
    a.enroll(world.server)
    a.fill_outbox(450)

    summary = a.sync(world.server)

    assert world.server.batch_sizes == [200, 200, 50]
    assert (summary.drain.sent, summary.drain.duplicates, summary.drain.kept) == (450, 0, 0)
    rows = a.outbox()
    assert all(row["status"] == "sent" and row["sent_at"] for row in rows)
    sequences = [seq for _envelope, seq in world.server.bundles.values()]
    assert sequences == list(range(1, 451)), "the server received the bundles in device order"
    assert set(world.server.accepted_count.values()) == {1}
    assert world.server.receipt_proofs == ["batch"] * 3, "receipts asked for sealed by batch"
    server_key = public_key_from_b64(world.server.key.public.b64, "server")
    stored = [Receipt.from_json(canonical.loads_canonical(bytes(row["receipt"]))) for row in rows]
    for row, receipt in zip(rows, stored, strict=True):
        assert receipt.verify(server_key) and receipt.bundle_id == row["bundle_id"]
    assert len({receipt.seal for receipt in stored}) == 3, "each stored receipt keeps its batch's seal"


def test_a_server_that_signs_each_receipt_is_understood_too(world: World) -> None:
    a = world.machine("a")
    a.enroll(world.server)
    a.fill_outbox(5)
    world.server.sign_each = True  # a server that does not know receipt_proof ignores it

    summary = a.sync(world.server)

    assert (summary.drain.sent, summary.drain.bad_receipts) == (5, 0)
    server_key = public_key_from_b64(world.server.key.public.b64, "server")
    for row in a.outbox():
        receipt = Receipt.from_json(canonical.loads_canonical(bytes(row["receipt"])))
        assert row["status"] == "sent" and receipt.seal is None and receipt.verify(server_key)


def test_bundles_the_server_already_holds_come_back_as_duplicates_and_are_marked_sent(world: World) -> None:
    a = world.machine("a")
    a.enroll(world.server)
    a.fill_outbox(3)
    a.sync(world.server)
    state = SyncStateService(a.settings)
    with state.store.transaction():  # as if the marks had been lost (restored backup)
        state.store.conn.execute("UPDATE outbox SET status = 'pending', sent_at = NULL, receipt = NULL")
    state.close()

    summary = a.sync(world.server)

    assert (summary.drain.sent, summary.drain.duplicates) == (0, 3)
    assert {row["status"] for row in a.outbox()} == {"sent"}
    assert set(world.server.accepted_count.values()) == {1}


def test_a_retryable_refusal_keeps_the_bundle_pending_and_stops_the_drain(world: World) -> None:
    a = world.machine("a")
    a.enroll(world.server)
    a.fill_outbox(5)
    third = a.outbox()[2]["bundle_id"]
    world.server.forced[third] = ("unknown_pack", "pack demo v1 not on the server yet")

    summary = a.sync(world.server)

    rows = a.outbox()
    assert [row["status"] for row in rows] == ["sent", "sent", "pending", "pending", "pending"]
    assert rows[2]["reject_code"] == "unknown_pack" and "not on the server" in rows[2]["reject_reason"]
    assert summary.drain.kept == 3 and summary.drain.sent == 2
    assert "unknown_pack" in (summary.drain.stopped or "")

    del world.server.forced[third]
    summary = a.sync(world.server)
    rows = a.outbox()
    assert [row["status"] for row in rows] == ["sent"] * 5
    assert rows[2]["reject_code"] is None
    assert summary.drain.sent == 3


def test_a_final_refusal_is_kept_with_its_code_and_reason_never_deleted(world: World) -> None:
    a = world.machine("a")
    a.enroll(world.server)
    a.fill_outbox(3)
    second = a.outbox()[1]["bundle_id"]
    world.server.forced[second] = ("replay_failed", "event 4: status 'ok' recorded, 'ko' replayed")

    summary = a.sync(world.server)

    rows = a.outbox()
    assert len(rows) == 3
    assert rows[1]["status"] == "rejected" and rows[1]["reject_code"] == "replay_failed"
    assert "replayed" in rows[1]["reject_reason"]
    assert rows[2]["status"] == "pending", "the next one is a gap for this server: kept for later"
    assert summary.drain.rejected == 1
    again = a.sync(world.server)
    assert again.drain.rejected == 0, "a rejected bundle is not sent again"
    assert a.outbox()[1]["status"] == "rejected"


@pytest.mark.parametrize("sign_each", [False, True], ids=["sealed", "signed-alone"])
def test_a_forged_receipt_never_marks_a_bundle_sent(world: World, sign_each: bool) -> None:
    a = world.machine("a")
    a.enroll(world.server)
    a.fill_outbox(2)
    world.server.forge_receipts, world.server.sign_each = True, sign_each

    summary = a.sync(world.server)

    assert {row["status"] for row in a.outbox()} == {"pending"}
    assert summary.drain.bad_receipts >= 1 and summary.drain.sent == 0
    assert all(row["receipt"] is None for row in a.outbox())

    world.server.forge_receipts = False
    summary = a.sync(world.server)
    assert {row["status"] for row in a.outbox()} == {"sent"}
    assert summary.drain.duplicates == 2, "the server had accepted them already"


def test_a_refusal_to_retry_ends_the_round_and_the_answer_to_the_batch_sent_ahead_is_not_read(
    world: World,
) -> None:
    a = world.machine("a")
    a.enroll(world.server)
    a.fill_outbox(250)
    world.server.forced[a.outbox()[10]["bundle_id"]] = ("sequence_gap", "bundle 11 arrived early")

    summary = a.sync(world.server)

    assert world.server.batch_sizes == [200, 50], "the second batch left before the first was answered"
    rows = a.outbox()
    assert [row["status"] for row in rows[:10]] == ["sent"] * 10
    assert {row["status"] for row in rows[10:]} == {"pending"}
    assert summary.drain.sent == 10 and summary.drain.kept == 190, "the 50 sent ahead: not counted, not read"
    assert summary.drain.stopped is not None and "sequence_gap" in summary.drain.stopped
    del world.server.forced[a.outbox()[10]["bundle_id"]]
    a.sync(world.server)
    assert world.server.batch_sizes == [200, 50, 200, 40], "the first 10 were accepted the first time"
    assert {row["status"] for row in a.outbox()} == {"sent"}
    assert set(world.server.accepted_count.values()) == {1}


def test_a_batch_sent_ahead_that_came_early_is_sent_again_alone(world: World) -> None:
    a = world.machine("a")
    a.enroll(world.server)
    a.fill_outbox(450)
    world.server.early.add(a.outbox()[200]["bundle_id"])  # the second batch overtakes the first, once

    summary = a.sync(world.server)

    # 1-200; 201-400 ahead (came early); 401-450 ahead of it (early too, not read);
    # 201-400 again alone; 401-450 after it
    assert world.server.batch_sizes == [200, 200, 50, 200, 50]
    assert {row["status"] for row in a.outbox()} == {"sent"}
    assert summary.drain.sent == 450 and summary.drain.kept == 0 and summary.drain.stopped is None
    assert set(world.server.accepted_count.values()) == {1} and len(world.server.accepted_count) == 450


def test_a_gap_on_a_batch_sent_alone_ends_the_round(world: World) -> None:
    a = world.machine("a")
    a.enroll(world.server)
    a.fill_outbox(250)
    first = a.outbox()[0]["bundle_id"]
    world.server.early.add(first)

    summary = a.sync(world.server)

    assert world.server.batch_sizes == [200, 50], "the first batch went alone: its gap is not sent again"
    assert {row["status"] for row in a.outbox()} == {"pending"}
    assert summary.drain.kept == 200 and summary.drain.stopped is not None
    assert "sequence_gap" in summary.drain.stopped
    a.sync(world.server)
    assert {row["status"] for row in a.outbox()} == {"sent"}


def test_bad_receipts_void_the_batch_sent_ahead(world: World) -> None:
    a = world.machine("a")
    a.enroll(world.server)
    a.fill_outbox(250)
    world.server.forge_receipts = True

    summary = a.sync(world.server)

    assert world.server.batch_sizes == [200, 50], "the second batch had left before the receipts were read"
    assert {row["status"] for row in a.outbox()} == {"pending"}, "no answer of that server is trusted"
    assert summary.drain.sent == 0 and summary.drain.bad_receipts == 200
    world.server.forge_receipts = False
    summary = a.sync(world.server)
    assert summary.drain.duplicates == 250 and {row["status"] for row in a.outbox()} == {"sent"}


def test_a_malformed_answer_stops_the_drain_and_the_batch_sent_ahead_stays_pending(world: World) -> None:
    a = world.machine("a")
    a.enroll(world.server)
    a.fill_outbox(250)
    world.server.garble_receipts = True

    with pytest.raises(SyncError) as raised:
        a.sync(world.server)

    assert raised.value.code == "sync.bad_answer" and "unknown receipt status" in raised.value.message
    assert world.server.batch_sizes == [200, 50], "the second batch had left before the answer was read"
    assert {row["status"] for row in a.outbox()} == {"pending"}, "nothing marked on a malformed answer"
    world.server.garble_receipts = False
    summary = a.sync(world.server)
    assert summary.drain.duplicates == 250 and {row["status"] for row in a.outbox()} == {"sent"}


def test_an_interruption_after_the_send_loses_nothing_and_each_bundle_is_accepted_once(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = world.machine("a")
    a.enroll(world.server)
    a.fill_outbox(250)

    def crash(self: SyncStateService, outcomes: object) -> None:
        raise KeyboardInterrupt("plug pulled after the server answered")

    with monkeypatch.context() as patch:
        patch.setattr(SyncStateService, "apply_outcomes", crash)
        with pytest.raises(KeyboardInterrupt):
            a.sync(world.server)
    assert {row["status"] for row in a.outbox()} == {"pending"}
    # the drain is pipelined: the second batch left while the first one's answer was recorded
    assert len(world.server.bundles) == 250, "both batches reached the server"

    summary = a.sync(world.server)

    assert {row["status"] for row in a.outbox()} == {"sent"}
    assert (summary.drain.duplicates, summary.drain.sent) == (250, 0)
    assert len(world.server.accepted_count) == 250 and set(world.server.accepted_count.values()) == {1}


def test_a_body_too_large_halves_the_batch(world: World) -> None:
    a = world.machine("a")
    a.enroll(world.server)
    a.fill_outbox(8)
    single = len(a.outbox()[0]["payload"]) * 2
    world.server.max_body = single * 3  # about three envelopes (base64 and JSON) per request

    a.sync(world.server)

    assert {row["status"] for row in a.outbox()} == {"sent"}
    assert max(world.server.batch_sizes) <= 2


def test_sync_needs_enrollment(world: World) -> None:
    a = world.machine("a")
    client = a.client(world.server)
    with pytest.raises(Exception) as info:
        client.sync()
    client.close()
    assert getattr(info.value, "code", None) == "sync.not_enrolled"
    assert not isinstance(info.value, SyncError) or info.value.code == "sync.not_enrolled"


def test_outcomes_are_recorded_all_or_none(world: World) -> None:
    a = world.machine("a")
    a.fill_outbox(620)  # more ids than one existence query reads
    ids = [str(row["bundle_id"]) for row in a.outbox()]
    state = SyncStateService(a.settings)
    try:
        good = [BundleOutcome(bundle_id, "sent", b"receipt") for bundle_id in ids[:600]]
        with pytest.raises(SyncStateError) as unknown:
            state.apply_outcomes([*good, BundleOutcome("not-here", "sent", b"receipt")])
        assert (unknown.value.code, unknown.value.path) == ("sync.unknown_bundle", "not-here")
        with pytest.raises(SyncStateError) as incomplete:
            state.apply_outcomes([*good, BundleOutcome(ids[600], "rejected")])
        assert (incomplete.value.code, incomplete.value.path) == ("sync.bad_outcome", ids[600])
        assert {row["status"] for row in a.outbox()} == {"pending"}, "a refused set records nothing"

        state.apply_outcomes(
            [
                *good,
                BundleOutcome(ids[600], "rejected", None, "bad_payload", "no result"),
                BundleOutcome(ids[601], "retry", None, "unknown_pack", "pack p v2 is not on the server"),
            ]
        )
        state.apply_outcomes([BundleOutcome(ids[0], "sent", b"another receipt")])
    finally:
        state.close()
    rows = {str(row["bundle_id"]): row for row in a.outbox()}
    assert all(rows[i]["status"] == "sent" and rows[i]["receipt"] == b"receipt" for i in ids[:600])
    assert rows[ids[0]]["receipt"] == b"receipt", "a bundle marked sent keeps its first receipt"
    assert (rows[ids[600]]["status"], rows[ids[600]]["reject_code"]) == ("rejected", "bad_payload")
    assert (rows[ids[601]]["status"], rows[ids[601]]["reject_code"]) == ("pending", "unknown_pack")
    assert all(rows[i]["status"] == "pending" for i in ids[602:])
