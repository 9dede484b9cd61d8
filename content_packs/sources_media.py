"""Media files of challenges: illustrations and attachments. Layer: authoring.

A media entry names a file relative to the pack source folder (the folder of
pack.yaml), which must stay inside that folder. Its id is the first 16 hex digits of
the SHA-256 of its bytes, so the same file used by two challenges is stored once; its
MIME type comes from the file extension.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from content_packs.source_errors import SourceError
from content_packs.source_fields import Fields
from content_packs.source_yaml import Node
from content_packs.sources_model import MEDIA_ROLES, MediaRef

__all__ = ["IMAGE_EXTENSIONS", "MIME_TYPES", "parse_media"]

MIME_TYPES = {
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".html": "text/html",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".pdf": "application/pdf",
}
IMAGE_EXTENSIONS = frozenset({".png", ".svg", ".jpg", ".jpeg"})


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def parse_media(node: Node, file: Path, root: Path, languages: Sequence[str], what: str) -> MediaRef:
    """Read one ``{file, role, alt}`` entry of ``what`` (a challenge) and hash its file.

    Raises:
        SourceError: ``source.media`` when the file does not exist, leaves the source
            folder, has an unsupported extension, or is not an image but used as an
            illustration; type and key errors as usual.
    """
    fields = Fields(node, file, f"a media entry of {what}", ("file", "role", "alt"))
    name = fields.text("file")
    role = fields.choice("role", MEDIA_ROLES, default="illustration")
    alt = fields.localized("alt", languages)
    where = fields.where("file")
    path = (root / name).resolve()
    if not path.is_relative_to(root.resolve()):
        raise SourceError(
            "source.media", f"media file {name!r} is outside the pack source folder {root}", where
        )
    if not path.is_file():
        raise SourceError(
            "source.media",
            f"media file {name!r} does not exist (looked for {root / name});"
            f" expected a path relative to {root}",
            where,
        )
    extension = path.suffix.lower()
    if extension not in MIME_TYPES:
        raise SourceError(
            "source.media",
            f"media file {name!r} has an unsupported type; expected one of {', '.join(sorted(MIME_TYPES))}",
            where,
        )
    if role == "illustration" and extension not in IMAGE_EXTENSIONS:
        raise SourceError(
            "source.media",
            f"media file {name!r} is not an image; an illustration must be one of"
            f" {', '.join(sorted(IMAGE_EXTENSIONS))} (use role: attachment for other files)",
            where,
        )
    try:
        sha256 = _sha256(path)
    except OSError as exc:
        raise SourceError(
            "source.media", f"media file {name!r} cannot be read: {exc.strerror}", where
        ) from None
    return MediaRef(
        path=path,
        filename=path.name,
        mime=MIME_TYPES[extension],
        role=role,
        alt=alt,
        sha256=sha256,
        where=where,
    )
