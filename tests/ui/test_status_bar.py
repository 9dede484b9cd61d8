"""The status bar's sync corner: says in words that sync is not configured and how many results wait."""

from __future__ import annotations

from answering import right_answer

from pixdesk.services.sync_status import SyncStatusService
from ui.learner.status_bar import SyncStatusView
from ui.ops import SyncOpRunner


def test_counts_results_waiting_in_the_outbox(qtbot, learner_services) -> None:
    attempts = learner_services.attempts
    view = SyncStatusView(SyncStatusService(attempts).status, SyncOpRunner())
    qtbot.addWidget(view)
    view.refresh()
    assert view.connection.text() == "Offline · sync not configured"
    assert view.queue.text() == "0 results waiting to be sent"

    step = attempts.start_competence("ada", "demo", "1.1", "en")
    while not step.finished:
        step = attempts.answer(step.attempt_id, step.challenge.id, right_answer(step))
    view.refresh()

    assert view.status is not None and view.status.waiting == 1 and not view.status.configured
    assert view.queue.text() == "1 result waiting to be sent"
    assert "sync not configured" in view.accessibleDescription()


def test_an_unreadable_outbox_is_said_not_hidden(qtbot) -> None:
    def broken():
        raise OSError("disk gone")

    view = SyncStatusView(broken, SyncOpRunner())
    qtbot.addWidget(view)
    view.refresh()
    assert view.queue.text() == "Results waiting: unknown"
