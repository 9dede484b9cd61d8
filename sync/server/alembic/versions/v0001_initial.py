"""The first schema: centres, devices, enrollment, nonces, rate windows, bundles, results,
profiles, packs and trust roots (see sync/server/schema.py for what each holds).

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TEXT_TIME = sa.String(20)


def upgrade() -> None:
    op.create_table(
        "server_info",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )
    op.create_table(
        "centres",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("created_at", TEXT_TIME, nullable=False),
        sa.Column("change_seq", sa.BigInteger, nullable=False, server_default="0"),
    )
    op.create_table(
        "admin_tokens",
        sa.Column("token_sha256", sa.String(64), primary_key=True),
        sa.Column("centre_id", sa.String(32), sa.ForeignKey("centres.id"), nullable=False),
        sa.Column("created_at", TEXT_TIME, nullable=False),
    )
    op.create_table(
        "enrollment_codes",
        sa.Column("code_sha256", sa.String(64), primary_key=True),
        sa.Column("centre_id", sa.String(32), sa.ForeignKey("centres.id"), nullable=False),
        sa.Column("created_at", TEXT_TIME, nullable=False),
        sa.Column("expires_at", TEXT_TIME, nullable=False),
        sa.Column("used_at", TEXT_TIME),
        sa.Column("device_key_id", sa.String(16)),
    )
    op.create_table(
        "devices",
        sa.Column("key_id", sa.String(16), primary_key=True),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("centre_id", sa.String(32), sa.ForeignKey("centres.id"), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("enrolled_at", TEXT_TIME, nullable=False),
        sa.Column("revoked_at", TEXT_TIME),
    )
    op.create_table(
        "nonces",
        sa.Column("device_key_id", sa.String(16), nullable=False),
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.Column("expires", sa.BigInteger, nullable=False),
        sa.PrimaryKeyConstraint("device_key_id", "nonce"),
    )
    op.create_index("nonces_expires", "nonces", ["expires"])
    op.create_table(
        "rate_windows",
        sa.Column("device_key_id", sa.String(16), nullable=False),
        sa.Column("window_start", sa.BigInteger, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("device_key_id", "window_start"),
    )
    op.create_table(
        "bundles",
        sa.Column("bundle_id", sa.String(64), primary_key=True),
        sa.Column("device_key_id", sa.String(16), sa.ForeignKey("devices.key_id"), nullable=False),
        sa.Column("device_seq", sa.BigInteger, nullable=False),
        sa.Column("payload", sa.LargeBinary, nullable=False),
        sa.Column("signature", sa.LargeBinary, nullable=False),
        sa.Column("payload_sha256", sa.String(64), nullable=False),
        sa.Column("centre_id", sa.String(32), sa.ForeignKey("centres.id"), nullable=False),
        sa.Column("centre_seq", sa.BigInteger, nullable=False),
        sa.Column("learner_id", sa.String(64), nullable=False),
        sa.Column("attempt_id", sa.String(64), nullable=False),
        sa.Column("attempt_kind", sa.String(32), nullable=False),
        sa.Column("pack_id", sa.String(64), nullable=False),
        sa.Column("pack_version", sa.Integer, nullable=False),
        sa.Column("finished_at", TEXT_TIME, nullable=False),
        sa.Column("received_at", TEXT_TIME, nullable=False),
        sa.Column("relay_key_id", sa.String(16), nullable=False),
        sa.Column("client_result", sa.Text, nullable=False),
        sa.Column("server_result", sa.Text, nullable=False),
        sa.Column("result_mismatch", sa.Boolean, nullable=False),
        sa.UniqueConstraint("device_key_id", "device_seq", name="bundles_device_seq"),
        sa.UniqueConstraint("centre_id", "centre_seq", name="bundles_centre_seq"),
    )
    op.create_table(
        "competence_results",
        sa.Column("bundle_id", sa.String(64), sa.ForeignKey("bundles.bundle_id"), nullable=False),
        sa.Column("competence", sa.String(16), nullable=False),
        sa.Column("centre_id", sa.String(32), nullable=False),
        sa.Column("learner_id", sa.String(64), nullable=False),
        sa.Column("attempt_kind", sa.String(32), nullable=False),
        sa.Column("pix", sa.Integer),
        sa.Column("level", sa.Integer),
        sa.Column("finished_at", TEXT_TIME, nullable=False),
        sa.PrimaryKeyConstraint("bundle_id", "competence"),
    )
    op.create_index(
        "competence_results_centre", "competence_results", ["centre_id", "learner_id", "competence"]
    )
    op.create_table(
        "profiles",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("centre_id", sa.String(32), sa.ForeignKey("centres.id"), nullable=False),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("secret_kind", sa.String(16)),
        sa.Column("secret_hash", sa.Text),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("extra_time_pct", sa.Integer, nullable=False),
        sa.Column("preferences", sa.Text, nullable=False),
        sa.Column("created", TEXT_TIME, nullable=False),
        sa.Column("version", sa.BigInteger, nullable=False),
        sa.Column("updated_by", sa.String(16), nullable=False),
        sa.Column("updated_at", TEXT_TIME, nullable=False),
        sa.Column("centre_seq", sa.BigInteger, nullable=False),
    )
    op.create_index("profiles_centre_seq", "profiles", ["centre_id", "centre_seq"])
    op.create_table(
        "packs",
        sa.Column("pack_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("publisher_key", sa.String(16), nullable=False),
        sa.Column("pack_key", sa.Text),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("added_at", TEXT_TIME, nullable=False),
        sa.PrimaryKeyConstraint("pack_id", "version"),
    )
    op.create_table(
        "trust_roots",
        sa.Column("root_id", sa.String(64), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("document", sa.LargeBinary, nullable=False),
        sa.Column("set_at", TEXT_TIME, nullable=False),
        sa.PrimaryKeyConstraint("root_id", "version"),
    )


def downgrade() -> None:
    for table in (
        "trust_roots",
        "packs",
        "profiles",
        "competence_results",
        "bundles",
        "rate_windows",
        "nonces",
        "devices",
        "enrollment_codes",
        "admin_tokens",
        "centres",
        "server_info",
    ):
        op.drop_table(table)
