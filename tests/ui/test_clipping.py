"""The clipping check itself can fail: it finds a squeezed label and a squeezed button."""

from __future__ import annotations

from clipping import clipped_texts
from PySide6.QtWidgets import QLabel, QPushButton, QWidget


def test_squeezed_texts_are_found_and_roomy_ones_are_not(qtbot) -> None:
    root = QWidget()
    qtbot.addWidget(root)
    wrapped = QLabel("a long sentence that needs several lines at this width", root)
    wrapped.setWordWrap(True)
    wrapped.setGeometry(0, 0, 80, 20)
    button = QPushButton("Validate my answer now", root)
    button.setGeometry(0, 30, 40, 30)
    roomy = QLabel("ok", root)
    roomy.setGeometry(0, 70, 200, 40)
    root.resize(300, 200)
    root.show()
    qtbot.waitExposed(root)

    found = clipped_texts(root)

    assert len(found) == 2
    assert found[0].startswith("label 'a long sentence") and found[1].startswith("button 'Validate")
    wrapped.setGeometry(0, 0, 300, 200)
    button.setGeometry(0, 0, 300, 60)
    assert clipped_texts(root) == []
