"""The impact survey: a community's survey per half-year, its questions and answers, and
what the answers came to as counts. No table holds a member, a name or a time of answer.

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

from store.types import UTCDateTime

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text = AutoString
    op.create_table(
        "survey",
        sa.Column("id", text(length=32), nullable=False),
        sa.Column("community_id", text(), nullable=False),
        sa.Column("period_key", text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["community_id"], ["community.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("community_id", "period_key", name="uq_survey_period"),
    )
    op.create_table(
        "survey_question",
        sa.Column("id", text(length=32), nullable=False),
        sa.Column("survey_id", text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", text(), nullable=False),
        sa.Column("answers", text(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["survey_id"], ["survey.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("survey_id", "position", name="uq_survey_question"),
    )
    op.create_table(
        "survey_count",
        sa.Column("id", text(length=32), nullable=False),
        sa.Column("question_id", text(), nullable=False),
        sa.Column("answer", text(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["survey_question.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("question_id", "answer", name="uq_survey_count"),
    )
    op.create_table(
        "survey_import",
        sa.Column("id", text(length=32), nullable=False),
        sa.Column("survey_id", text(), nullable=False),
        sa.Column("digest", text(), nullable=False),
        sa.Column("responses", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["survey_id"], ["survey.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("survey_id", "digest", name="uq_survey_import"),
    )


def downgrade() -> None:
    for table in ("survey_import", "survey_count", "survey_question", "survey"):
        op.drop_table(table)
