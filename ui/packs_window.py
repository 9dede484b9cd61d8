"""The first window: the packs installed on this machine. Layer: ui (main thread).

Shown by ``pixdesk app`` until the learner app lands. Lists packs through
``pixdesk.services.packs.PackService``; imports a pack chosen by the user on the
operation runner, with its progress and a clear message when it is refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pixdesk.services.packs import FileResult, InstalledPack, PackService
from ui.ops import OpRunner, SyncOpRunner

__all__ = ["PacksWindow"]


class PacksWindow(QMainWindow):
    """Main window listing installed packs. Main thread only."""

    import_progressed = Signal(int, int)

    def __init__(self, service: PackService, runner: OpRunner | SyncOpRunner, language: str = "fr") -> None:
        super().__init__()
        self.service, self.runner, self.language = service, runner, language
        self.setWindowTitle(self.tr("PixDesk — content packs"))
        self.resize(860, 420)

        self.heading = QLabel(self.tr("Content packs installed on this computer"))
        self.heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Pack"), self.tr("Version"), self.tr("Kind"), self.tr("Title"), self.tr("Expires")]
        )
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setAccessibleName(self.tr("Installed content packs"))
        self.empty = QLabel(self.tr("No pack installed yet. Import a .pixpack file to start."))
        self.import_button = QPushButton(self.tr("&Import a pack…"))
        self.import_button.setAccessibleDescription(self.tr("Choose a .pixpack file to verify and install"))
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self.progress = QProgressBar()
        self.progress.setVisible(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.progress, 1)
        layout = QVBoxLayout()
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)
        self.import_progressed.connect(self._on_import_progressed, Qt.ConnectionType.QueuedConnection)
        self.refresh()

    def refresh(self) -> None:
        self.runner.run(self.service.installed, self._show_packs, self._show_error)

    def _show_packs(self, packs: list[InstalledPack]) -> None:
        kinds = {"practice": self.tr("practice"), "certification": self.tr("certification")}
        self.table.setRowCount(len(packs))
        for row, pack in enumerate(packs):
            title = pack.title.get(self.language) or next(iter(pack.title.values()))
            cells = [
                pack.pack_id,
                str(pack.version),
                kinds.get(pack.kind, pack.kind),
                title,
                pack.expires[:10],
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.empty.setVisible(not packs)
        self.statusBar().showMessage(self.tr("%n pack(s) installed", "", len(packs)))

    def _show_error(self, exc: BaseException) -> None:
        self.progress.setVisible(False)
        self.import_button.setEnabled(True)
        QMessageBox.warning(self, self.tr("PixDesk"), str(exc))

    def _on_import_button_clicked(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import a content pack"), "", self.tr("PixDesk packs (*.pixpack)")
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        """Verify and install ``path`` on the worker; report the outcome."""
        self.import_button.setEnabled(False)
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.setVisible(True)

        def work() -> list[FileResult]:
            return self.service.import_path(
                path, lambda _f, done, total: self.import_progressed.emit(done, total)
            )

        self.runner.run(work, self._on_imported, self._show_error)

    def _on_import_progressed(self, done: int, total: int) -> None:
        self.progress.setValue(int(100 * done / total) if total else 100)

    def _on_imported(self, results: Any) -> None:
        self.progress.setVisible(False)
        self.import_button.setEnabled(True)
        errors = [str(r.error) for r in results if r.error is not None]
        if errors:
            QMessageBox.warning(self, self.tr("Pack refused"), "\n".join(errors))
        self.refresh()
