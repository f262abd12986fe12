"""The `attendance` table (see store.models)."""

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from store.models import member_table, study_session_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, created, row_id


class Attendance(SQLModel, table=True):
    """Whether a member was at a session; one row per member and session."""

    model_config = TABLE_CONFIG

    __table_args__ = (
        UniqueConstraint("session_id", "member_id", name="uq_attendance"),
        # A member's whole history (sessions attended, whether they ever came) is counted
        # from this index alone; only each session's status is looked up.
        Index("ix_attendance_member_status", "member_id", "status", "session_id"),
    )

    id: str = row_id()
    session_id: str = Field(foreign_key="study_session.id", index=True)
    member_id: str = Field(foreign_key="member.id")
    status: str = "present"  # present, excused, absent
    newcomer: bool = False
    passed: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    """An explicit pass at Handoff: asked for a "try this week", chose none this time."""
    updated_at: datetime = created()
    changed_at: datetime = changed()
