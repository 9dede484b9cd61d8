"""Learner secrets: scrypt hash strings, verification, malformed strings, PIN and password rules."""

from __future__ import annotations

import base64

import pytest

from pixdesk.passwords import (
    SecretHashError,
    hash_secret,
    is_valid_password,
    is_valid_pin,
    needs_rehash,
    verify_secret,
)


def test_a_hash_is_self_describing_salted_and_verifies_only_its_secret() -> None:
    stored = hash_secret("2468")
    scheme, n, r, p, salt, key = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert len(base64.b64decode(salt)) == 16 and len(base64.b64decode(key)) == 32
    assert "2468" not in stored
    assert verify_secret("2468", stored)
    assert not verify_secret("2469", stored)
    assert not verify_secret("", stored)
    assert hash_secret("2468") != stored, "a fresh salt every time"
    assert not needs_rehash(stored)


def test_passwords_are_compared_after_unicode_normalisation() -> None:
    stored = hash_secret("caf\u00e9 au lait")  # composed é
    assert verify_secret("cafe\u0301 au lait", stored)  # e + combining acute accent
    assert not verify_secret("cafe au lait", stored)


def test_weaker_stored_parameters_still_verify_and_ask_for_a_rehash() -> None:
    import hashlib

    salt = b"0123456789abcdef"
    key = hashlib.scrypt(b"hunter22", salt=salt, n=2**10, r=8, p=1, dklen=32)
    stored = f"scrypt$1024$8$1${base64.b64encode(salt).decode()}${base64.b64encode(key).decode()}"
    assert verify_secret("hunter22", stored)
    assert needs_rehash(stored)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain text",
        "bcrypt$16384$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5",
        "scrypt$16384$8$1$c2FsdHNhbHRzYWx0",  # key missing
        "scrypt$abc$8$1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5",
        "scrypt$16383$8$1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5",  # n not 2^k
        "scrypt$1073741824$8$1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5",  # n absurd
        "scrypt$16384$0$1$c2FsdHNhbHRzYWx0c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5",
        "scrypt$16384$8$1$not base64!$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5",
        "scrypt$16384$8$1$c2FsdA==$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5",  # salt too short
    ],
)
def test_a_malformed_stored_string_is_refused_clearly(stored: str) -> None:
    with pytest.raises(SecretHashError) as caught:
        verify_secret("1234", stored)
    assert caught.value.code == "secret.bad_hash"
    assert "malformed" in str(caught.value)


@pytest.mark.parametrize(
    ("pin", "valid"),
    [
        ("1234", True),
        ("000000", True),
        ("12345", True),
        ("123", False),
        ("1234567", False),
        ("12a4", False),
        (" 1234", False),
        ("1234\n", False),
        ("١٢٣٤", False),  # Arabic-Indic digits are digits, but not ASCII ones
        ("", False),
    ],
)
def test_a_pin_is_four_to_six_ascii_digits(pin: str, valid: bool) -> None:
    assert is_valid_pin(pin) is valid


@pytest.mark.parametrize(
    ("password", "valid"),
    [
        ("correct horse", True),
        ("12345678", True),
        ("élève-2024", True),
        ("short", False),
        ("seven77", False),
        (" " * 12, False),
        ("", False),
    ],
)
def test_a_password_has_at_least_eight_characters_not_only_spaces(password: str, valid: bool) -> None:
    assert is_valid_password(password) is valid
