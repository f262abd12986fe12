"""The `dialogue_topic` table (see store.models)."""

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from store.models import community_table, member_table, study_session_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, created, row_id


class DialogueTopic(SQLModel, table=True):
    """A topic proposed for Dialogue (Lean Coffee): before the session or in the room, dot
    votes counted by the facilitator, and how long the room talked it through. Without a
    session it waits for the next one; not discussed, it rolls over (a new row, like a
    talk, so each session's board stays as it was)."""

    model_config = TABLE_CONFIG

    __tablename__ = "dialogue_topic"
    __table_args__ = (Index("ix_dialogue_topic_session", "session_id", "status"),)

    id: str = row_id()
    community_id: str = Field(foreign_key="community.id", index=True)
    session_id: str | None = Field(default=None, foreign_key="study_session.id")
    text: str
    proposed_by_id: str | None = Field(default=None, foreign_key="member.id", index=True)
    status: str = "open"  # facilitator.vocabulary.TopicStatus
    votes: int = 0
    seconds: int = 0
    """How long the room talked it through, every timebox together."""
    rolled_from_id: str | None = Field(default=None, foreign_key="dialogue_topic.id")
    created_at: datetime = created()
    changed_at: datetime = changed()
