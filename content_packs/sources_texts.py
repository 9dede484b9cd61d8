"""One language version of a challenge: instruction, proposals, inputs, answers. Layer: authoring.

Which keys a language block accepts depends on the challenge format (see SOURCES.md):

* qcu, qcm: ``proposals`` and ``answer`` (1-based proposal numbers);
* qroc: ``input`` (text | number | select), ``label``, ``answer`` (accepted values),
  ``proposals`` for a select;
* qrocm-ind: ``inputs``, each with its own ``answers``;
* qrocm-dep: ``inputs`` (name, label) and ``groups`` of accepted variants.
"""

from __future__ import annotations

import re
from pathlib import Path

from content_packs.source_errors import SourceError, at
from content_packs.source_fields import Fields, as_int, as_seq, as_text
from content_packs.source_yaml import Node, Scalar, Seq
from content_packs.sources_model import INPUT_KINDS, ChallengeText, InputSpec

__all__ = ["QROC_INPUT", "TEXT_KEYS", "parse_text"]

TEXT_KEYS: dict[str, tuple[str, ...]] = {
    "qcu": ("instruction", "proposals", "answer", "explanation"),
    "qcm": ("instruction", "proposals", "answer", "explanation"),
    "qroc": ("instruction", "input", "label", "proposals", "answer", "distractors", "explanation"),
    "qrocm-ind": ("instruction", "inputs", "explanation"),
    "qrocm-dep": ("instruction", "inputs", "groups", "distractors", "explanation"),
}
QROC_INPUT = "answer"
"""The name of the single input of a qroc challenge."""

_INPUT_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_NUMBER = re.compile(r"^[-+]?[0-9]+(?:\.[0-9]+)?$")


def _proposals(fields: Fields, key: str = "proposals") -> tuple[str, ...]:
    items = fields.seq(key).items
    texts = [as_text(item, fields.file, f"proposal {n} of {fields.what}") for n, item in enumerate(items, 1)]
    if len(texts) < 2:
        raise SourceError(
            "source.value", f"{fields.label(key)} has {len(texts)}; expected at least 2", fields.where(key)
        )
    for n, text in enumerate(texts, start=1):
        if texts.index(text) + 1 != n:
            raise SourceError(
                "source.value",
                f"proposal {n} repeats proposal {texts.index(text) + 1} ({text!r});"
                " expected distinct proposals",
                at(fields.file, items[n - 1].line),
            )
    return tuple(texts)


def _index(node: Node, fields: Fields, count: int) -> int:
    number = as_int(node, fields.file, f"the answer of {fields.what}")
    if not 1 <= number <= count:
        raise SourceError(
            "source.answer",
            f"answer {number} is not a proposal number: there are {count} proposals, expected 1 to {count}",
            at(fields.file, node.line),
        )
    return number


def _choice_answer(fields: Fields, format_: str, count: int) -> tuple[int, ...]:
    node = fields.node("answer")
    if format_ == "qcu":
        return (_index(node, fields, count),)
    items = as_seq(node, fields.file, f"the answer of {fields.what} (a qcm)").items
    if not items:
        raise SourceError(
            "source.answer", "a qcm answer lists no proposal; expected at least one", fields.where("answer")
        )
    numbers = [_index(item, fields, count) for item in items]
    if len(set(numbers)) != len(numbers):
        raise SourceError("source.answer", "a qcm answer lists a proposal twice", fields.where("answer"))
    return tuple(sorted(numbers))


def _value(node: Node, fields: Fields, kind: str, options: tuple[str, ...], what: str) -> str:
    """One accepted value: a number is normalised ("3,5" → "3.5"); a select value must be an option."""
    if kind != "number":
        text = as_text(node, fields.file, what)
        if kind == "select" and text not in options:
            raise SourceError(
                "source.answer",
                f"{what}: {text!r} is not one of the options; expected one of {', '.join(options)}",
                at(fields.file, node.line),
            )
        return text
    if not isinstance(node, Scalar) or isinstance(node.value, bool) or node.value is None:
        raise SourceError("source.type", f"{what}: expected a number", at(fields.file, node.line))
    text = node.text.strip().replace(",", ".")
    if not _NUMBER.match(text):
        raise SourceError(
            "source.answer",
            f"{what}: {node.text!r} is not a number;"
            " expected digits with an optional decimal point, e.g. 24.2",
            at(fields.file, node.line),
        )
    return text


def _values(fields: Fields, key: str, kind: str, options: tuple[str, ...]) -> tuple[str, ...]:
    """Accepted values: a list, or a single value standing for a list of one."""
    node = fields.node(key)
    items = node.items if isinstance(node, Seq) else (node,)
    if not items:
        raise SourceError(
            "source.answer", f"{fields.label(key)} is empty; expected at least one value", fields.where(key)
        )
    values = [_value(item, fields, kind, options, f"accepted value of {fields.what}") for item in items]
    return tuple(dict.fromkeys(values))


def _input(fields: Fields, default_name: str | None = None) -> InputSpec:
    name = default_name or fields.text("name")
    if not _INPUT_NAME.match(name):
        raise SourceError(
            "source.value",
            f"input name {name!r}; expected a lowercase letter then lowercase letters, digits or '_'",
            fields.where("name"),
        )
    kind = fields.choice("input", INPUT_KINDS, default="text")
    options: tuple[str, ...] = ()
    option_key = "proposals" if default_name else "options"
    if kind == "select":
        options = _proposals(fields, option_key)
    elif fields.has(option_key):
        raise SourceError(
            "source.value", f"{option_key!r} are only used with input: select", fields.where(option_key)
        )
    answer_key = "answer" if default_name else "answers"
    label = fields.optional_text("label") if default_name else fields.text("label")
    distractors = _distractors(fields) if not default_name else ()
    return InputSpec(name, label, kind, options, _values(fields, answer_key, kind, options), distractors)


def _distractors(fields: Fields) -> tuple[str, ...]:
    """Plausible wrong answers (``distractors: [...]``): the lint checks none is accepted."""
    return tuple(
        as_text(item, fields.file, f"a distractor of {fields.what}")
        for item in fields.optional_seq("distractors")
    )


def _inputs(fields: Fields, format_: str) -> tuple[InputSpec, ...]:
    keys = (
        ("name", "label", "input", "options", "answers", "distractors")
        if format_ == "qrocm-ind"
        else ("name", "label")
    )
    specs: list[InputSpec] = []
    for n, item in enumerate(fields.seq("inputs").items, start=1):
        sub = Fields(item, fields.file, f"input {n} of {fields.what}", keys)
        if format_ == "qrocm-ind":
            spec = _input(sub)
        else:
            spec = InputSpec(sub.text("name"), sub.text("label"), "text", (), ())
            if not _INPUT_NAME.match(spec.name):
                raise SourceError(
                    "source.value", f"input name {spec.name!r} is not a plain name", sub.where("name")
                )
        if any(s.name == spec.name for s in specs):
            raise SourceError(
                "source.duplicate", f"input name {spec.name!r} is used twice", sub.where("name")
            )
        specs.append(spec)
    least = 2 if format_ == "qrocm-dep" else 1
    if len(specs) < least:
        raise SourceError(
            "source.value",
            f"a {format_} has {len(specs)} inputs; expected at least {least}",
            fields.where("inputs"),
        )
    return tuple(specs)


def _groups(fields: Fields, inputs: int) -> tuple[tuple[str, ...], ...]:
    groups: list[tuple[str, ...]] = []
    for n, item in enumerate(fields.seq("groups").items, start=1):
        variants = item.items if isinstance(item, Seq) else (item,)
        texts = [as_text(v, fields.file, f"a variant of group {n} of {fields.what}") for v in variants]
        if not texts:
            raise SourceError(
                "source.answer", f"group {n} is empty; expected accepted variants", at(fields.file, item.line)
            )
        groups.append(tuple(dict.fromkeys(texts)))
    if len(groups) < inputs:
        raise SourceError(
            "source.answer",
            f"{len(groups)} solution group{'s' if len(groups) != 1 else ''} for {inputs} inputs;"
            " expected at least one group per input",
            fields.where("groups"),
        )
    return tuple(groups)


def parse_text(node: Node, file: Path, format_: str, lang: str, what: str, where: str) -> ChallengeText:
    """Read the ``lang`` block of ``what`` (a challenge of format ``format_``) written at ``where``."""
    fields = Fields(node, file, f"the {lang} version of {what}", TEXT_KEYS[format_])
    instruction = fields.text("instruction")
    proposals: tuple[str, ...] = ()
    answer: tuple[int, ...] = ()
    inputs: tuple[InputSpec, ...] = ()
    groups: tuple[tuple[str, ...], ...] = ()
    if format_ in ("qcu", "qcm"):
        proposals = _proposals(fields)
        answer = _choice_answer(fields, format_, len(proposals))
    elif format_ == "qroc":
        inputs = (_input(fields, default_name=QROC_INPUT),)
    else:
        inputs = _inputs(fields, format_)
        if format_ == "qrocm-dep":
            groups = _groups(fields, len(inputs))
    return ChallengeText(
        lang=lang,
        instruction=instruction,
        proposals=proposals,
        answer=answer,
        inputs=inputs,
        groups=groups,
        explanation=fields.optional_text("explanation"),
        where=where,
        distractors=_distractors(fields) if format_ in ("qroc", "qrocm-dep") else (),
    )
