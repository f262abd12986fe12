"""The `lightning_talk` table (see store.models)."""

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from store.models import community_table, member_table, study_session_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, created, row_id


class LightningTalk(SQLModel, table=True):
    """A short talk someone signed up for; not given means it rolls over to the next session."""

    model_config = TABLE_CONFIG

    __tablename__ = "lightning_talk"

    __table_args__ = (Index("ix_talk_session_position", "session_id", "position"),)

    id: str = row_id()
    community_id: str = Field(foreign_key="community.id", index=True)
    session_id: str | None = Field(default=None, foreign_key="study_session.id")
    presenter_id: str = Field(foreign_key="member.id", index=True)
    title: str
    minutes: int = 5
    position: int = 0
    status: str = "queued"  # queued, running, given, skipped, withdrawn, rolled_over
    rolled_from_id: str | None = Field(default=None, foreign_key="lightning_talk.id")
    created_at: datetime = created()
    changed_at: datetime = changed()
