"""history indexes: a session's reviews, a commitment's successors

Both lists grow with the history: the follow-up reviewed at a session (every export and
closing summary) and the successor of a carried commitment (carrying, undo) were found by
scanning their tables.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("commitment_review", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commitment_review_session_id"), ["session_id"], unique=False
        )
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commitment_carried_from_id"), ["carried_from_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_carried_from_id"))
    with op.batch_alter_table("commitment_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_review_session_id"))
