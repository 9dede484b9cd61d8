"""A frameless scroll area around a screen's content. Layer: ui (main thread).

Every screen that can grow past the window (long questions, 200 % zoom) scrolls
vertically and keeps its content as wide as the window.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

__all__ = ["scroll_area_for"]


def scroll_area_for(content: QWidget) -> QScrollArea:
    """A resizable, frameless scroll area holding ``content``."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    return area
