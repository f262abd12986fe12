"""The `study_session` table (see store.models)."""

from datetime import date, datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from store.models import community_table, member_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, created, row_id
from store.types import UTCDateTime


class StudySession(SQLModel, table=True):
    """One meeting of a community. Named StudySession to keep clear of SQL sessions."""

    model_config = TABLE_CONFIG

    __tablename__ = "study_session"
    __table_args__ = (
        Index("ix_session_community_start", "community_id", "scheduled_at"),
        # Across every community (the library's "most recent" without --community).
        Index("ix_session_start", "scheduled_at"),
        # The schedule: which cadence dates are taken, and the latest one held.
        Index("ix_session_community_cadence", "community_id", "cadence_on"),
        # The rotation's turns per host over the whole history, from this index alone.
        Index(
            "ix_session_community_host",
            "community_id",
            "facilitator_id",
            "status",
            "scheduled_at",
            "id",
        ),
    )

    id: str = row_id()
    community_id: str = Field(foreign_key="community.id")
    scheduled_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    cadence_on: date | None = None
    """The cadence date this session takes (local), kept when it is held early or late, so
    that date is used up; None for a session off the cadence (see facilitator.services.schedule)."""
    topic: str | None = None
    facilitator_id: str | None = Field(default=None, foreign_key="member.id", index=True)
    co_facilitator_id: str | None = Field(default=None, foreign_key="member.id")
    status: str = Field(default="planned", index=True)  # planned, live, ended, cancelled
    next_topic: str | None = None
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    cancel_reason: str | None = None
    abandoned: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    """Ended without the closing (the meeting broke up); what was captured is kept."""
    created_at: datetime = created()
    changed_at: datetime = changed()
