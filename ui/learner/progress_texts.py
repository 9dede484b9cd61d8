"""Words for progress codes: statuses, blockers, badges, errors, dates. Layer: ui (main thread).

``pixdesk`` returns codes and data, never text; the home and results screens turn them
into translated sentences here (translation context ``progress``), and pick the pack's
names in the learner's language.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QDateTime, QLocale

from pixdesk.domain.badges import BadgeCode
from pixdesk.domain.scorecard import Blocker, CompetenceStatus, ScorecardEntry
from pixdesk.errors import PixdeskError

__all__ = [
    "badge_symbol",
    "badge_text",
    "blocker_text",
    "error_text",
    "interface_language",
    "moment_text",
    "pick",
    "status_text",
]

log = logging.getLogger(__name__)

_SYMBOLS = {BadgeCode.FIRST_EVALUATION: "★", BadgeCode.FIRST_LEVEL_3: "▲", BadgeCode.ALL_STARTED: "✔"}


translate = QCoreApplication.translate  # lupdate extracts translate("progress", "literal")


def pick(texts: Mapping[str, str], language: str) -> str:
    """The text in ``language``, else English, else any; empty when there is none."""
    return texts.get(language) or texts.get("en") or next(iter(texts.values()), "")


def interface_language() -> str:
    """The language the interface is in now (the default locale's), "en" if unknown."""
    name = QLocale().name()
    return name[:2] if name[:2].isalpha() and name != "C" else "en"


def moment_text(moment: datetime) -> tuple[str, str]:
    """A UTC moment as (date, time) in the local time zone and the interface's language.

    The month is written out ("30 November 2026"): "11/30/26" and "30/11/26" are read
    differently on each side of the Atlantic, a spelled-out month is read one way.
    """
    local = QDateTime.fromSecsSinceEpoch(int(moment.timestamp())).toLocalTime()
    locale = QLocale()
    return (locale.toString(local.date(), "d MMMM yyyy"), locale.toString(local.time(), "HH:mm"))


def status_text(status: CompetenceStatus) -> str:
    return {
        CompetenceStatus.NOT_STARTED: translate("progress", "Not started"),
        CompetenceStatus.STARTED: translate("progress", "Started"),
        CompetenceStatus.COMPLETED: translate("progress", "Completed"),
    }[status]


def blocker_text(action: str, entry: ScorecardEntry) -> str:
    """Why ``action`` ("improve" or "reset") is not allowed now; empty when it is."""
    blocker = entry.improve_blocked_by if action == "improve" else entry.reset_blocked_by
    when = entry.improve_available_at if action == "improve" else entry.reset_available_at
    if blocker is None:
        return ""
    if blocker is Blocker.TOO_EARLY and when is not None:
        date, time = moment_text(when)
        if action == "improve":
            return translate("progress", "Improve available on {date} at {time}").format(date=date, time=time)
        return translate("progress", "Reset available on {date} at {time}").format(date=date, time=time)
    return {
        Blocker.NOT_COMPLETED: translate("progress", "Finish an evaluation of this competence first"),
        Blocker.MAX_LEVEL: translate("progress", "You reached the highest level open for this competence"),
        Blocker.NOTHING_LEFT: translate("progress", "Every skill of this competence is already validated"),
        Blocker.NOTHING_TO_RESET: translate("progress", "Nothing to reset yet"),
        Blocker.TOO_EARLY: translate("progress", "Not available yet"),
    }[blocker]


def badge_symbol(code: BadgeCode) -> str:
    return _SYMBOLS.get(code, "●")


def badge_text(code: BadgeCode) -> str:
    return {
        BadgeCode.FIRST_EVALUATION: translate("progress", "First evaluation"),
        BadgeCode.FIRST_LEVEL_3: translate("progress", "First level 3"),
        BadgeCode.ALL_STARTED: translate("progress", "All competences started"),
    }.get(code, str(code))


def error_text(exc: BaseException) -> str:
    """A learner-friendly sentence for a failed service call (details go to the log)."""
    code = exc.code if isinstance(exc, PixdeskError) else ""
    texts = {
        "progress.improve_too_early": translate(
            "progress",
            "This competence can be improved 4 days after your last evaluation of it. Come back then!",
        ),
        "progress.improve_not_completed": translate(
            "progress", "Finish an evaluation of this competence before improving it."
        ),
        "progress.improve_max_level": translate(
            "progress", "You already reached the highest level open for this competence."
        ),
        "progress.improve_nothing_left": translate(
            "progress", "Every skill of this competence is already validated. Well done!"
        ),
        "progress.reset_too_early": translate(
            "progress", "A competence can be reset 7 days after your last activity on it."
        ),
        "progress.reset_nothing_to_reset": translate(
            "progress", "There is nothing to reset in this competence yet."
        ),
        "attempt.nothing_to_assess": translate(
            "progress",
            "There is no new question for this competence right now. "
            "You can improve it after 4 days, or reset it after 7 days.",
        ),
        "attempt.no_pack": translate(
            "progress", "The content of the tests is not installed on this computer. Ask your teacher."
        ),
        "attempt.unknown_competence": translate(
            "progress", "This competence has no questions in the installed content."
        ),
        "attempt.unknown": translate("progress", "This result cannot be found."),
        "attempt.not_finished": translate(
            "progress", "This test is not finished yet: its results come at the end."
        ),
        "attempt.no_summary": translate("progress", "This test has no results to show here."),
    }
    if code not in texts:
        log.error("progress operation failed: %s", exc, exc_info=exc)
    return texts.get(
        code, translate("progress", "Something went wrong. Your progress is saved; please try again.")
    )
