"""Logging to a rotating file in the data dir. Layer: core.

Secrets never reach the log: keys are only ever logged by id, and passwords or pack
content keys are not passed to loggers anywhere in PixDesk.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

__all__ = ["setup_logging"]

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(logs_dir: Path, level: str = "info", verbose: bool = False) -> Path:
    """Log to ``logs_dir/pixdesk.log`` (5 x 1 MB), and to stderr when ``verbose``."""
    logs_dir.mkdir(parents=True, exist_ok=True)
    path = logs_dir / "pixdesk.log"
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()
    file_handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    file_handler.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(file_handler)
    root.setLevel(logging.DEBUG if verbose else getattr(logging, level.upper()))
    if verbose:
        console = logging.StreamHandler()
        console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        root.addHandler(console)
    return path
