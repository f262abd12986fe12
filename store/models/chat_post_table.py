"""The `chat_post` table (see store.models)."""

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from store.models import community_table, study_session_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, created, row_id


class ChatPost(SQLModel, table=True):
    """One post that a chat service took: what (`subject`, and `subject_key`: the session's
    id or the report's period), to which channel (by name; never its address), how many
    messages it took and the status the service answered. Only posts that went out are
    kept, so the record is what the channel really received."""

    model_config = TABLE_CONFIG

    __tablename__ = "chat_post"
    __table_args__ = (Index("ix_chat_post_subject", "subject_key", "subject", "channel"),)

    id: str = row_id()
    community_id: str = Field(foreign_key="community.id", index=True)
    session_id: str | None = Field(default=None, foreign_key="study_session.id")
    subject: str  # facilitator.vocabulary.PostSubject
    subject_key: str
    channel: str
    platform: str  # facilitator.vocabulary.ChatPlatform
    messages: int
    status: int
    content_hash: str
    posted_at: datetime = created()
    changed_at: datetime = changed()
