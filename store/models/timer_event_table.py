"""The `timer_event` table (see store.models)."""

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from store.models import agenda_part_table, study_session_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, row_id
from store.types import UTCDateTime


class TimerEvent(SQLModel, table=True):
    """An event of the agenda clock; the clock is always recomputed from these.

    `at` is wall-clock UTC (survives a restart); `monotonic` is the writer's monotonic reading
    (detects a laptop that slept). `seq` orders events written within one clock tick.
    """

    model_config = TABLE_CONFIG

    __tablename__ = "timer_event"

    __table_args__ = (Index("ix_timer_session_seq", "session_id", "seq"),)

    id: str = row_id()
    session_id: str = Field(foreign_key="study_session.id")
    part_id: str | None = Field(default=None, foreign_key="agenda_part.id")
    seq: int
    kind: str  # start, pause, resume, goto, adjust, talk_start, talk_end, end
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    monotonic: float | None = None
    delta_seconds: int | None = None
    ref_id: str | None = None  # e.g. the lightning talk a talk_start refers to
    changed_at: datetime = changed()
