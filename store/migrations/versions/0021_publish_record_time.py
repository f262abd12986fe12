"""Pages published are counted per half-year (the impact in the insights): by their time's
index, not by reading every record.

Revision ID: 0021
Revises: 0020
"""

from __future__ import annotations

from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_publish_record_published_at", "publish_record", ["published_at"])


def downgrade() -> None:
    op.drop_index("ix_publish_record_published_at", table_name="publish_record")
