"""community insights: tunable warning thresholds, hand-ticked checklist items, and one
published report page per period

A publish record with a community and a period is that period's insights report; one with
a community and no period stays the library page, so existing records keep their meaning.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

from store.types import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = AutoString
    op.create_table(
        "warning_threshold",
        sa.Column("id", text(length=32), nullable=False),
        sa.Column("community_id", text(), nullable=False),
        sa.Column("name", text(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("community_id", "name", name="uq_threshold_name"),
    )
    op.create_table(
        "checklist_tick",
        sa.Column("id", text(length=32), nullable=False),
        sa.Column("community_id", text(), nullable=False),
        sa.Column("item", text(), nullable=False),
        sa.Column("ticked_at", UTCDateTime(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("community_id", "item", name="uq_checklist_item"),
    )
    # A plain ADD COLUMN on both engines: no table rebuild is needed for a nullable column.
    op.add_column("publish_record", sa.Column("report_period", text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("publish_record", schema=None) as batch_op:
        batch_op.drop_column("report_period")
    op.drop_table("checklist_tick")
    op.drop_table("warning_threshold")
