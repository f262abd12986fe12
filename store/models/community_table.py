"""The `community` table (see store.models)."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from store.models.model_fields import TABLE_CONFIG, changed, created, row_id


class Community(SQLModel, table=True):
    """A group that meets on a cadence, with its own agenda template and publishing target."""

    model_config = TABLE_CONFIG

    id: str = row_id()
    name: str = Field(unique=True)
    kind: str = "company-wide"
    cadence: str = "weekly on thursday"
    meeting_time: str = "12:00"
    timezone: str = "UTC"
    input_minutes: int = 15
    practice_minutes: int = 25
    dialogue_minutes: int = 15
    handoff_minutes: int = 5
    talk_minutes: int = 5
    topic_minutes: int = Field(default=5, sa_column_kwargs={"server_default": "5"})
    """A Dialogue topic's first timebox."""
    dots_per_person: int = Field(default=3, sa_column_kwargs={"server_default": "3"})
    """Dot votes each person present has for the Dialogue topics."""
    confluence_space: str | None = None
    confluence_parent_id: str | None = None
    created_at: datetime = created()
    changed_at: datetime = changed()
