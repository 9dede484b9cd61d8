"""Core errors. Layer: core (no I/O).

Every failure the user can cause is a :class:`PixdeskError` with a stable ``code`` the
UI can translate, the ``path`` it concerns (file, key, member…) and an English message
for the command line and the log. ``pixdesk`` never returns translated text.
"""

from __future__ import annotations

__all__ = ["ConfigError", "KeyFileError", "PackError", "PixdeskError", "StoreError", "TrustError"]


class PixdeskError(Exception):
    """A failure caused by input or environment, reported as one clear line.

    Attributes:
        code: stable machine-readable reason, e.g. ``pack.signature_invalid``.
        path: what the error is about (a file, a config key, a pack member), if anything.
        message: English text: what went wrong and why.
    """

    exit_code = 2

    def __init__(self, code: str, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.path = path
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ConfigError(PixdeskError):
    """A configuration file, key or value is wrong."""


class PackError(PixdeskError):
    """A content pack is malformed, tampered with, untrusted, expired or a rollback."""


class TrustError(PixdeskError):
    """A trust root or key is invalid, unknown, revoked or out of its validity."""


class KeyFileError(PixdeskError):
    """A private key file is missing, malformed or readable by others."""


class StoreError(PixdeskError):
    """The local database cannot be opened or migrated."""
