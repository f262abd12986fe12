"""library entries: takeaways promoted to the curated library

A publish record may be a community's library page instead of a session's summary.
A takeaway can revisit an earlier one (found in the library during a session). Also an
index on the takeaway a commitment was inspired by (the library reads "tried by N,
worked for M" through it for every entry it shows), and one on the sessions' start across
communities (the library's most recent entries of every community).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

from store.types import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "library_entry",
        sa.Column("id", AutoString(length=32), nullable=False),
        sa.Column("takeaway_id", AutoString(), nullable=False),
        sa.Column("title", AutoString(), nullable=False),
        sa.Column("tags", AutoString(), nullable=False),
        sa.Column("tool", AutoString(), nullable=True),
        sa.Column("model", AutoString(), nullable=True),
        sa.Column("owner_id", AutoString(), nullable=True),
        sa.Column("status", AutoString(), nullable=False),
        sa.Column("verified_at", UTCDateTime(), nullable=True),
        sa.Column("verified_by_id", AutoString(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("changed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["member.id"]),
        sa.ForeignKeyConstraint(["takeaway_id"], ["takeaway.id"]),
        sa.ForeignKeyConstraint(["verified_by_id"], ["member.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("takeaway_id"),
    )
    with op.batch_alter_table("library_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_library_entry_status"), ["status"], unique=False)
    # Not a batch operation: on SQLite that rebuilds the table and drops the triggers that
    # keep the search index (0006) in step. ADD COLUMN with REFERENCES is enough there.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE takeaway ADD COLUMN revisits_id VARCHAR REFERENCES takeaway (id)")
    else:
        op.add_column(
            "takeaway",
            sa.Column("revisits_id", AutoString(), nullable=True),
        )
        op.create_foreign_key(
            "fk_takeaway_revisits_id", "takeaway", "takeaway", ["revisits_id"], ["id"]
        )
    with op.batch_alter_table("publish_record", schema=None) as batch_op:
        batch_op.alter_column("session_id", existing_type=AutoString(), nullable=True)
        batch_op.add_column(sa.Column("community_id", AutoString(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_publish_record_community_id"), ["community_id"], unique=False
        )
        batch_op.create_foreign_key(
            "fk_publish_record_community_id", "community", ["community_id"], ["id"]
        )
    op.create_index("ix_session_start", "study_session", ["scheduled_at"], unique=False)
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commitment_inspired_by_takeaway_id"),
            ["inspired_by_takeaway_id"],
            unique=False,
        )
    if op.get_bind().dialect.name == "sqlite":
        # Statistics for the planner: without them, SQLite may read the library's most
        # recent entries by scanning every takeaway instead of the sessions' start index.
        op.execute("ANALYZE")


def downgrade() -> None:
    op.drop_index("ix_session_start", table_name="study_session")
    with op.batch_alter_table("publish_record", schema=None) as batch_op:
        batch_op.drop_constraint("fk_publish_record_community_id", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_publish_record_community_id"))
        batch_op.drop_column("community_id")
        batch_op.alter_column("session_id", existing_type=AutoString(), nullable=False)
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_takeaway_revisits_id", "takeaway", type_="foreignkey")
    with op.batch_alter_table("takeaway", schema=None) as batch_op:
        batch_op.drop_column("revisits_id")  # rebuilt on SQLite: 0006's downgrade follows
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_inspired_by_takeaway_id"))
    with op.batch_alter_table("library_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_library_entry_status"))
    op.drop_table("library_entry")
