"""A chart of pix per competence over time, drawn with QPainter. Layer: ui (main thread).

QtCharts is not installed, so the chart is painted: time across, pix up (a dotted line
at every level, labelled), one step line per competence that has points (pix stays put
between two results), and a legend in words. Competences differ by colour *and* by
marker shape and dash style, so nothing rests on colour alone; the colours come from
one of two fixed sets chosen by the background's lightness (readable on a light
palette and on the black high-contrast one); axes and text use the palette. The
accessible description says the same in words ("1.1: 0 → 12 pix; 3.1: 0 → 8 pix").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from pixdesk.domain.pix_history import PixPoint
from pixdesk.domain.scoring import PIX_PER_LEVEL
from ui.learner.progress_texts import moment_text

__all__ = ["PixChart"]

# Okabe–Ito based: dark enough on white, bright enough on black.
_ON_LIGHT = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8C6D00", "#56287A", "#000000", "#A3251C")
_ON_DARK = ("#56B4E9", "#E69F00", "#F0E442", "#FFFFFF", "#CC79A7", "#00D0A0", "#FF8080", "#B0B0FF")
_DASHES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine)
_MARKERS = ("circle", "square", "triangle", "diamond", "cross", "down")


class PixChart(QWidget):
    """Pix per competence over time. Main thread."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[PixPoint] = []
        self.titles: dict[str, str] = {}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a screen reader user can land on it
        self.retranslate()

    def set_history(self, points: Sequence[PixPoint], titles: Mapping[str, str] | None = None) -> None:
        """Show these points (any order); ``titles``: competence → name for the legend."""
        self.points = sorted(points, key=lambda p: p.at)
        self.titles = dict(titles or {})
        self.updateGeometry()
        self.retranslate()
        self.update()

    def series(self) -> dict[str, list[PixPoint]]:
        """The points of each competence, competences in code order."""
        by: dict[str, list[PixPoint]] = {}
        for point in self.points:
            by.setdefault(point.competence, []).append(point)
        return dict(sorted(by.items()))

    def summary(self) -> str:
        if not self.points:
            return self.tr("No results yet: finish an evaluation to see your pix here.")
        parts = []
        for code, points in self.series().items():
            values = " → ".join(str(v) for v in [0, *(p.pix for p in points)])
            parts.append(self.tr("{code}: {values} pix").format(code=code, values=values))
        return "; ".join(parts)

    # -- size --------------------------------------------------------------------------------------
    def _line(self) -> int:
        return self.fontMetrics().height()

    def sizeHint(self) -> QSize:
        line = self._line()
        legend = max(1, len(self.series()))
        return QSize(line * 30, line * (16 + legend))

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    # -- painting ----------------------------------------------------------------------------------
    def _colours(self) -> tuple[str, ...]:
        return _ON_DARK if self.palette().color(QPalette.ColorRole.Window).lightness() < 128 else _ON_LIGHT

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        line = self._line()
        if not self.points:
            painter.setPen(text)
            painter.drawText(
                QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.summary()
            )
            return
        series = self.series()
        metrics = self.fontMetrics()
        top_pix = max(PIX_PER_LEVEL, -(-max(p.pix for p in self.points) // PIX_PER_LEVEL) * PIX_PER_LEVEL)
        left = max(metrics.horizontalAdvance(self._tick(p)) for p in (0, top_pix)) + line
        plot = QRectF(left, line, self.width() - left - line, line * 12)
        start, end = self.points[0].at, self.points[-1].at
        if end - start < timedelta(hours=1):
            start, end = start - timedelta(days=1), end + timedelta(days=1)
        span = (end - start).total_seconds()

        def x_of(moment: datetime) -> float:
            return plot.left() + plot.width() * (moment - start).total_seconds() / span

        def y_of(pix: int) -> float:
            return plot.bottom() - plot.height() * pix / top_pix

        # axes, level lines and labels
        painter.setPen(QPen(text, 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        painter.drawLine(plot.bottomLeft(), plot.topLeft())
        grid = QPen(self.palette().color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DotLine)
        for pix in range(0, top_pix + 1, PIX_PER_LEVEL):
            y = y_of(pix)
            if pix:
                painter.setPen(grid)
                painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            label = self._tick(pix)
            painter.drawText(
                QRectF(0, y - line, left - line / 2, line * 2),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
        for moment, align in ((start, Qt.AlignmentFlag.AlignLeft), (end, Qt.AlignmentFlag.AlignRight)):
            painter.drawText(
                QRectF(plot.left(), plot.bottom() + line / 4, plot.width(), line),
                align,
                moment_text(moment)[0],
            )

        # one step line per competence, then the legend
        colours = self._colours()
        legend_y = plot.bottom() + line * 2
        for n, (code, points) in enumerate(series.items()):
            colour = QColor(colours[n % len(colours)])
            dash, marker = _DASHES[n % len(_DASHES)], _MARKERS[n % len(_MARKERS)]
            pen = QPen(colour, max(2.0, line / 8), dash)
            painter.setPen(pen)
            path = QPolygonF()
            previous = 0
            for point in points:
                x = x_of(point.at)
                path.append(QPointF(x, y_of(previous)))
                path.append(QPointF(x, y_of(point.pix)))
                previous = point.pix
            path.append(QPointF(plot.right(), y_of(previous)))
            painter.drawPolyline(path)
            for point in points:
                self._marker(painter, marker, colour, QPointF(x_of(point.at), y_of(point.pix)), line / 3)
            sample_y = legend_y + n * line + line / 2
            painter.setPen(pen)
            painter.drawLine(QPointF(plot.left(), sample_y), QPointF(plot.left() + line * 2, sample_y))
            self._marker(painter, marker, colour, QPointF(plot.left() + line, sample_y), line / 3)
            painter.setPen(text)
            name = f"{code} {self.titles.get(code, '')}".strip()
            legend = self.tr("{name}: {pix} pix").format(name=name, pix=points[-1].pix)
            painter.drawText(
                QRectF(plot.left() + line * 3, sample_y - line / 2, plot.width() - line * 3, line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                legend,
            )
        painter.end()

    def _tick(self, pix: int) -> str:
        return self.tr("Level {level} · {pix} pix").format(level=pix // PIX_PER_LEVEL, pix=pix)

    @staticmethod
    def _marker(painter: QPainter, shape: str, colour: QColor, at: QPointF, r: float) -> None:
        painter.setPen(QPen(colour, 2))
        painter.setBrush(colour)
        x, y = at.x(), at.y()
        if shape == "circle":
            painter.drawEllipse(at, r, r)
        elif shape == "square":
            painter.drawRect(QRectF(x - r, y - r, 2 * r, 2 * r))
        elif shape == "cross":
            painter.drawLine(QPointF(x - r, y - r), QPointF(x + r, y + r))
            painter.drawLine(QPointF(x - r, y + r), QPointF(x + r, y - r))
        else:
            corners = {
                "triangle": [(0, -r), (r, r), (-r, r)],
                "down": [(0, r), (r, -r), (-r, -r)],
                "diamond": [(0, -r), (r, 0), (0, r), (-r, 0)],
            }[shape]
            painter.drawPolygon(QPolygonF([QPointF(x + dx, y + dy) for dx, dy in corners]))
        painter.setBrush(Qt.BrushStyle.NoBrush)

    # -- texts -------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Chart of your pix per competence over time"))
        self.setAccessibleDescription(self.summary())
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self.retranslate()
            self.updateGeometry()
        super().changeEvent(event)
