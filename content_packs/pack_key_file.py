"""The pack key file written beside a certification pack (``OUT.key``). Layer: authoring.

A certification pack's challenge bodies are sealed with a fresh AES-256 pack key that
never goes inside the pack. The builder writes it beside the pack, for the publisher to
hand to the certification server only, as canonical JSON::

    {"key": "<base64 of the 32 bytes>", "key_id": "<16 hex>", "pack_id": "…", "version": N}

The file is created with mode 0600 (``os.open`` with ``O_CREAT | O_EXCL``) under a
temporary name in the same folder, and only then renamed over ``OUT.key``: an existing
key file is replaced atomically, never rewritten in place, and never readable by others
even for an instant.
"""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass
from pathlib import Path

from pixdesk import canonical
from pixdesk.errors import KeyFileError
from pixdesk.fsio import fsync_dir
from pixdesk.packs.sealing import pack_key_id

__all__ = ["PackKey", "install_key_file", "key_file_for", "read_key_file", "stage_key_file"]


@dataclass(frozen=True)
class PackKey:
    """A pack content key and the pack it seals. ``repr`` never shows the key."""

    pack_id: str
    version: int
    key: bytes

    @property
    def key_id(self) -> str:
        return pack_key_id(self.key)

    def __repr__(self) -> str:
        return f"PackKey(pack_id={self.pack_id!r}, version={self.version}, key_id={self.key_id!r})"


def key_file_for(out: Path) -> Path:
    """Where the key of the pack written to ``out`` goes: ``out`` + ``.key``."""
    return out.with_name(out.name + ".key")


def stage_key_file(target: Path, pack_key: PackKey) -> Path:
    """Write the key to a new 0600 file beside ``target``; return its temporary path."""
    document = {
        "pack_id": pack_key.pack_id,
        "version": pack_key.version,
        "key_id": pack_key.key_id,
        "key": base64.b64encode(pack_key.key).decode("ascii"),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(canonical.dumps(document))
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    return staged


def install_key_file(staged: Path, target: Path) -> None:
    """Rename a staged key file over ``target`` (atomic), then make the rename durable."""
    os.replace(staged, target)
    fsync_dir(target.parent)


def read_key_file(path: Path) -> PackKey:
    """Read a pack key file back, checking that its key matches its key id.

    Raises:
        KeyFileError: missing, malformed, or a key that does not match ``key_id``.
    """
    try:
        document = canonical.loads_strict(path.read_bytes())
    except FileNotFoundError:
        raise KeyFileError("key.missing", "pack key file not found", str(path)) from None
    except canonical.CanonicalError as exc:
        raise KeyFileError("key.malformed", f"pack key file is not JSON: {exc}", str(path)) from None
    if not isinstance(document, dict) or set(document) != {"pack_id", "version", "key_id", "key"}:
        raise KeyFileError("key.malformed", "expected exactly pack_id, version, key_id and key", str(path))
    try:
        key = base64.b64decode(str(document["key"]), validate=True)
    except (binascii.Error, ValueError):
        raise KeyFileError("key.malformed", "the key is not base64", str(path)) from None
    if len(key) != 32 or pack_key_id(key) != document["key_id"]:
        raise KeyFileError(
            "key.malformed", "the key does not match its key_id (or is not 32 bytes)", str(path)
        )
    return PackKey(str(document["pack_id"]), int(document["version"]), key)
