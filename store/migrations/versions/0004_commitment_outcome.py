"""commitment outcome: the latest review's outcome kept on the commitment

The open commitments (no review yet) were found by an anti-join over every commitment of
the community, and follow-through joined each commitment to its latest review: both grew
with the history. The outcome now sits on the commitment, kept in step with each review
and undo, and a partial index holds only the open ones.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("outcome", sa.String(), nullable=True))
    op.execute(
        """
        UPDATE commitment SET outcome = (
            SELECT r.outcome FROM commitment_review r
            WHERE r.commitment_id = commitment.id
            ORDER BY r.reviewed_at DESC, r.id DESC
            LIMIT 1
        )
        """
    )
    op.create_index(
        "ix_commitment_open",
        "commitment",
        ["session_id"],
        unique=False,
        sqlite_where=sa.text("outcome IS NULL"),
        postgresql_where=sa.text("outcome IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_commitment_open", table_name="commitment")
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_column("outcome")
