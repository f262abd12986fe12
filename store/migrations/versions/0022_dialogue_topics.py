"""Dialogue topics (Lean Coffee): proposed before or in the session, dot votes, minutes
talked; a takeaway knows the topic it came from; a community's first timebox and dots
per person.

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

from store.types import UTCDateTime

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = AutoString
    op.create_table(
        "dialogue_topic",
        sa.Column("id", text(length=32), nullable=False),
        sa.Column("community_id", text(), nullable=False),
        sa.Column("session_id", text(), nullable=True),
        sa.Column("text", text(), nullable=False),
        sa.Column("proposed_by_id", text(), nullable=True),
        sa.Column("status", text(), nullable=False),
        sa.Column("votes", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("rolled_from_id", text(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"]),
        sa.ForeignKeyConstraint(["session_id"], ["study_session.id"]),
        sa.ForeignKeyConstraint(["proposed_by_id"], ["member.id"]),
        sa.ForeignKeyConstraint(["rolled_from_id"], ["dialogue_topic.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_dialogue_topic_community_id", "dialogue_topic", ["community_id"])
    op.create_index("ix_dialogue_topic_proposed_by_id", "dialogue_topic", ["proposed_by_id"])
    op.create_index("ix_dialogue_topic_session", "dialogue_topic", ["session_id", "status"])
    # Added in place, never by a batch rebuild: rebuilding takeaway would drop the search
    # index's triggers (revision 0006), and community is referred to by most tables.
    if op.get_bind().dialect.name == "sqlite":  # SQLite adds a column's key only inline
        op.execute(
            "ALTER TABLE takeaway ADD COLUMN topic_id VARCHAR REFERENCES dialogue_topic (id)"
        )
    else:
        op.add_column("takeaway", sa.Column("topic_id", text(), nullable=True))
        op.create_foreign_key(
            "takeaway_topic_id_fkey", "takeaway", "dialogue_topic", ["topic_id"], ["id"]
        )
    op.create_index("ix_takeaway_topic_id", "takeaway", ["topic_id"])
    op.add_column(
        "community", sa.Column("topic_minutes", sa.Integer(), nullable=False, server_default="5")
    )
    op.add_column(
        "community",
        sa.Column("dots_per_person", sa.Integer(), nullable=False, server_default="3"),
    )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.drop_column("community", "dots_per_person")
    op.drop_column("community", "topic_minutes")
    op.drop_index("ix_takeaway_topic_id", table_name="takeaway")
    if not sqlite:
        op.drop_constraint("takeaway_topic_id_fkey", "takeaway", type_="foreignkey")
    op.drop_column("takeaway", "topic_id")
    op.drop_index("ix_dialogue_topic_session", table_name="dialogue_topic")
    op.drop_index("ix_dialogue_topic_proposed_by_id", table_name="dialogue_topic")
    op.drop_index("ix_dialogue_topic_community_id", table_name="dialogue_topic")
    op.drop_table("dialogue_topic")
