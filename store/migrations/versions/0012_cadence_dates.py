"""cadence dates: the date of the cadence each session takes (held early or late, it keeps it)

A session held two days early still uses up the cadence date it was planned for, so the
next session is the one after it. Existing sessions on the cadence's weekday take their own
local date; others (held on another day) stay off the cadence.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def upgrade() -> None:
    with op.batch_alter_table("study_session") as batch:
        batch.add_column(sa.Column("cadence_on", sa.Date(), nullable=True))
    op.create_index("ix_session_community_cadence", "study_session", ["community_id", "cadence_on"])
    _backfill(op.get_bind())


def _backfill(conn) -> None:
    """Each community's stored cadence phrase ends with its weekday (cop stores one canonical
    phrase); a session held on that weekday, in the community's zone, took that date."""
    communities = conn.execute(sa.text("SELECT id, cadence, timezone FROM community")).all()
    for community_id, cadence, timezone in communities:
        words = (cadence or "").split()
        if not words or words[-1] not in _WEEKDAYS:
            continue
        weekday = _WEEKDAYS.index(words[-1])
        try:
            tz = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            continue
        rows = conn.execute(
            sa.text("SELECT id, scheduled_at FROM study_session WHERE community_id = :c"),
            {"c": community_id},
        ).all()
        for session_id, scheduled_at in rows:
            if isinstance(scheduled_at, str):  # SQLite hands back text
                scheduled_at = datetime.fromisoformat(scheduled_at)
            local = scheduled_at.replace(tzinfo=UTC).astimezone(tz).date()
            if local.weekday() == weekday:
                conn.execute(
                    sa.text("UPDATE study_session SET cadence_on = :d WHERE id = :i"),
                    {"d": local, "i": session_id},
                )


def downgrade() -> None:
    op.drop_index("ix_session_community_cadence", "study_session")
    with op.batch_alter_table("study_session") as batch:
        batch.drop_column("cadence_on")
