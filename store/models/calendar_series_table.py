"""The `calendar_series` table (see store.models)."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from store.models import community_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, row_id


class CalendarSeries(SQLModel, table=True):
    """An invitation file written for a community's period (`cop invite`): its sequence
    number rises each time the content changes, so calendars update the events they hold
    (same UIDs) instead of adding new ones."""

    model_config = TABLE_CONFIG

    __tablename__ = "calendar_series"
    __table_args__ = (UniqueConstraint("community_id", "period_key", name="uq_series_period"),)

    id: str = row_id()
    community_id: str = Field(foreign_key="community.id")
    period_key: str
    """`Period.key`: the ISO 8601 interval of local days the series covers."""
    sequence: int = 0
    content_hash: str
    changed_at: datetime = changed()
