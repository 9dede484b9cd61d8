"""Looks the learner can change: zoom (100–200 %) and a high-contrast theme. Layer: ui (main thread).

The zoom multiplies the system font size (read once, before PixDesk changes anything),
so a machine set to large fonts stays larger. Screens never set text sizes in pixels and
never hard-code colours; they use palette roles, so the high-contrast palette below
reaches every widget. The Fusion style draws the same on every platform and honours
the palette fully (native styles on some platforms ignore parts of it).
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication

__all__ = ["ZOOM_STEPS", "apply_theme", "base_point_size", "clamp_zoom"]

ZOOM_STEPS = (100, 125, 150, 175, 200)
_CLASS_FONTS = ("QMenuBar", "QMenu", "QStatusBar", "QMessageBox", "QToolTip", "QTipLabel", "QHeaderView")
_BASE_PROPERTY = "pixdesk_base_point_size"

# Black background, white text, yellow selection and focus, cyan links: WCAG AAA contrast.
_HIGH_CONTRAST = {
    QPalette.ColorRole.Window: "#000000",
    QPalette.ColorRole.WindowText: "#ffffff",
    QPalette.ColorRole.Base: "#000000",
    QPalette.ColorRole.AlternateBase: "#1a1a1a",
    QPalette.ColorRole.Text: "#ffffff",
    QPalette.ColorRole.Button: "#000000",
    QPalette.ColorRole.ButtonText: "#ffffff",
    QPalette.ColorRole.BrightText: "#ffff00",
    QPalette.ColorRole.Highlight: "#ffff00",
    QPalette.ColorRole.HighlightedText: "#000000",
    QPalette.ColorRole.Link: "#00ffff",
    QPalette.ColorRole.LinkVisited: "#ff80ff",
    QPalette.ColorRole.ToolTipBase: "#000000",
    QPalette.ColorRole.ToolTipText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#c0c0c0",
    QPalette.ColorRole.Light: "#ffffff",
    QPalette.ColorRole.Midlight: "#c0c0c0",
    QPalette.ColorRole.Mid: "#ffffff",
    QPalette.ColorRole.Dark: "#ffffff",
    QPalette.ColorRole.Shadow: "#ffffff",
}
_HIGH_CONTRAST_DISABLED = "#a0a0a0"
# Thick visible frames around controls and focus, so edges do not depend on shades of grey.
_HIGH_CONTRAST_SHEET = """
QPushButton, QLineEdit, QComboBox, QSpinBox, QListView, QTextBrowser, QProgressBar {
    border: 2px solid #ffffff; padding: 4px;
}
QPushButton:focus, QLineEdit:focus, QComboBox:focus, QListView:focus, QRadioButton:focus,
QCheckBox:focus, QTextBrowser:focus { border: 3px solid #ffff00; }
QProgressBar::chunk { background: #ffff00; }
QPushButton:disabled { color: #a0a0a0; border-color: #a0a0a0; }
"""


def clamp_zoom(percent: int) -> int:
    """A zoom within 100–200 %."""
    return max(ZOOM_STEPS[0], min(ZOOM_STEPS[-1], int(percent)))


def base_point_size(app: QApplication) -> float:
    """The system font size, remembered the first time PixDesk asks."""
    stored = app.property(_BASE_PROPERTY)
    if stored is None:
        size = QApplication.font().pointSizeF()
        stored = size if size > 0 else 10.0
        app.setProperty(_BASE_PROPERTY, stored)
    return float(stored)


def _palette(high_contrast: bool, app: QApplication) -> QPalette:
    palette = app.style().standardPalette()
    if not high_contrast:
        return palette
    for role, colour in _HIGH_CONTRAST.items():
        palette.setColor(QPalette.ColorGroup.All, role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(_HIGH_CONTRAST_DISABLED))
    return palette


def apply_theme(app: QApplication, zoom: int = 100, high_contrast: bool = False) -> None:
    """Apply the zoom (percent of the system font size) and the theme to the whole app."""
    base = base_point_size(app)
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    font = QFont(QApplication.font())
    font.setPointSizeF(base * clamp_zoom(zoom) / 100)
    app.setFont(font)
    for widget_class in _CLASS_FONTS:  # platform themes give these their own (smaller) fonts
        app.setFont(font, widget_class)  # type: ignore[arg-type]  # the stubs say bytes; PySide wants str
    app.setPalette(_palette(high_contrast, app))
    app.setStyleSheet(_HIGH_CONTRAST_SHEET if high_contrast else "")
    app.setProperty("pixdesk_high_contrast", high_contrast)
    app.setProperty("pixdesk_zoom", clamp_zoom(zoom))  # pictures grow with it (ui.learner.media_view)
