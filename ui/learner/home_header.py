"""The top of the home screen: greeting, total pix, certifiability, badges, campaign code.

Layer: ui (main thread). Shows what :class:`~ui.learner.home_page.HomePage` loaded; the
campaign-code field answers inline that campaigns are not available yet (they come in a
later version), so a learner given a code by a teacher knows what to do.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from pixdesk.domain.badges import Badge
from pixdesk.domain.scoring import CERTIFIABLE_COMPETENCES
from pixdesk.services.progress import Scorecard
from ui.learner.progress_texts import badge_symbol, badge_text, moment_text
from ui.learner.results_parts import outline

__all__ = ["HomeHeader"]


def _bold(label: QLabel, scale: float = 1.0) -> QLabel:
    font = label.font()
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    label.setWordWrap(True)
    return label


class HomeHeader(QWidget):
    """Greeting, progress summary, badges and the campaign field. Main thread."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.display_name = ""
        self.scorecard: Scorecard | None = None
        self.badges: list[Badge] = []
        self._campaign_state = ""  # "" | "empty" | "unavailable": what the campaign message says
        self.message = QLabel()  # an error of the last action, in words
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.greeting = _bold(QLabel(), 1.5)
        self.encouragement = QLabel()
        self.encouragement.setWordWrap(True)
        self.total = _bold(QLabel(), 1.25)
        self.certifiable = QLabel()
        self.certifiable.setWordWrap(True)
        self.badges_heading = _bold(QLabel())
        self.badges_row = QHBoxLayout()
        self.badge_labels: list[QLabel] = []
        self.no_badge = QLabel()
        self.no_badge.setWordWrap(True)
        self.badges_row.addWidget(self.no_badge, 1)
        self.badges_row.addStretch()  # packs the badges to the left; the hint above takes the width

        self.campaign_label = QLabel()
        self.campaign_code = QLineEdit()
        self.campaign_code.setMaxLength(16)
        self.campaign_label.setBuddy(self.campaign_code)
        self.join_button = QPushButton()
        self.join_button.clicked.connect(self._on_join_button_clicked)
        self.campaign_code.returnPressed.connect(self._on_join_button_clicked)
        self.campaign_message = QLabel()
        self.campaign_message.setWordWrap(True)
        self.campaign_message.setVisible(False)
        campaign = QHBoxLayout()
        campaign.addWidget(self.campaign_label)
        campaign.addWidget(self.campaign_code)
        campaign.addWidget(self.join_button)
        campaign.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.message, self.greeting, self.encouragement, self.total, self.certifiable):
            layout.addWidget(widget)
        layout.addWidget(self.badges_heading)
        layout.addLayout(self.badges_row)
        layout.addLayout(campaign)
        layout.addWidget(self.campaign_message)
        self.retranslate()

    def set_learner(self, display_name: str) -> None:
        self.display_name = display_name
        self.scorecard, self.badges = None, []
        self.campaign_code.clear()
        self._campaign_state = ""
        self._show_badges()
        self.retranslate()

    def set_progress(self, scorecard: Scorecard, badges: Sequence[Badge]) -> None:
        self.scorecard, self.badges = scorecard, list(badges)
        self._show_badges()
        self.retranslate()

    def set_message(self, text: str) -> None:
        """An inline message about the last action (empty: none)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.message.setAccessibleDescription(text)

    def _show_badges(self) -> None:
        for label in self.badge_labels:
            self.badges_row.removeWidget(label)
            label.deleteLater()
        self.badge_labels = []
        for n, _badge in enumerate(self.badges):
            label = QLabel()
            label.setWordWrap(True)
            outline(label)
            label.setMargin(label.fontMetrics().height() // 4)
            self.badges_row.insertWidget(n, label)
            self.badge_labels.append(label)
        self.no_badge.setVisible(not self.badges)

    def _on_join_button_clicked(self) -> None:
        self._campaign_state = "unavailable" if self.campaign_code.text().strip() else "empty"
        self.retranslate()

    def retranslate(self) -> None:
        name = self.display_name
        self.greeting.setText(self.tr("Hello, {name}!").format(name=name) if name else self.tr("Hello!"))
        card = self.scorecard
        if card is None:
            self.encouragement.setText(self.tr("Loading your progress…"))
            self.total.setText("")
            self.certifiable.setText("")
        else:
            at_level_1 = sum(1 for e in card.entries if e.score.level >= 1)
            started = any(e.status != "not_started" for e in card.entries)
            if card.certifiable:
                cheer = self.tr("Great progress: you can take a certification whenever you feel ready.")
            elif started:
                cheer = self.tr("Nice work! Each evaluation shows you what to learn next.")
            else:
                cheer = self.tr(
                    "Welcome! Pick any competence below to begin: there is no wrong place to start."
                )
            self.encouragement.setText(cheer)
            self.total.setText(self.tr("Total: %n pix", "", card.total_pix))
            if card.certifiable:
                text = self.tr("Certifiable: %n competences at level 1 or more", "", at_level_1)
            else:
                text = self.tr(
                    "Not certifiable yet: reach level 1 in %n more competence(s)",
                    "",
                    CERTIFIABLE_COMPETENCES - at_level_1,
                )
            self.certifiable.setText(text)
        self.badges_heading.setText(self.tr("Your badges"))
        self.no_badge.setText(self.tr("No badge yet: finishing your first evaluation earns one."))
        for label, badge in zip(self.badge_labels, self.badges, strict=True):
            label.setText(f"{badge_symbol(badge.code)} {badge_text(badge.code)}")
            when = ""
            if badge.earned_at is not None:
                when = self.tr("Earned on {date}").format(date=moment_text(badge.earned_at)[0])
            label.setToolTip(when)
            label.setAccessibleName(self.tr("Badge: {name}").format(name=badge_text(badge.code)))
            label.setAccessibleDescription(when)
        self.campaign_label.setText(self.tr("&Campaign code:"))
        self.campaign_code.setPlaceholderText(self.tr("for example ABCDEF123"))
        metrics = self.campaign_code.fontMetrics()
        self.campaign_code.setMinimumWidth(
            metrics.horizontalAdvance(self.campaign_code.placeholderText()) * 5 // 4
        )
        self.campaign_code.setAccessibleName(self.tr("Campaign code"))
        self.join_button.setText(self.tr("&Join"))
        self.join_button.setAccessibleName(self.tr("Join the campaign"))
        text = ""
        if self._campaign_state == "empty":
            text = self.tr("Type the campaign code your teacher gave you, then choose Join.")
        elif self._campaign_state == "unavailable":
            text = self.tr("Campaigns are not available yet: ask your teacher again after the next update.")
        self.campaign_message.setText(text)
        self.campaign_message.setVisible(bool(text))
        self.campaign_message.setAccessibleDescription(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
