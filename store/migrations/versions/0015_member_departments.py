"""A community's members by department: whether a department came to a session before a
period is asked for each department of the period, starting from its people.

Without this index each question read every member of the community (PostgreSQL chose to
read the whole member table once per department: 230 ms for the roll-up of 100
communities); with it, a department's people are one look-up.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_member_community_department", "member", ["community_id", "department"])


def downgrade() -> None:
    op.drop_index("ix_member_community_department", table_name="member")
