"""The child process of ``pixdesk bench startup``. Layer: ui (main thread).

``python -m ui.startup_probe bare``: a QApplication and an empty QWidget, shown and
painted — the baseline. ``home LEARNER``: the real application path (services, the
learner's window, the learner signed in, the home page's scorecard loaded by the
worker) until the home screen is painted. ``evaluation LEARNER N``: the home screen,
then N questions answered through the test page, then the peak RSS.

Each mode prints one JSON line when done and exits; the parent times the process
from its start to that line. Nothing above the mode switch imports PixDesk, so the
bare window pays for PySide6 only.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget


def _report(**figures: Any) -> None:
    print(json.dumps(figures), flush=True)


def _when(condition: Any, then: Any) -> None:
    """Call ``then`` once ``condition()`` holds, checking between event-loop turns."""

    def check() -> None:
        if condition():
            then()
        else:
            QTimer.singleShot(1, check)

    QTimer.singleShot(0, check)


def bare(app: QApplication) -> None:
    window = QWidget()
    window.resize(1100, 760)
    window.show()

    def done() -> None:
        window.repaint()
        _report(mode="bare")
        app.quit()

    _when(lambda: window.isVisible(), done)
    app.exec()


def _window(app: QApplication, learner: str) -> Any:
    from pixdesk.config import load_settings
    from pixdesk.services.attempts import AttemptService
    from ui.app import attach_sync_rounds, learner_services, practice_pack_id
    from ui.i18n import Translations
    from ui.learner.main_window import LearnerWindow
    from ui.ops import OpRunner
    from ui.theme import apply_theme

    settings = load_settings()
    translations = Translations(app)
    translations.set_language(settings["language"])
    apply_theme(app)
    attempts = AttemptService(settings)
    pack_id = practice_pack_id(attempts)
    assert pack_id is not None, "no practice pack installed"
    services = learner_services(attempts, pack_id, OpRunner())
    attach_sync_rounds(services, settings)  # as pixdesk app does (this machine is not enrolled)
    window = LearnerWindow(services, translations)
    window.show()
    assert services.rounds is not None
    services.rounds.start()
    window.enter_as(services.profiles.profile(learner))  # the bench measures start-up, not scrypt
    return window, services


def home(app: QApplication, learner: str) -> None:
    window, services = _window(app, learner)

    def done() -> None:
        window.repaint()
        _report(mode="home")
        app.quit()

    _when(lambda: window.home_page.scorecard is not None, done)
    app.exec()
    services.close()


def evaluation(app: QApplication, learner: str, questions: int) -> None:
    from pixdesk.bench.demo_sized_pack import response_for
    from pixdesk.bench.rss import peak_rss_mib

    window, services = _window(app, learner)
    answered = 0
    started = time.perf_counter()

    def step_on() -> None:
        nonlocal answered
        page = window.test_page
        step = page.step
        if answered >= questions:
            window.repaint()
            _report(
                mode="evaluation",
                answered=answered,
                seconds=time.perf_counter() - started,
                rss_mib=peak_rss_mib(),
            )
            app.quit()
            return
        if step is None or step.finished:
            window.home_page.start_next_competence()
        elif page.checkpoint is not None and page.stack.currentWidget() is page.checkpoint:
            page.checkpoint.continued.emit()
            QTimer.singleShot(0, step_on)
            return
        elif page.stack.currentWidget() is page.warning:
            page.warning.started.emit()
            QTimer.singleShot(0, step_on)
            return
        else:
            assert step.challenge is not None and step.body is not None
            page.question.response_submitted.emit(
                response_for(step.challenge, step.body, right=answered % 3 != 0)
            )
            answered += 1
        _when(lambda: not page.busy and page.step is not step, step_on)

    _when(lambda: window.home_page.scorecard is not None, step_on)
    app.exec()
    services.close()


def main(argv: list[str]) -> int:
    app = QApplication(argv[:1])
    mode = argv[1]
    if mode == "bare":
        bare(app)
    elif mode == "home":
        home(app, argv[2])
    elif mode == "evaluation":
        evaluation(app, argv[2], int(argv[3]))
    else:
        print(f"unknown mode {mode!r}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
