"""End-to-end fixtures: a folder on a RAM disk for machines that fill big outboxes."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture
def ram_dir() -> Iterator[Path]:
    """A folder on /dev/shm when there is one (thousands of durable commits stay fast)."""
    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(prefix="pixdesk-e2e-", dir=shm if shm.is_dir() else None))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)
