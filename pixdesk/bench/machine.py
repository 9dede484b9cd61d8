"""A throw-away PixDesk machine for benchmarks: a fresh home with one pack imported. Layer: bench."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from pixdesk.bench.demo_sized_pack import DemoSizedPack
from pixdesk.config import Settings, load_settings
from pixdesk.errors import PixdeskError
from pixdesk.services.packs import PackService

__all__ = ["machine_env", "prepared_machine", "remove_tree"]


def machine_env(work: Path) -> dict[str, str]:
    """The environment variables that point PixDesk at the machine of :func:`prepared_machine`."""
    return {"PIXDESK_HOME": str(work / "home"), "PIXDESK_CONFIG": str(work / "machine.toml")}


def prepared_machine(work: Path, pack: DemoSizedPack) -> Settings:
    """A fresh PIXDESK_HOME in ``work`` trusting only the pack's root, with the pack imported."""
    home = work / "home"
    home.mkdir()
    (home / "config.toml").write_text(
        f"trusted_roots = [{json.dumps(str(pack.root_path))}]\ntrust_demo_publisher = false\n"
    )
    (work / "machine.toml").write_text("")  # no machine-wide config from this computer leaks in
    settings = load_settings(machine_env(work))
    results = PackService(settings).import_path(pack.path)
    if len(results) != 1 or results[0].outcome is None:
        error = results[0].error if results else None
        raise PixdeskError(
            "bench.import_failed", f"the benchmark pack was not imported: {error}", str(pack.path)
        )
    return settings


def remove_tree(path: Path, bench: str) -> None:
    """Delete ``path`` although installed pack folders are read-only."""
    if not path.exists():
        return
    for folder, _dirs, _files in os.walk(path):
        os.chmod(folder, 0o755)
    shutil.rmtree(path, ignore_errors=True)
    if path.exists():
        print(f"pixdesk bench {bench}: could not remove {path}", file=sys.stderr)
