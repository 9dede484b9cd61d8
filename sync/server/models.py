"""Request and response bodies, as Pydantic models: the OpenAPI schema. Layer: sync.server.

Every text field refuses control characters and lone surrogates (neither SQLite nor
PostgreSQL could store them), every number has bounds the database can hold, and every
list a maximum length, so no input can reach the database in a form it would refuse.
Bundles are kept as plain objects here: each is judged on its own (a malformed one
gets a ``bad_envelope`` verdict; it does not spoil the batch).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from sync.protocol import MAX_BATCH

__all__ = [
    "BundlesIn",
    "BundlesOut",
    "EnrollIn",
    "EnrollOut",
    "PackEntry",
    "ProfileIn",
    "ProfilesIn",
    "ProfilesOut",
    "SyncOut",
]


def _unicode_text(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("lone surrogates are not text") from None
    return value


Line = Annotated[str, Field(pattern=r"^[^\x00-\x1f\x7f]*$"), AfterValidator(_unicode_text)]
Ident = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
Stamp = Annotated[str, Field(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")]


class EnrollIn(BaseModel):
    """Enrollment: the code, the device public key, a name, and the proof of possession."""

    model_config = ConfigDict(extra="forbid")

    code: Annotated[Line, Field(min_length=1, max_length=64)]
    public_key: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9+/=]+$")]
    name: Annotated[Line, Field(min_length=1, max_length=100)]
    proof: Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9+/=]+$")]


class EnrollOut(BaseModel):
    centre_id: str
    centre_name: str
    device: str  # the device key id
    server_key: str  # base64 of the server's Ed25519 public key
    server_key_id: str
    protocol_version: int


class BundlesIn(BaseModel):
    """A batch of envelopes ``{bundle_id, device, payload (base64), signature (base64)}``, and how
    the device wants their receipts vouched for: each signed (the default) or the batch sealed."""

    bundles: Annotated[list[dict[str, Any]], Field(max_length=MAX_BATCH)]
    receipt_proof: Literal["signature", "batch"] = "signature"


class BundlesOut(BaseModel):
    """One verdict per bundle, in the order sent (see sync.protocol.Verdict)."""

    verdicts: list[dict[str, Any]]


class ProfileIn(BaseModel):
    """A learner profile as a machine uploads it (the secret only as its scrypt hash)."""

    model_config = ConfigDict(extra="ignore")  # fields of a newer client are not an error

    id: Ident
    display_name: Annotated[Line, Field(min_length=1, max_length=200)]
    secret_kind: Literal["pin", "password"] | None = None
    secret_hash: Annotated[Line, Field(max_length=512)] | None = None
    language: Literal["fr", "en"] = "fr"
    extra_time_pct: Annotated[int, Field(ge=0, le=1000)] = 0
    zoom: Annotated[int, Field(ge=10, le=1000)] = 100
    high_contrast: bool = False
    created_at: Stamp
    version: Annotated[int, Field(ge=1, le=2**62)] = 1


class ProfilesIn(BaseModel):
    profiles: Annotated[list[ProfileIn], Field(max_length=MAX_BATCH)]


class ProfilesOut(BaseModel):
    """Per profile: ``stored`` | ``unchanged`` | ``stale`` | ``refused`` and the version held."""

    profiles: list[dict[str, Any]]


class PackEntry(BaseModel):
    id: str
    version: int
    kind: str
    sha256: str
    size: int


class SyncOut(BaseModel):
    """What a machine must learn since its cursor (sync/PROTOCOL.md, "Sync")."""

    cursor: int
    more: bool
    centre: dict[str, str]
    revoked_devices: list[str]
    profiles: list[dict[str, Any]]
    bundles: list[dict[str, Any]]
    devices: dict[str, str]
    packs: list[PackEntry]
    root: dict[str, Any] | None
