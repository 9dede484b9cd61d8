"""Find widgets whose text does not fit: the check behind "zoom 200 % without clipped text"."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

__all__ = ["clipped_texts"]


def _visible(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def clipped_texts(root: QWidget) -> list[str]:
    """Visible labels and buttons of ``root`` too small for their text, described for a message.

    A word-wrapped label must be as tall as its text needs at its width; any other label
    and every button at least as large as its minimum size hint (what the style needs to
    draw the whole text). Elided texts ("…") would be caught too: they need their hint.
    """
    found: list[str] = []
    for widget in root.findChildren(QWidget):
        if not _visible(widget):
            continue
        if isinstance(widget, QLabel) and widget.text():
            if widget.wordWrap():
                needed = widget.heightForWidth(widget.width())  # frame and margins included
                if needed > widget.height() + 1:
                    found.append(f"label {widget.text()[:40]!r}: {widget.height()} px high, needs {needed}")
            else:
                hint = widget.minimumSizeHint()
                if widget.width() + 1 < hint.width() or widget.height() + 1 < hint.height():
                    found.append(
                        f"label {widget.text()[:40]!r}: {widget.size().toTuple()} < {hint.toTuple()}"
                    )
        elif isinstance(widget, QAbstractButton) and widget.text():
            hint = widget.minimumSizeHint()
            if widget.width() + 1 < hint.width() or widget.height() + 1 < hint.height():
                found.append(f"button {widget.text()[:40]!r}: {widget.size().toTuple()} < {hint.toTuple()}")
    return found
