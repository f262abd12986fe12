"""The pulse: "was it worth your time?" counted per score for a session, with anonymous
notes on what would add one point. Neither table refers to a member.

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

from store.types import UTCDateTime

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = AutoString
    op.create_table(
        "session_pulse",
        sa.Column("id", text(length=32), nullable=False),
        sa.Column("session_id", text(), nullable=False),
        *(sa.Column(f"score_{n}", sa.Integer(), nullable=False) for n in range(1, 6)),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["study_session.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id", name="uq_session_pulse"),
    )
    op.create_table(
        "pulse_note",
        sa.Column("id", text(length=32), nullable=False),
        sa.Column("session_id", text(), nullable=False),
        sa.Column("text", text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["session_id"], ["study_session.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_pulse_note_session_id", "pulse_note", ["session_id"])


def downgrade() -> None:
    op.drop_index("ix_pulse_note_session_id", table_name="pulse_note")
    op.drop_table("pulse_note")
    op.drop_table("session_pulse")
