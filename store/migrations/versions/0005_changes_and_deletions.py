"""changes and deletions: every row knows when it last changed; deleted rows leave a tombstone

An archive merges two laptops' histories by id. Where both changed the same row the later
change wins, so each row carries `changed_at` (filled here from the best time the row
already had); a row deleted on one side must not come back from the other, so deletions
are remembered in `deletion`.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

from store.types import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

BACKFILL = {
    "community": "created_at",
    "member": "created_at",
    "member_unavailability": "created_at",
    "study_session": "COALESCE(ended_at, started_at, created_at)",
    "agenda_part": "(SELECT s.created_at FROM study_session s WHERE s.id = agenda_part.session_id)",
    "timer_event": "at",
    "attendance": "updated_at",
    "lightning_talk": "created_at",
    "takeaway": "COALESCE(updated_at, created_at)",
    "commitment": (
        "COALESCE((SELECT MAX(r.reviewed_at) FROM commitment_review r"
        " WHERE r.commitment_id = commitment.id), created_at)"
    ),
    "commitment_review": "reviewed_at",
    "rotation_record": "created_at",
    "publish_record": "published_at",
}


def upgrade() -> None:
    for table, source in BACKFILL.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("changed_at", UTCDateTime(), nullable=True))
        op.execute(f"UPDATE {table} SET changed_at = {source}")
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("changed_at", existing_type=UTCDateTime(), nullable=False)
    op.create_table(
        "deletion",
        sa.Column("table_name", sa.String(), nullable=False),
        sa.Column("row_id", sa.String(length=32), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "row_id"),
    )


def downgrade() -> None:
    op.drop_table("deletion")
    for table in reversed(BACKFILL):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("changed_at")
