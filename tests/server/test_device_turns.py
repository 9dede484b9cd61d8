"""One device's batches within one app process: stored in turn, an overtaking batch waits."""

from __future__ import annotations

import threading
from collections.abc import Callable
from time import monotonic
from typing import Any

from server_world import Server

from sync.server.device_turns import DeviceTurns

WAITING = 0.3  # how long a thread is watched to be still waiting (it would end at once if not)


def in_thread(work: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    done: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: done.update(value=work()), daemon=True)
    thread.start()
    return thread, done


def test_a_batch_takes_its_turn_once_the_batch_before_it_gave_it() -> None:
    turns = DeviceTurns()
    order: list[str] = []
    with turns.batch("dev1") as first, first.turn():

        def second() -> None:
            with turns.batch("dev1") as ticket, ticket.turn():
                order.append("second")

        thread, _done = in_thread(second)
        thread.join(WAITING)
        assert thread.is_alive(), "the second batch waits while the first holds the turn"
        order.append("first")
    thread.join(5)
    assert order == ["first", "second"]


def test_batches_of_other_devices_and_relayed_batches_do_not_wait() -> None:
    turns = DeviceTurns()
    with turns.batch("dev1") as first, first.turn():
        for device in ("dev2", None):
            thread, done = in_thread(lambda device=device: _turn_taken(turns, device))
            thread.join(5)
            assert done.get("value") is True, device


def _turn_taken(turns: DeviceTurns, device: str | None) -> bool:
    with turns.batch(device) as ticket, ticket.turn():
        return True


def test_an_early_batch_gives_its_turn_to_the_batch_in_progress_and_waits_for_it() -> None:
    turns = DeviceTurns(wait_s=30)
    order: list[str] = []
    earlier_in = threading.Event()
    with turns.batch("dev1") as late, late.turn():  # the later batch took the turn first

        def earlier() -> None:
            with turns.batch("dev1") as ticket:
                earlier_in.set()
                with ticket.turn():
                    order.append("earlier stored")

        thread, _done = in_thread(earlier)
        assert earlier_in.wait(5)
        started = monotonic()
        assert late.wait_for_another(turns.deadline()) is True
        order.append("late judged again")
        assert monotonic() - started < 10, "woken when the other batch ended its turn, not at the deadline"
    thread.join(5)
    assert order == ["earlier stored", "late judged again"]


def test_an_early_batch_alone_in_progress_does_not_wait() -> None:
    turns = DeviceTurns(wait_s=30)
    with turns.batch("dev1") as ticket, ticket.turn():
        started = monotonic()
        assert ticket.wait_for_another(turns.deadline()) is False
        assert monotonic() - started < 5
    with turns.batch(None) as relayed, relayed.turn():
        assert relayed.wait_for_another(turns.deadline()) is False


def test_waiting_ends_at_the_deadline_when_the_other_batch_never_takes_its_turn() -> None:
    turns = DeviceTurns(wait_s=0.2)
    with turns.batch("dev1"), turns.batch("dev1") as ticket, ticket.turn():  # another one, stuck
        deadline = turns.deadline()
        assert ticket.wait_for_another(deadline) is True  # waited, then took the turn back
        assert monotonic() >= deadline
        assert ticket.wait_for_another(deadline) is False, "past the deadline: judged as it is"
        # the turn is ours again: another batch of the device waits for it
        thread, _done = in_thread(lambda: _turn_taken(turns, "dev1"))
        thread.join(WAITING)
        assert thread.is_alive()
    thread.join(5)
    assert not thread.is_alive()


def test_a_batch_that_overtook_the_one_before_it_is_stored_after_it(server: Server) -> None:
    a = server.world.machines["A"]
    first, second = a.envelopes[0], a.envelopes[1]
    with server.state.turns.batch(a.device.key_id):  # the first batch is being checked in this process
        thread, done = in_thread(lambda: server.send(a, second, score=False))
        thread.join(WAITING)
        assert thread.is_alive(), "bundle 2 would be a gap: it waits for the batch in progress"
        [one] = server.send(a, first, score=False)
        thread.join(30)
    [two] = done["value"]
    assert one["verdict"] == "accepted" and two["verdict"] == "accepted", (one, two)
    assert two["receipt"]["device_seq"] == 2
    assert server.count("bundles") == 2 and server.count("refused_bundles") == 0


def test_an_early_batch_with_no_batch_of_its_device_in_progress_is_a_gap_at_once(server: Server) -> None:
    a = server.world.machines["A"]
    started = monotonic()
    [gap] = server.send(a, a.envelopes[1], score=False)
    assert gap["verdict"] == "rejected" and gap["code"] == "sequence_gap"
    assert monotonic() - started < server.state.turns.wait_s
