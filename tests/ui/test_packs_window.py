"""The packs window: lists installed packs, imports with progress, shows refusals, speaks French."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import build_pack, make_trust
from PySide6.QtWidgets import QApplication, QMessageBox

from pixdesk.services.packs import PackService
from ui.app import install_translator
from ui.ops import SyncOpRunner
from ui.packs_window import PacksWindow


@pytest.fixture
def service(tmp_path: Path, home: Path) -> tuple[PackService, Path, object]:
    trust, settings = make_trust(tmp_path / "trust", home)
    return PackService(settings), tmp_path, trust


def test_lists_installed_packs_and_imports_a_new_one(qtbot, service) -> None:
    svc, tmp, trust = service
    window = PacksWindow(svc, SyncOpRunner(), "en")
    qtbot.addWidget(window)
    assert window.table.rowCount() == 0
    assert not window.empty.isHidden()

    pack = build_pack(tmp / "a.pixpack", trust.practice, pack_id="alpha", version=2)
    window.import_file(pack)

    assert window.table.rowCount() == 1
    assert [window.table.item(0, c).text() for c in range(3)] == ["alpha", "2", "practice"]
    assert window.empty.isHidden()
    assert window.import_button.isEnabled()
    assert window.progress.isHidden()
    assert window.statusBar().currentMessage() == "1 pack installed"


def test_a_refused_pack_is_explained_and_changes_nothing(qtbot, service, monkeypatch) -> None:
    svc, tmp, _trust = service
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    window = PacksWindow(svc, SyncOpRunner(), "en")
    qtbot.addWidget(window)
    bad = tmp / "bad.pixpack"
    bad.write_bytes(b"not a pack at all")

    window.import_file(bad)

    assert len(shown) == 1
    assert str(bad) in shown[0] and "not a PixDesk content pack" in shown[0]
    assert window.table.rowCount() == 0
    assert svc.installed() == []
    assert window.import_button.isEnabled()


def test_french_interface(qtbot, service) -> None:
    svc, _tmp, _trust = service
    app = QApplication.instance()
    translator = install_translator(app, "fr")
    assert translator is not None, "resources/i18n/pixdesk_fr.qm missing: run `make translations`"
    try:
        window = PacksWindow(svc, SyncOpRunner(), "fr")
        qtbot.addWidget(window)
        assert window.heading.text() == "Paquets de contenu installés sur cet ordinateur"
        assert window.table.horizontalHeaderItem(0).text() == "Paquet"
        assert window.statusBar().currentMessage() == "0 paquet installé"
    finally:
        app.removeTranslator(translator)
