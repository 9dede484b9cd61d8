"""Canonical JSON: the exact bytes every signature covers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pixdesk.canonical import CanonicalError, dumps, loads_canonical, loads_strict

# JSON-like values without floats: what signed documents may carry.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(), children, max_size=5),
    max_leaves=25,
)


def test_keys_are_sorted_and_there_is_no_whitespace() -> None:
    value = {"b": 1, "a": [1, 2, {"d": None, "c": True}], "c": {"y": False, "x": "s p a c e"}}

    assert dumps(value) == b'{"a":[1,2,{"c":true,"d":null}],"b":1,"c":{"x":"s p a c e","y":false}}'


def test_keys_are_sorted_by_code_point() -> None:
    # "Z" (U+005A) < "a" (U+0061) < "z" (U+007A) < "é" (U+00E9) < "€" (U+20AC)
    value = {"€": 5, "é": 4, "z": 3, "a": 2, "Z": 1}

    assert dumps(value) == '{"Z":1,"a":2,"z":3,"é":4,"€":5}'.encode()


@pytest.mark.parametrize("text", ["Élève", "naïve café", "✓ 日本語", "emoji 😀"])
def test_non_ascii_is_written_as_utf8_not_escaped(text: str) -> None:
    data = dumps({"name": text})

    assert data == ('{"name":"' + text + '"}').encode("utf-8")
    assert b"\\u" not in data
    assert loads_canonical(data) == {"name": text}


def test_tuples_are_written_as_arrays() -> None:
    assert dumps({"a": (1, "x")}) == b'{"a":[1,"x"]}'


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (1.5, "floats are not allowed"),
        ({"a": [0.0]}, "$.a[0]: floats are not allowed"),
        (float("nan"), "floats are not allowed"),
        (float("inf"), "floats are not allowed"),
        ({1: "a"}, "object keys must be strings"),
        ({"a": b"bytes"}, "bytes is not a JSON type"),
        ({"a": {1, 2}}, "set is not a JSON type"),
        ("\ud800", "lone surrogate"),
        ({"\udc00": 1}, "lone surrogate"),
    ],
)
def test_dumps_refuses_what_is_not_canonical_json(value: Any, message: str) -> None:
    with pytest.raises(CanonicalError, match=message.replace("$", r"\$").replace("[", r"\[")):
        dumps(value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"a":1,"a":2}', "duplicate key 'a'"),
        (b'{"x":{"b":1,"b":1}}', "duplicate key 'b'"),
        (b"NaN", "NaN is not valid JSON"),
        (b"[Infinity]", "Infinity is not valid JSON"),
        (b'{"a":-Infinity}', "-Infinity is not valid JSON"),
        (b'"\xff"', "not UTF-8 at byte 1"),
        (b'{"a":"\xc3"}', "not UTF-8"),
        (b"\xef\xbb\xbf{}", "BOM"),
        (b"{", "invalid JSON"),
        (b"", "invalid JSON"),
        (b"[1,]", "invalid JSON"),
        (b"1" * 5000, "invalid JSON"),  # over Python's 4300-digit integer limit
        (b"[" * 100_000 + b"]" * 100_000, "invalid JSON"),  # nesting too deep
    ],
)
def test_loads_strict_refuses_bad_bytes(data: bytes, message: str) -> None:
    with pytest.raises(CanonicalError, match=message):
        loads_strict(data)
    with pytest.raises(CanonicalError):
        loads_canonical(data)


def test_loads_strict_accepts_valid_but_not_canonical_json() -> None:
    assert loads_strict(b'{ "b": 1,\n  "a": [1.5, "\\u00e9"] }') == {"b": 1, "a": [1.5, "é"]}


@pytest.mark.parametrize(
    "data",
    [
        b'{"a": 1}',  # space after colon
        b'{"a":1, "b":2}',  # space after comma
        b' {"a":1}',  # leading space
        b'{"a":1}\n',  # trailing newline
        b'{"b":1,"a":2}',  # key order
        b'"\\u00e9"',  # escaped é instead of the character itself
        b'"\\/"',  # needless escape
        b'"\\ud800"',  # lone surrogate
        b"-0",
        b"1E2",
        b"1.0",  # a float, even a whole one
        b"[1, 2]",
    ],
)
def test_loads_canonical_refuses_non_canonical_bytes(data: bytes) -> None:
    with pytest.raises(CanonicalError):
        loads_canonical(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"a":1,"a":1}', "duplicate key 'a'"),  # the fast path's re-encoding has one key
        (b'{"a":[1.5]}', "floats are not allowed"),
        (b"NaN", "NaN is not valid JSON"),
        (b'"\\ud800"', "lone surrogate"),
        (b"\xff", "not UTF-8"),
        (b"", "invalid JSON"),
    ],
)
def test_loads_canonical_says_what_is_wrong(data: bytes, message: str) -> None:
    with pytest.raises(CanonicalError, match=message):
        loads_canonical(data)


@pytest.mark.parametrize(
    ("data", "value"),
    [
        (b'{"a":1,"b":[true,false,null]}', {"a": 1, "b": [True, False, None]}),
        ('{"é":"€"}'.encode(), {"é": "€"}),
        (b'"line\\nbreak \\"quoted\\""', 'line\nbreak "quoted"'),
        (b"-12345678901234567890", -12345678901234567890),
        (b"[]", []),
        (b"{}", {}),
    ],
)
def test_loads_canonical_accepts_canonical_bytes(data: bytes, value: Any) -> None:
    assert loads_canonical(data) == value


@settings(max_examples=100, deadline=None)
@given(json_values)
def test_round_trip_and_stability(value: Any) -> None:
    data = dumps(value)

    assert loads_canonical(data) == value
    assert loads_strict(data) == value
    assert dumps(loads_canonical(data)) == data  # idempotent: encoding the decoded value changes nothing


@settings(max_examples=60, deadline=None)
@given(json_values)
def test_any_other_spelling_of_the_same_value_is_refused(value: Any) -> None:
    pretty = json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False).encode()
    assume(pretty != dumps(value))

    assert loads_strict(pretty) == value
    with pytest.raises(CanonicalError):
        loads_canonical(pretty)


class _Label(str):
    """A str subclass: unusual, but JSON text all the same."""


def test_unusual_but_valid_values_are_written_like_plain_ones() -> None:
    assert dumps({"a": _Label("x"), "b": [True, None, -3, ("é",)]}) == dumps(
        {"a": "x", "b": [True, None, -3, ["é"]]}
    )


@pytest.mark.parametrize("value", [{"a": [{"b": 0.5}]}, [[["\udfff"]]], {"k": {"x": {("t",): 1}}}])
def test_a_problem_deep_inside_is_named_where_it_is(value: Any) -> None:
    with pytest.raises(CanonicalError, match=r"^\$"):
        dumps(value)


def test_deep_nesting_is_refused_cleanly() -> None:
    deep: Any = 1
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(CanonicalError, match="nested too deeply"):
        dumps(deep)
