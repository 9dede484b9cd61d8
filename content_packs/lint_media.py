"""Media checks of the content lint: alt texts and files. Layer: authoring.

The loader refuses a ``media:`` entry whose file is missing or whose alt text is
absent. Pictures and files can also be named in Markdown (instructions, proposals,
explanations, tutorial bodies), which the loader does not read and the pack does not
carry: only ``media:`` entries go into a pack, by id. So, in Markdown:

* an image without alt text (``![](…)``) is an error (``lint.alt_text``);
* an image on the network is an error (``lint.remote_media``): the app is offline;
* a local file named by an image or a link is an error: ``lint.missing_file`` when it
  does not exist, ``lint.unpacked_file`` when it does (it would still not be in the
  pack: list it under ``media:``).

And for ``media:`` entries: an empty file is an error (``lint.empty_file``); an alt
text shorter than the thresholds' ``alt_chars`` or only repeating the file name is a
warning (``lint.weak_alt_text``); a media file of the source folder that no challenge
uses is a warning (``lint.unused_file``, complete sources only).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path

from content_packs.lint_locate import Locator
from content_packs.lint_problems import Problems
from content_packs.lint_thresholds import Thresholds
from content_packs.source_errors import at
from content_packs.sources_media import MIME_TYPES
from content_packs.sources_model import MediaRef, PackSource

__all__ = ["check_media"]

_MARKDOWN_REF = re.compile(
    r"(?P<image>!?)\[(?P<text>[^\]]*)\]\(\s*<?(?P<target>[^)\s>]*)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
_SCHEME = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")


def _texts(source: PackSource, locator: Locator) -> Iterator[tuple[str, Callable[[], str], str]]:
    """Every Markdown text of the source: (what, where it is, text); ``where`` is looked up lazily."""
    for c in source.challenges:
        for lang, text in c.texts.items():
            what = f"challenge {c.id} ({lang})"
            yield what, partial(locator.challenge, c, lang, "instruction"), text.instruction
            yield what, partial(locator.challenge, c, lang, "explanation"), text.explanation
            for n, proposal in enumerate(text.proposals):
                yield what, partial(locator.challenge, c, lang, "proposals", n), proposal
    for u in source.tutorials:
        for lang, body in u.body.items():
            yield f"tutorial {u.id} ({lang})", partial(locator.tutorial, u, lang, "body"), body


def _markdown(source: PackSource, problems: Problems, locator: Locator) -> None:
    for what, locate, text in _texts(source, locator):
        for match in _MARKDOWN_REF.finditer(text):
            where = locate()
            image, target = bool(match["image"]), match["target"]
            kind = "image" if image else "link"
            if image and not match["text"].strip():
                problems.add(
                    "lint.alt_text",
                    where,
                    f"{what}: image {target!r} has no alt text; expected ![what it shows]({target})",
                )
            if target.startswith("#") or target.startswith("data:"):
                continue
            if _SCHEME.match(target):
                if image:
                    problems.add(
                        "lint.remote_media",
                        where,
                        f"{what}: image {target!r} is on the network and the app works offline;"
                        " expected a file of the source listed under media:",
                    )
                continue
            local = source.root / re.split(r"[?#]", target, maxsplit=1)[0]
            if target and local.is_file():
                problems.add(
                    "lint.unpacked_file",
                    where,
                    f"{what}: the {kind} names {target!r}, which does not go into the pack;"
                    " expected it listed under the challenge's media: (Markdown cannot show source files)",
                )
            else:
                problems.add(
                    "lint.missing_file",
                    where,
                    f"{what}: the {kind} names {target!r}, which does not exist (looked for {local})",
                )


def _weak_alt(ref: MediaRef, alt: str, t: Thresholds) -> bool:
    bare = alt.strip().rstrip(".").casefold()
    return len(alt.strip()) < t.alt_chars or bare in (
        ref.filename.casefold(),
        Path(ref.filename).stem.casefold(),
    )


def _media_refs(source: PackSource, t: Thresholds, problems: Problems) -> None:
    done: set[str] = set()
    for challenge in source.challenges:
        for ref in challenge.media:
            for lang, alt in ref.alt.items():
                if _weak_alt(ref, alt, t):
                    problems.add(
                        "lint.weak_alt_text",
                        ref.where,
                        f"challenge {challenge.id}: the {lang} alt text of {ref.filename!r} is {alt!r};"
                        f" expected at least {t.alt_chars} characters saying what it shows or holds",
                    )
            if ref.media_id not in done and ref.path.is_file() and ref.path.stat().st_size == 0:
                problems.add(
                    "lint.empty_file",
                    ref.where,
                    f"media file {ref.filename!r} is empty; expected its content",
                )
            done.add(ref.media_id)


def _unused(source: PackSource, problems: Problems) -> None:
    used = {ref.path for c in source.challenges for ref in c.media}
    for path in sorted(source.root.rglob("*")):
        hidden = any(part.startswith(".") for part in path.relative_to(source.root).parts)
        if hidden or path.suffix.lower() not in MIME_TYPES or not path.is_file():
            continue
        if path.resolve() not in used:
            problems.add(
                "lint.unused_file",
                at(path, 1),
                "no challenge uses this file; expected it under a challenge's media: (or removed)",
            )


def check_media(
    source: PackSource, t: Thresholds, partial: bool, problems: Problems, locator: Locator
) -> None:
    """Run the checks of the module docstring on ``source``."""
    _markdown(source, problems, locator)
    _media_refs(source, t, problems)
    if not partial:
        _unused(source, problems)
