"""The desktop app's sync: rounds on their own thread, "Sync now", the status bar following them."""

from __future__ import annotations

import threading
from functools import partial

import httpx
import pytest
from sync_machines import World

from pixdesk.services.profiles import ProfileService
from pixdesk.services.progress import ProgressService
from pixdesk.services.sync_status import SyncStatusService
from ui.learner.context import LearnerServices
from ui.learner.sync_worker import SyncCancelled, SyncController, run_round
from ui.ops import SyncOpRunner


def test_a_round_is_never_started_twice_and_none_after_stop(qtbot) -> None:  # type: ignore[no-untyped-def]
    calls: list[threading.Event] = []
    controller = SyncController(calls.append, SyncOpRunner(), interval_seconds=300)
    finished: list[object] = []
    controller.sync_finished.connect(finished.append)

    assert controller.sync_now()
    controller.running = True  # as while a round runs on the network thread
    assert not controller.sync_now()
    controller.running = False
    controller.stop()

    assert not controller.sync_now(), "the app is closing"
    assert len(calls) == 1 and calls[0].is_set() and finished == [None]
    assert not controller.timer.isActive()


def test_no_automatic_round_when_the_interval_is_zero(qtbot) -> None:  # type: ignore[no-untyped-def]
    controller = SyncController(lambda _cancelled: None, SyncOpRunner(), interval_seconds=0)
    controller.start(first_delay_ms=0)
    assert not controller.timer.isActive()


def test_run_round_does_nothing_before_enrollment_and_stops_when_cancelled(world: World) -> None:
    a = world.machine("a")
    assert run_round(a.settings, threading.Event(), world.server.transport()) is None

    a.enroll(world.server)
    a.fill_outbox(1)
    world.server.faults = [httpx.ConnectError("down")] * 5
    cancelled = threading.Event()
    cancelled.set()
    with pytest.raises(SyncCancelled):
        run_round(a.settings, cancelled, world.server.transport())
    assert a.outbox()[0]["status"] == "pending"


def test_sync_now_in_the_window_sends_the_results_and_the_status_bar_says_so(
    qtbot,
    world: World,  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.i18n import Translations
    from ui.learner.main_window import LearnerWindow

    a = world.machine("a")
    a.enroll(world.server)
    a.fill_outbox(2)
    attempts = a.attempts()
    rounds = SyncController(
        partial(run_round, a.settings, transport=world.server.transport()), SyncOpRunner(), 300
    )
    services = LearnerServices(
        attempts,
        ProgressService(attempts),
        SyncOpRunner(),
        "demo",
        ProfileService(attempts),
        SyncStatusService(attempts),
        rounds,
    )
    app = QApplication.instance()
    window = LearnerWindow(services, Translations(app))  # type: ignore[arg-type]
    qtbot.addWidget(window)
    assert "2 result" in window.sync_status.queue.text()
    seen: list[str] = []
    rounds.sync_started.connect(lambda: seen.append(window.sync_status.connection.text()))

    window.sync_now_action.trigger()

    assert seen == ["Synchronising…"]
    assert window.sync_status.connection.text().startswith("Online · last sync")
    assert "0 result" in window.sync_status.queue.text()
    assert {row["status"] for row in a.outbox()} == {"sent"}
    assert window.sync_now_action.isEnabled()

    world.server.faults = [httpx.ConnectError("cable out")] * 10
    window.sync_now()
    assert window.sync_status.connection.text() == "Offline · results are kept on this computer"
    assert "sent later" in window.statusBar().currentMessage()
    services.close()
