"""What every command needs: settings and logging. Layer: entry point."""

from __future__ import annotations

import argparse

from pixdesk.config import Settings, load_settings
from pixdesk.logsetup import setup_logging

__all__ = ["settings_for"]


def settings_for(args: argparse.Namespace) -> Settings:
    """Load the settings and start logging into the data dir."""
    settings = load_settings()
    setup_logging(settings.logs_dir, settings["log_level"], getattr(args, "verbose", False))
    return settings
