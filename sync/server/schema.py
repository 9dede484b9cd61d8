"""The certification server's tables, as SQLAlchemy Core metadata. Layer: sync.server (storage).

One source of truth for the queries; the Alembic migrations (sync/server/alembic/versions)
create the same tables and are frozen once released. Instants are ``YYYY-MM-DDTHH:MM:SSZ``
text (the format of every signed document, and it sorts), except the two hot counters
(nonces, rate windows), which use epoch seconds. Column types are portable: the same
code runs on SQLite (embedded) and PostgreSQL (production).

Tables:

* ``server_info``: name → value (the server public key, checked at every start).
* ``centres``: certification centres; ``change_seq`` is the centre's sync cursor source.
* ``admin_tokens``: centre-admin API tokens (SHA-256 only; the token is shown once).
* ``enrollment_codes``: single-use codes (SHA-256 only) with their expiry and use.
* ``devices``: enrolled device keys, their centre and revocation.
* ``nonces``: request nonces seen, until their expiry (replay protection, shared by processes).
* ``rate_windows``: per-device request counters of fixed windows.
* ``bundles``: every accepted result bundle: the original bytes and signature; once
  scored (``scoring``: pending → scored | refused, by sync.server.scoring), the server's
  recomputed result and whether the client's result differed.
* ``competence_results``: the server's result per bundle and competence (for reports).
* ``profiles``: learner profiles, centre-wide, last writer wins by ``version``.
* ``packs``: content packs the server can replay with (signed file bytes, pack key).
* ``trust_roots``: trust roots set by ``pixdesk server admin root-set``.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

__all__ = [
    "admin_tokens",
    "bundles",
    "centres",
    "competence_results",
    "devices",
    "enrollment_codes",
    "metadata",
    "nonces",
    "packs",
    "profiles",
    "rate_windows",
    "refused_bundles",
    "server_info",
    "trust_roots",
]

metadata = MetaData()

server_info = Table(
    "server_info",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

centres = Table(
    "centres",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("created_at", String(20), nullable=False),
    Column("change_seq", BigInteger, nullable=False, server_default="0"),
)

admin_tokens = Table(
    "admin_tokens",
    metadata,
    Column("token_sha256", String(64), primary_key=True),
    Column("centre_id", String(32), ForeignKey("centres.id"), nullable=False),
    Column("created_at", String(20), nullable=False),
)

enrollment_codes = Table(
    "enrollment_codes",
    metadata,
    Column("code_sha256", String(64), primary_key=True),
    Column("centre_id", String(32), ForeignKey("centres.id"), nullable=False),
    Column("created_at", String(20), nullable=False),
    Column("expires_at", String(20), nullable=False),
    Column("used_at", String(20)),
    Column("device_key_id", String(16)),
)

devices = Table(
    "devices",
    metadata,
    Column("key_id", String(16), primary_key=True),
    Column("public_key", String(64), nullable=False),
    Column("centre_id", String(32), ForeignKey("centres.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("enrolled_at", String(20), nullable=False),
    Column("revoked_at", String(20)),
)

nonces = Table(
    "nonces",
    metadata,
    Column("device_key_id", String(16), nullable=False),
    Column("nonce", String(64), nullable=False),
    Column("expires", BigInteger, nullable=False),
    PrimaryKeyConstraint("device_key_id", "nonce"),
    Index("nonces_expires", "expires"),
)

rate_windows = Table(
    "rate_windows",
    metadata,
    Column("device_key_id", String(16), nullable=False),
    Column("window_start", BigInteger, nullable=False),
    Column("count", Integer, nullable=False),
    PrimaryKeyConstraint("device_key_id", "window_start"),
)

bundles = Table(
    "bundles",
    metadata,
    Column("bundle_id", String(64), primary_key=True),
    Column("device_key_id", String(16), ForeignKey("devices.key_id"), nullable=False),
    Column("device_seq", BigInteger, nullable=False),
    Column("payload", LargeBinary, nullable=False),
    Column("signature", LargeBinary, nullable=False),
    Column("payload_sha256", String(64), nullable=False),
    Column("centre_id", String(32), ForeignKey("centres.id"), nullable=False),
    Column("centre_seq", BigInteger, nullable=False),
    Column("learner_id", String(64), nullable=False),
    Column("attempt_id", String(64), nullable=False),
    Column("attempt_kind", String(32), nullable=False),
    Column("pack_id", String(64), nullable=False),
    Column("pack_version", Integer, nullable=False),
    Column("finished_at", String(20), nullable=False),
    Column("received_at", String(20), nullable=False),
    Column("relay_key_id", String(16), nullable=False),
    Column("client_result", Text, nullable=False),
    Column("server_result", Text),  # None until scored
    Column("result_mismatch", Boolean),  # None until scored
    Column("scoring", String(16), nullable=False, server_default="pending"),  # pending|scored|refused
    Column("scoring_code", String(32)),  # refused: why; pending: why not yet (unknown_pack)
    Column("scoring_reason", Text),
    Column("scored_at", String(20)),
    Column("scoring_lease", BigInteger),  # epoch seconds: a process is scoring it until then
    UniqueConstraint("device_key_id", "device_seq", name="bundles_device_seq"),
    UniqueConstraint("centre_id", "centre_seq", name="bundles_centre_seq"),
    Index("bundles_scoring", "scoring", "received_at"),
)

# A bundle signed by an enrolled device, in sequence, refused for its content: it keeps its
# place in the device's chain (the next bundle's ``previous`` is its hash). Audit copy kept.
refused_bundles = Table(
    "refused_bundles",
    metadata,
    Column("bundle_id", String(64), primary_key=True),
    Column("device_key_id", String(16), ForeignKey("devices.key_id"), nullable=False),
    Column("device_seq", BigInteger, nullable=False),
    Column("payload", LargeBinary, nullable=False),
    Column("signature", LargeBinary, nullable=False),
    Column("payload_sha256", String(64), nullable=False),
    Column("code", String(32), nullable=False),
    Column("reason", Text, nullable=False),
    Column("received_at", String(20), nullable=False),
    UniqueConstraint("device_key_id", "device_seq", name="refused_bundles_device_seq"),
)

competence_results = Table(
    "competence_results",
    metadata,
    Column("bundle_id", String(64), ForeignKey("bundles.bundle_id"), nullable=False),
    Column("competence", String(16), nullable=False),
    Column("centre_id", String(32), nullable=False),
    Column("learner_id", String(64), nullable=False),
    Column("attempt_kind", String(32), nullable=False),
    Column("pix", Integer),
    Column("level", Integer),
    Column("finished_at", String(20), nullable=False),
    PrimaryKeyConstraint("bundle_id", "competence"),
    Index("competence_results_centre", "centre_id", "learner_id", "competence"),
)

profiles = Table(
    "profiles",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("centre_id", String(32), ForeignKey("centres.id"), nullable=False),
    Column("display_name", Text, nullable=False),
    Column("secret_kind", String(16)),
    Column("secret_hash", Text),
    Column("language", String(8), nullable=False),
    Column("extra_time_pct", Integer, nullable=False),
    Column("preferences", Text, nullable=False),
    Column("created", String(20), nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("updated_by", String(16), nullable=False),
    Column("updated_at", String(20), nullable=False),
    Column("centre_seq", BigInteger, nullable=False),
    Index("profiles_centre_seq", "centre_id", "centre_seq"),
)

packs = Table(
    "packs",
    metadata,
    Column("pack_id", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", BigInteger, nullable=False),
    Column("content_sha256", String(64), nullable=False),
    Column("publisher_key", String(16), nullable=False),
    Column("pack_key", Text),
    Column("data", LargeBinary, nullable=False),
    Column("added_at", String(20), nullable=False),
    PrimaryKeyConstraint("pack_id", "version"),
)

trust_roots = Table(
    "trust_roots",
    metadata,
    Column("root_id", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("document", LargeBinary, nullable=False),
    Column("set_at", String(20), nullable=False),
    PrimaryKeyConstraint("root_id", "version"),
)
