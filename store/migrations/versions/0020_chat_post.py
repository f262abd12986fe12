"""Posts to chat channels: what went to which channel, when, and what the service answered.
No column holds a webhook address.

Revision ID: 0020
Revises: 0019
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

from store.types import UTCDateTime

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = AutoString
    op.create_table(
        "chat_post",
        sa.Column("id", text(length=32), nullable=False),
        sa.Column("community_id", text(), nullable=False),
        sa.Column("session_id", text(), nullable=True),
        sa.Column("subject", text(), nullable=False),
        sa.Column("subject_key", text(), nullable=False),
        sa.Column("channel", text(), nullable=False),
        sa.Column("platform", text(), nullable=False),
        sa.Column("messages", sa.Integer(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("content_hash", text(), nullable=False),
        sa.Column("posted_at", UTCDateTime(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"]),
        sa.ForeignKeyConstraint(["session_id"], ["study_session.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_chat_post_community_id", "chat_post", ["community_id"])
    op.create_index("ix_chat_post_subject", "chat_post", ["subject_key", "subject", "channel"])


def downgrade() -> None:
    op.drop_index("ix_chat_post_subject", table_name="chat_post")
    op.drop_index("ix_chat_post_community_id", table_name="chat_post")
    op.drop_table("chat_post")
