"""Test-wide settings: headless Qt, an isolated PixDesk home per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh PIXDESK_HOME; no machine config from this computer leaks in."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("PIXDESK_HOME", str(folder))
    machine = tmp_path / "machine.toml"
    machine.write_text("")
    monkeypatch.setenv("PIXDESK_CONFIG", str(machine))
    return folder
