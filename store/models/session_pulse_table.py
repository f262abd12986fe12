"""The `session_pulse` table (see store.models)."""

from datetime import datetime
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel, col

from store.models import study_session_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, created, row_id


class SessionPulse(SQLModel, table=True):
    """The room's answer to "was it worth your time?" (1 to 5) at one session: how many
    gave each score, and nothing else. Anonymous by design: no member, no order of the
    votes, no time of a vote, so no answer can be traced to a person."""

    model_config = TABLE_CONFIG

    __tablename__ = "session_pulse"
    __table_args__ = (UniqueConstraint("session_id", name="uq_session_pulse"),)

    id: str = row_id()
    session_id: str = Field(foreign_key="study_session.id")
    score_1: int = 0
    score_2: int = 0
    score_3: int = 0
    score_4: int = 0
    score_5: int = 0
    created_at: datetime = created()
    changed_at: datetime = changed()


SCORE_COLUMNS: tuple[Any, ...] = (
    col(SessionPulse.score_1),
    col(SessionPulse.score_2),
    col(SessionPulse.score_3),
    col(SessionPulse.score_4),
    col(SessionPulse.score_5),
)
"""The five counts, for 1 to 5 in that order: what a statement selects or sums."""
