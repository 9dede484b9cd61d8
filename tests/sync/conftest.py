"""Fixtures of the sync client's tests: a world of machines and a fake server (sync_machines.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import build_demo_packs, make_trust
from sync_fake_server import FakeServer
from sync_machines import FakeClock, World


@pytest.fixture
def world(tmp_path: Path, home: Path) -> Iterator[World]:
    trust, _settings = make_trust(tmp_path / "trust", home)
    packs = build_demo_packs(tmp_path / "packs", trust.practice, trust.certification)
    (tmp_path / "machine.toml").write_text("")
    clock = FakeClock()
    world = World(tmp_path, trust, packs, clock, FakeServer(clock))
    yield world
    for machine in world.machines:
        for service in machine.services:
            service.close()
