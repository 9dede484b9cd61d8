"""Canonical JSON, the byte form of every signed document. Layer: core (pure).

Rules (also in docs/signing.md):

* UTF-8, no byte-order mark; non-ASCII characters are written as themselves.
* Object keys sorted by their Unicode code points; no duplicate keys.
* No insignificant whitespace: separators are ``,`` and ``:``.
* Only strings, integers, booleans, null, arrays and objects. Floats are refused:
  their text form is not portable; signed documents carry integers or strings.
* Strings are NFC-normalised by the writer of the document; this module does not
  change them, so the signature covers exactly what was written.

:func:`loads_canonical` accepts a byte string only if re-encoding it gives the very
same bytes, so two different byte strings never verify as the same document.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["CanonicalError", "dumps", "loads_canonical", "loads_fast", "loads_strict"]


class CanonicalError(ValueError):
    """The bytes are not a canonical JSON document."""


def _check_text(text: str, where: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise CanonicalError(f"{where}: lone surrogate (\\ud800-\\udfff) is not Unicode text") from None


def _check(value: Any, where: str = "$") -> None:
    if isinstance(value, str):
        _check_text(value, where)
        return
    if isinstance(value, bool) or value is None or isinstance(value, int):
        return
    if isinstance(value, float):
        raise CanonicalError(f"{where}: floats are not allowed in signed documents")
    if isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _check(item, f"{where}[{i}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise CanonicalError(f"{where}: object keys must be strings")
            _check_text(key, f"{where} key")
            _check(item, f"{where}.{key}")
        return
    raise CanonicalError(f"{where}: {type(value).__name__} is not a JSON type")


def _plain(value: Any) -> bool:
    """Whether ``value`` is made of plain JSON values only (exact types; strings that are
    Unicode text). Fast — no paths are built: every signed document goes through it. False
    also for what is merely unusual (a str subclass): :func:`_check` then decides, and names
    the problem if there is one."""
    kind = type(value)
    if kind is str:
        return value.isascii() or _encodes(value)
    if kind is int or kind is bool or value is None:
        return True
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str or not (key.isascii() or _encodes(key)) or not _plain(item):
                return False
        return True
    if kind is list or kind is tuple:
        return all(map(_plain, value))
    return False


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def dumps(value: Any) -> bytes:
    """Encode ``value`` as canonical JSON bytes."""
    try:
        if not _plain(value):
            _check(value)  # raises CanonicalError saying what and where
    except RecursionError:
        raise CanonicalError("nested too deeply") from None
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise CanonicalError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise CanonicalError(f"{name} is not valid JSON")


def loads_strict(data: bytes) -> Any:
    """Parse JSON bytes, refusing duplicate keys, NaN/Infinity and invalid UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CanonicalError(f"not UTF-8 at byte {exc.start}") from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except CanonicalError:
        raise
    except json.JSONDecodeError as exc:
        raise CanonicalError(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:  # an integer over 4300 digits; nesting too deep
        raise CanonicalError(f"invalid JSON: {exc}") from None


def _no_floats(text: str) -> Any:
    raise CanonicalError(f"{text}: floats are not allowed in signed documents")


def loads_fast(data: bytes) -> Any:
    """Parse JSON bytes with the C parser, refusing floats and NaN/Infinity — not checking
    that they are canonical (for a first look at signed bytes; see :func:`loads_canonical`)."""
    try:
        return json.loads(data.decode("utf-8"), parse_float=_no_floats, parse_constant=_no_constants)
    except CanonicalError:
        raise
    except UnicodeDecodeError as exc:
        raise CanonicalError(f"not UTF-8 at byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise CanonicalError(f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except (ValueError, RecursionError) as exc:
        raise CanonicalError(f"invalid JSON: {exc}") from None


def loads_canonical(data: bytes) -> Any:
    """Parse bytes that must already be in canonical form.

    Fast path (every signed document a server or sync client reads goes through here): the
    C parser, refusing floats and NaN/Infinity as it meets them, then one re-encoding
    compared byte for byte — which also refuses duplicate keys (the re-encoding has one)
    and lone surrogates (they do not encode). Only a refused document is parsed again,
    strictly, to say exactly what is wrong.
    """
    try:
        value = json.loads(data.decode("utf-8"), parse_float=_no_floats, parse_constant=_no_constants)
        again = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    except CanonicalError:
        raise
    except (ValueError, RecursionError):  # not UTF-8, not JSON, a lone surrogate, too deep: say which
        again = None
    if again != data:
        dumps(loads_strict(data))  # raises CanonicalError naming the problem, if it has one
        raise CanonicalError("not in canonical form (key order, spacing or escaping differ)")
    return value
