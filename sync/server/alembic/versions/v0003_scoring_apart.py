"""Bundles are scored apart from their intake.

A bundle is accepted on its authenticity, its place in the device's chain and its form;
re-scoring by replay (sync.server.scoring) fills ``server_result`` and ``result_mismatch``
later and records the outcome in ``scoring``: ``pending`` → ``scored`` | ``refused``
(``scoring_code``, ``scoring_reason``). ``scoring_lease`` lets several app processes share
the work. Bundles stored before this revision were scored at intake: they are ``scored``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bundles") as batch:
        batch.alter_column("server_result", existing_type=sa.Text, nullable=True)
        batch.alter_column("result_mismatch", existing_type=sa.Boolean, nullable=True)
        batch.add_column(sa.Column("scoring", sa.String(16), nullable=False, server_default="scored"))
        batch.add_column(sa.Column("scoring_code", sa.String(32)))
        batch.add_column(sa.Column("scoring_reason", sa.Text))
        batch.add_column(sa.Column("scored_at", sa.String(20)))
        batch.add_column(sa.Column("scoring_lease", sa.BigInteger))
    with op.batch_alter_table("bundles") as batch:  # rows from now on start pending
        batch.alter_column("scoring", existing_type=sa.String(16), server_default="pending")
    op.create_index("bundles_scoring", "bundles", ["scoring", "received_at"])


def downgrade() -> None:
    query = sa.text("SELECT count(*) FROM bundles WHERE scoring <> 'scored'")
    unscored: int = op.get_bind().execute(query).scalar_one()
    if unscored > 0:  # the older schema cannot hold them: refuse rather than drop bundles
        raise RuntimeError("bundles not scored (pending or refused) cannot go back to revision 0002")
    op.drop_index("bundles_scoring", table_name="bundles")
    with op.batch_alter_table("bundles") as batch:
        batch.drop_column("scoring_lease")
        batch.drop_column("scored_at")
        batch.drop_column("scoring_reason")
        batch.drop_column("scoring_code")
        batch.drop_column("scoring")
        batch.alter_column("result_mismatch", existing_type=sa.Boolean, nullable=False)
        batch.alter_column("server_result", existing_type=sa.Text, nullable=False)
