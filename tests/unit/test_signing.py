"""Ed25519 signatures, key ids, private key files and ``pixdesk keys new``."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from factories import run_pixdesk

from pixdesk.errors import KeyFileError, TrustError
from pixdesk.signing import (
    SigningKey,
    generate_key,
    key_id_of,
    load_private_key,
    public_key_from_b64,
    save_private_key,
)


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return generate_key()


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """A umask that would leave new files world-readable: the key file must be 0600 anyway."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.parametrize("message", [b"", b"hello", bytes(range(256)) * 100])
def test_sign_verify_round_trip(key: SigningKey, message: bytes) -> None:
    signature = key.sign("pixdesk-test-v1", message)

    assert len(signature) == 64
    assert key.public.verify("pixdesk-test-v1", message, signature)


def test_a_signature_is_bound_to_its_context(key: SigningKey) -> None:
    signature = key.sign("pixdesk-pack-manifest-v1", b"document")

    assert key.public.verify("pixdesk-pack-manifest-v1", b"document", signature)
    assert not key.public.verify("pixdesk-trust-root-v1", b"document", signature)
    assert not key.public.verify("pixdesk-pack-manifest-v2", b"document", signature)


def test_a_bare_ed25519_signature_of_the_message_does_not_verify(key: SigningKey) -> None:
    bare = key._private.sign(b"document")  # what a signer ignoring the context would produce

    assert not key.public.verify("pixdesk-test-v1", b"document", bare)


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


@pytest.mark.parametrize("index", [0, 5, -1])
def test_a_tampered_message_fails(key: SigningKey, index: int) -> None:
    message = b"score=12;level=3"
    signature = key.sign("ctx", message)

    assert not key.public.verify("ctx", _flip(message, index % len(message)), signature)


@pytest.mark.parametrize(
    "mangle",
    [
        lambda s: _flip(s, 0),
        lambda s: _flip(s, 63),
        lambda s: s[:63],
        lambda s: s + b"\0",
        lambda s: b"",
        lambda s: bytes(64),
    ],
    ids=["first-byte", "last-byte", "truncated", "extended", "empty", "zeros"],
)
def test_a_tampered_signature_fails_without_raising(
    key: SigningKey, mangle: Callable[[bytes], bytes]
) -> None:
    signature = key.sign("ctx", b"message")

    assert not key.public.verify("ctx", b"message", mangle(signature))


def test_another_key_does_not_verify(key: SigningKey) -> None:
    signature = key.sign("ctx", b"message")

    assert not generate_key().public.verify("ctx", b"message", signature)


def test_key_id_is_first_16_hex_of_sha256_of_the_raw_public_key(key: SigningKey) -> None:
    raw = key._private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    assert len(raw) == 32
    assert key.public.raw == raw
    assert key.key_id == hashlib.sha256(raw).hexdigest()[:16]
    assert key_id_of(raw) == key.key_id
    assert re.fullmatch(r"[0-9a-f]{16}", key.key_id)


def test_public_key_base64_round_trip(key: SigningKey) -> None:
    decoded = public_key_from_b64(key.public.b64, "here")

    assert decoded == key.public
    assert base64.b64decode(key.public.b64) == key.public.raw


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not base64!", "not valid base64"),
        ("QUJD", "3 bytes, expected 32"),
        (base64.b64encode(bytes(33)).decode(), "33 bytes, expected 32"),
        ("", "0 bytes, expected 32"),
    ],
)
def test_bad_public_keys_are_refused(text: str, message: str) -> None:
    with pytest.raises(TrustError, match=message) as info:
        public_key_from_b64(text, "root.json: root_keys[0]")

    assert info.value.code == "trust.bad_key"
    assert info.value.path == "root.json: root_keys[0]"


def test_repr_shows_the_key_id_only(key: SigningKey) -> None:
    assert repr(key) == f"SigningKey(key_id={key.key_id!r})"


# --- key files ---------------------------------------------------------------------------------


def test_saved_key_is_mode_0600_and_loads_back(
    key: SigningKey, tmp_path: Path, permissive_umask: None
) -> None:
    path = tmp_path / "keys" / "device.pem"

    save_private_key(key, path)

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    loaded = load_private_key(path)
    assert loaded.key_id == key.key_id
    assert key.public.verify("ctx", b"m", loaded.sign("ctx", b"m"))


def test_saving_refuses_to_overwrite(key: SigningKey, tmp_path: Path) -> None:
    path = tmp_path / "device.pem"
    save_private_key(key, path)
    before = path.read_bytes()

    with pytest.raises(KeyFileError) as info:
        save_private_key(generate_key(), path)

    assert info.value.code == "key.exists"
    assert str(path) in str(info.value)
    assert path.read_bytes() == before


@pytest.mark.parametrize("mode", [0o640, 0o644, 0o604, 0o660, 0o601, 0o610])
def test_loading_refuses_a_key_others_can_access(key: SigningKey, tmp_path: Path, mode: int) -> None:
    path = tmp_path / "device.pem"
    save_private_key(key, path)
    os.chmod(path, mode)

    with pytest.raises(KeyFileError) as info:
        load_private_key(path)

    assert info.value.code == "key.permissions"
    assert f"chmod 600 {path}" in str(info.value)
    assert f"mode {mode:04o}" in str(info.value)


@pytest.mark.parametrize("mode", [0o400, 0o600, 0o700])
def test_loading_accepts_owner_only_modes(key: SigningKey, tmp_path: Path, mode: int) -> None:
    path = tmp_path / "device.pem"
    save_private_key(key, path)
    os.chmod(path, mode)

    assert load_private_key(path).key_id == key.key_id


def test_loading_a_missing_key(tmp_path: Path) -> None:
    with pytest.raises(KeyFileError) as info:
        load_private_key(tmp_path / "absent.pem")

    assert info.value.code == "key.missing"


def _write_0600(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    os.chmod(path, 0o600)
    return path


def _pem_of(private: PrivateKeyTypes, password: bytes | None = None) -> bytes:
    encryption = serialization.BestAvailableEncryption(password) if password else serialization.NoEncryption()
    return private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not a key at all",
        b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        b"-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI",  # truncated
    ],
    ids=["empty", "text", "bad-body", "truncated"],
)
def test_malformed_pem_is_refused(tmp_path: Path, data: bytes) -> None:
    path = _write_0600(tmp_path / "bad.pem", data)

    with pytest.raises(KeyFileError) as info:
        load_private_key(path)

    assert info.value.code == "key.malformed"
    assert "not an unencrypted PEM private key" in str(info.value)


def test_encrypted_pem_is_refused(key: SigningKey, tmp_path: Path) -> None:
    path = _write_0600(tmp_path / "enc.pem", _pem_of(key._private, b"secret"))

    with pytest.raises(KeyFileError) as info:
        load_private_key(path)

    assert info.value.code == "key.malformed"


@pytest.mark.parametrize(
    "make",
    [
        lambda: rsa.generate_private_key(public_exponent=65537, key_size=1024),
        lambda: ec.generate_private_key(ec.SECP256R1()),
    ],
    ids=["rsa", "ec"],
)
def test_a_key_of_another_algorithm_is_refused(tmp_path: Path, make: Callable[[], PrivateKeyTypes]) -> None:
    path = _write_0600(tmp_path / "other.pem", _pem_of(make()))

    with pytest.raises(KeyFileError, match="not an Ed25519 private key") as info:
        load_private_key(path)

    assert info.value.code == "key.malformed"


# --- pixdesk keys new --------------------------------------------------------------------------


def _secret_fragments(pem: bytes) -> list[str]:
    """The base64 body of a PEM key, and pieces of it, as they could leak into text."""
    body = "".join(pem.decode().splitlines()[1:-1])
    raw = serialization.load_pem_private_key(pem, None).private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return [body, body[16:40], raw.hex(), base64.b64encode(raw).decode()]


def test_keys_new_creates_a_0600_key_and_prints_its_id(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "keys" / "publisher.pem"

    done = run_pixdesk("-v", "keys", "new", "--out", str(out))

    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    loaded = load_private_key(out)
    lines = done.stdout.splitlines()
    assert lines == [
        f"wrote {out} (mode 0600)",
        f"key id:     {loaded.key_id}",
        f"public key: {loaded.public.b64}",
    ]
    log = (home / "logs" / "pixdesk.log").read_text()
    assert f"new key {loaded.key_id} written to {out}" in log  # keys are logged by id only
    pem = out.read_bytes()
    for secret in _secret_fragments(pem):
        assert secret not in done.stdout
        assert secret not in done.stderr
        assert secret not in log
    assert "PRIVATE KEY" not in done.stdout + done.stderr + log


def test_keys_new_refuses_an_existing_file(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "publisher.pem"
    assert run_pixdesk("keys", "new", "--out", str(out)).returncode == 0
    before = out.read_bytes()

    done = run_pixdesk("-v", "keys", "new", "--out", str(out))

    assert done.returncode == 2
    assert done.stdout == ""
    errors = [line for line in done.stderr.splitlines() if line.startswith("pixdesk: error: ")]
    assert errors == [f"pixdesk: error: {out}: refusing to overwrite an existing key"]
    assert out.read_bytes() == before
    log = (home / "logs" / "pixdesk.log").read_text()
    assert "refusing to overwrite an existing key (key.exists)" in log
    for secret in _secret_fragments(before):
        assert secret not in done.stderr
        assert secret not in log
