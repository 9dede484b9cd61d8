"""Random identifiers for rows this machine creates (attempts, learners). Layer: core."""

from __future__ import annotations

import os

__all__ = ["new_id"]


def new_id() -> str:
    """128 random bits as 32 hex digits (the shape of ``uuid4().hex``, without importing uuid,
    which costs the app's start-up the ``platform`` module)."""
    return os.urandom(16).hex()
