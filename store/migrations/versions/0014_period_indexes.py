"""Indexes for a long history: a period's reviews and library entries by their time, and
a member's attendance and a host's turns counted from an index alone.

The report's stories of what worked (the period's "done" reviews with a note) and its count
of entries curated into the library were found by walking every session of the community,
then its commitments or takeaways, and keeping those of the period: about 90 ms per
quarter on a ten-year history of one community. Read by their time through these indexes,
they cost what the period holds. A member's sessions attended (the roster) and whether
they ever came (the rotation) read the attendance's member index and then each row; with
the status and session in the index the rows are not read. The rotation's turns per host
group every hosted session of the community; with the host, status, start and id in one
index they are counted from it.

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_commitment_review_reviewed_at", "commitment_review", ["reviewed_at"])
    op.create_index("ix_library_entry_created_at", "library_entry", ["created_at"])
    op.create_index(
        "ix_attendance_member_status", "attendance", ["member_id", "status", "session_id"]
    )
    op.drop_index("ix_attendance_member_id", table_name="attendance")
    op.create_index(
        "ix_session_community_host",
        "study_session",
        ["community_id", "facilitator_id", "status", "scheduled_at", "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_session_community_host", table_name="study_session")
    op.create_index("ix_attendance_member_id", "attendance", ["member_id"])
    op.drop_index("ix_attendance_member_status", table_name="attendance")
    op.drop_index("ix_library_entry_created_at", table_name="library_entry")
    op.drop_index("ix_commitment_review_reviewed_at", table_name="commitment_review")
