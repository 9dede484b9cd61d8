"""The pictures and attached files of one question. Layer: ui (main thread).

Owns how a question's media reach the learner: a picture is shown with its alternative
text as accessible name and as a visible caption, and grows with the learner's zoom up
to the reading width (redrawn from its bytes, so a vector picture stays sharp); any
other file is an attachment, copied from the pack to a temporary file (on the operation
runner) and opened with the system's application for its type. Media bytes come from
the service's pack content, read on the runner, never on the GUI thread.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImageReader, QPixmap
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pixdesk.packs.content import Media
from ui.ops import OpRunner, SyncOpRunner

__all__ = ["MediaView", "alt_text", "copy_to_temp", "zoom_factor"]

log = logging.getLogger(__name__)

MAX_WIDTH = 720  # logical pixels; larger pictures are scaled down
_temp_dir: Path | None = None


def alt_text(media: Media, language: str) -> str:
    """The alternative text in ``language`` (else English, else any)."""
    return media.alt.get(language) or media.alt.get("en") or next(iter(media.alt.values()), "")


def copy_to_temp(media: Media) -> Path:
    """Write ``media`` to a private temporary file named like the original (run on the worker)."""
    global _temp_dir
    if _temp_dir is None:
        _temp_dir = Path(tempfile.mkdtemp(prefix="pixdesk-attachments-"))
        atexit.register(shutil.rmtree, _temp_dir, True)
    folder = _temp_dir / "".join(c for c in media.id if c.isalnum())
    folder.mkdir(exist_ok=True)
    path = folder / (Path(media.filename).name or "attachment")
    path.write_bytes(media.data)
    return path


def zoom_factor() -> float:
    """The learner's zoom as a factor (1.0–2.0), as ui.theme last applied it."""
    app = QApplication.instance()
    zoom = app.property("pixdesk_zoom") if app is not None else None
    return max(1.0, min(2.0, float(zoom) / 100)) if isinstance(zoom, (int, float)) else 1.0


def _picture(media: Media, ratio: float, zoom: float = 1.0) -> QPixmap:
    """The picture at its size times the zoom, at most MAX_WIDTH wide, for a screen of ``ratio``.

    A small picture grows with the zoom; a wide one stays within the reading width (wider,
    it would push the question's text out of the window)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(media.data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    size = reader.size()
    if size.isValid():
        scale = min(zoom, MAX_WIDTH / max(1, size.width()))
        reader.setScaledSize(size * scale * ratio)  # drawn at the final size: vector pictures stay sharp
    image = reader.read()
    pixmap = QPixmap.fromImage(image)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


class MediaView(QWidget):
    """Pictures and attachment buttons for a list of media ids. Main thread.

    Signals:
        attachment_opened(str): the temporary copy handed to the system (its path).
    """

    attachment_opened = Signal(str)

    def __init__(
        self,
        media_ids: Sequence[str],
        load: Callable[[str], Media],
        runner: OpRunner | SyncOpRunner,
        language: str = "en",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner, self.language = runner, language
        self.media: list[Media] = []
        self.pictures: list[QLabel] = []
        self._pictured: list[tuple[QLabel, Media]] = []
        self.zoom = zoom_factor()
        self.buttons: list[QPushButton] = []
        self._texts: list[Callable[[], None]] = []
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.layout_.addWidget(self.status)
        self._status_text: Callable[[], str] | None = lambda: self.tr(
            "Loading the pictures and files of this question…"
        )
        self.retranslate()
        ids = list(media_ids)
        self.runner.run(lambda: [load(m) for m in ids], self._on_loaded, self._on_load_failed)

    # -- building ------------------------------------------------------------------------------
    def _on_loaded(self, media: Any) -> None:
        self.media = list(media)
        self._set_status(None)
        for item in self.media:
            if item.mime.startswith("image/"):
                self._add_picture(item)
            else:
                self._add_attachment(item)
        self.retranslate()

    def _on_load_failed(self, exc: BaseException) -> None:
        log.error("media of a question could not be read: %s", exc, exc_info=exc)
        self._set_status(lambda: self.tr("A picture or file of this question could not be read."))

    def _add_picture(self, media: Media) -> None:
        alt = alt_text(media, self.language)
        picture = QLabel()
        pixmap = _picture(media, self.devicePixelRatioF(), self.zoom)
        if pixmap.isNull():
            log.error("picture %s (%s) could not be decoded", media.id, media.mime)
        picture.setPixmap(pixmap)
        self._pictured.append((picture, media))
        picture.setAccessibleName(alt)
        caption = QLabel()
        caption.setWordWrap(True)
        caption.setTextFormat(Qt.TextFormat.PlainText)
        self.pictures.append(picture)
        self.layout_.addWidget(picture, 0, Qt.AlignmentFlag.AlignLeft)
        self.layout_.addWidget(caption)

        def texts() -> None:
            picture.setAccessibleDescription(self.tr("Picture"))
            caption.setText(self.tr("Picture: {description}").format(description=alt))

        self._texts.append(texts)

    def _add_attachment(self, media: Media) -> None:
        alt = alt_text(media, self.language)
        label = QLabel()
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        button = QPushButton()
        button.setAutoDefault(True)
        button.clicked.connect(lambda: self.open_attachment(media))
        label.setBuddy(button)
        self.buttons.append(button)
        row = QHBoxLayout()
        row.addWidget(label, 1)
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.layout_.addLayout(row)

        def texts() -> None:
            name = self.tr("Attached file: {name}").format(name=media.filename)
            label.setText(f"{name}\n{alt}" if alt else name)
            button.setText(self.tr("Open the attachment"))
            button.setAccessibleName(self.tr("Open the attachment {name}").format(name=media.filename))
            button.setAccessibleDescription(alt)
            button.setToolTip(alt)

        self._texts.append(texts)

    # -- attachments ---------------------------------------------------------------------------
    def open_attachment(self, media: Media) -> None:
        """Copy ``media`` to a temporary file (worker) and open it with the system application."""
        self.runner.run(lambda: copy_to_temp(media), self._on_copied, self._on_copy_failed)

    def _on_copied(self, path: Any) -> None:
        self.attachment_opened.emit(str(path))
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            log.warning("no application opened %s", path)
            self._set_status(
                lambda: self.tr(
                    "No application on this computer could open the file. It is saved here: {path}"
                ).format(path=path)
            )

    def _on_copy_failed(self, exc: BaseException) -> None:
        log.error("attachment could not be copied: %s", exc, exc_info=exc)
        self._set_status(lambda: self.tr("The attached file could not be opened."))

    # -- texts ---------------------------------------------------------------------------------
    def _set_status(self, text: Callable[[], str] | None) -> None:
        self._status_text = text
        self.status.setVisible(text is not None)
        self.retranslate()

    def retranslate(self) -> None:
        self.status.setText(self._status_text() if self._status_text is not None else "")
        for texts in self._texts:
            texts()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() in (QEvent.Type.FontChange, QEvent.Type.ApplicationFontChange):  # zoom changed
            self._rezoom()
        super().changeEvent(event)

    def _rezoom(self) -> None:
        zoom = zoom_factor()
        if zoom == self.zoom:
            return
        self.zoom = zoom
        for picture, media in self._pictured:
            picture.setPixmap(_picture(media, self.devicePixelRatioF(), zoom))
