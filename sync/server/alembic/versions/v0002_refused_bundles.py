"""Refused bundles keep their place in the device's chain.

A bundle signed by an enrolled device, in sequence, but refused for its content
(``replay_failed``, ``mismatch``) is recorded here, so the device's next bundle — whose
``previous`` is this one's hash — is not a gap forever.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "refused_bundles",
        sa.Column("bundle_id", sa.String(64), primary_key=True),
        sa.Column("device_key_id", sa.String(16), sa.ForeignKey("devices.key_id"), nullable=False),
        sa.Column("device_seq", sa.BigInteger, nullable=False),
        sa.Column("payload", sa.LargeBinary, nullable=False),
        sa.Column("signature", sa.LargeBinary, nullable=False),
        sa.Column("payload_sha256", sa.String(64), nullable=False),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("received_at", sa.String(20), nullable=False),
        sa.UniqueConstraint("device_key_id", "device_seq", name="refused_bundles_device_seq"),
    )


def downgrade() -> None:
    op.drop_table("refused_bundles")
