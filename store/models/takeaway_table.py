"""The `takeaway` table (see store.models)."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from store.models import dialogue_topic_table, member_table, study_session_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, created, row_id
from store.types import UTCDateTime


class Takeaway(SQLModel, table=True):
    """One thing learned in a session; prompts and workflows form the knowledge base."""

    model_config = TABLE_CONFIG

    id: str = row_id()
    session_id: str = Field(foreign_key="study_session.id", index=True)
    author_id: str | None = Field(default=None, foreign_key="member.id", index=True)
    kind: str = Field(default="tip", index=True)
    text: str
    created_at: datetime = created()
    updated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revisits_id: str | None = Field(default=None, foreign_key="takeaway.id")
    """The earlier takeaway this one brought back from the library during a session."""
    topic_id: str | None = Field(default=None, foreign_key="dialogue_topic.id", index=True)
    """The Dialogue topic the room was talking through when it was captured."""
    changed_at: datetime = changed()
