"""This machine's device key: generated on first use, owner-readable only. Layer: core.

The device key signs every attempt event and every result bundle; the certification
server binds its public half to a centre at enrollment. The key id is the device id.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pixdesk.filelock import exclusive_lock
from pixdesk.signing import SigningKey, generate_key, load_private_key, save_private_key

__all__ = ["DEVICE_KEY_NAME", "load_or_create_device_key"]

DEVICE_KEY_NAME = "device.key"
log = logging.getLogger(__name__)


def load_or_create_device_key(keys_dir: Path) -> SigningKey:
    """The device key in ``keys_dir``, created (mode 0600) the first time.

    Raises:
        KeyFileError: the key file exists but is unreadable, malformed or readable by others.
    """
    path = keys_dir / DEVICE_KEY_NAME
    keys_dir.mkdir(parents=True, exist_ok=True)
    keys_dir.chmod(0o700)
    with exclusive_lock(keys_dir / ".device.lock"):
        if not path.exists():
            key = generate_key()
            save_private_key(key, path)
            log.info("created device key %s", key.key_id)
            return key
    return load_private_key(path)
