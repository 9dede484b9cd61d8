"""The stored body of a challenge in one language (``challenge_texts.body``). Layer: authoring.

The body is canonical JSON (pixdesk.canonical: UTF-8, sorted keys, no spaces) of one
object with exactly these keys; the answer engine reads it (SOURCES.md, "Stored body"):

``instruction``  Markdown text.
``proposals``    qcu and qcm: the choices in display order (answers refer to them by
                 1-based number); other formats: ``[]``.
``inputs``       qcu and qcm: ``[]``; qroc: one input named ``answer``; qrocm-ind and
                 qrocm-dep: one per field. Each is ``{"name", "label", "input",
                 "options"}`` with ``input`` text | number | select and ``options`` the
                 choices of a select (``[]`` otherwise).
``solutions``    qcu: ``[n]``; qcm: the sorted numbers ``[n, …]``; qroc and qrocm-ind: an
                 object ``{input name: [accepted values…]}``; qrocm-dep: a list of
                 groups ``[[accepted variants…], …]``, each group to be used once.
                 Numbers are written as text (``"24.2"``, decimal point), since signed
                 JSON carries no floats.
``explanation``  Markdown text shown after the answer, or ``""``.
``media``        ids of the challenge's media (``media.id``) in the order listed.

and, only when the author asked for it, ``"shuffled": false``: the proposals are shown in
the written order (labels that follow an order, "Icon A … D"), not shuffled per attempt.
Written only then, so the bodies of every other challenge (and their hashes) are unchanged.
"""

from __future__ import annotations

from content_packs.sources_model import Challenge, ChallengeText
from pixdesk import canonical

__all__ = ["body_of", "encode_body"]


def _solutions(format_: str, text: ChallengeText) -> object:
    if format_ in ("qcu", "qcm"):
        return list(text.answer)
    if format_ == "qrocm-dep":
        return [list(group) for group in text.groups]
    return {spec.name: list(spec.answers) for spec in text.inputs}


def body_of(challenge: Challenge, lang: str) -> dict[str, object]:
    """The normalised body of ``challenge`` in ``lang``, as a JSON-ready dict."""
    text = challenge.texts[lang]
    body: dict[str, object] = {
        "instruction": text.instruction,
        "proposals": list(text.proposals),
        "inputs": [
            {"name": spec.name, "label": spec.label, "input": spec.input, "options": list(spec.options)}
            for spec in text.inputs
        ],
        "solutions": _solutions(challenge.format, text),
        "explanation": text.explanation,
        "media": [ref.media_id for ref in challenge.media],
    }
    if not challenge.shuffle:
        body["shuffled"] = False
    return body


def encode_body(challenge: Challenge, lang: str) -> bytes:
    """The body bytes stored in a practice pack (sealed in a certification pack)."""
    return canonical.dumps(body_of(challenge, lang))
