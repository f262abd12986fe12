"""merged records: a tombstone may say which record a deleted one was joined into

When the same person was added on two laptops (or `cop roster merge` joins two members),
one id survives and the other is deleted. Archives carry the tombstone with the surviving
id, so what another laptop still holds under the old id follows it instead of vanishing.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deletion") as batch:
        batch.add_column(sa.Column("merged_into_id", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("deletion") as batch:
        batch.drop_column("merged_into_id")
