"""The `commitment` table (see store.models)."""

from datetime import date, datetime

from sqlalchemy import Index, text
from sqlmodel import Field, SQLModel

from store.models import (  # noqa: F401  (the tables its keys refer to)
    OPEN_COMMITMENT,
    lightning_talk_table,
    member_table,
    study_session_table,
    takeaway_table,
)
from store.models.model_fields import TABLE_CONFIG, changed, created, row_id


class Commitment(SQLModel, table=True):
    """A person's "try this week": open until a CommitmentReview gives it an outcome."""

    model_config = TABLE_CONFIG

    __table_args__ = (
        Index("ix_commitment_due", "due_on"),
        # Only the open commitments: finding them reads the few open, not the whole history.
        # PostgreSQL's half of the condition is set by declare_server_options.
        Index("ix_commitment_open", "session_id", sqlite_where=text(OPEN_COMMITMENT)),
        # The library's "tried by N, worked for M" counts from the index alone.
        Index("ix_commitment_inspired", "inspired_by_takeaway_id", "outcome", "member_id"),
    )

    id: str = row_id()
    session_id: str = Field(foreign_key="study_session.id", index=True)
    member_id: str = Field(foreign_key="member.id", index=True)
    text: str
    due_on: date
    inspired_by_talk_id: str | None = Field(default=None, foreign_key="lightning_talk.id")
    inspired_by_takeaway_id: str | None = Field(default=None, foreign_key="takeaway.id")
    carried_from_id: str | None = Field(default=None, foreign_key="commitment.id", index=True)
    carry_count: int = 0
    created_at: datetime = created()
    outcome: str | None = None
    """The latest review's outcome (None while open), kept in step with every review and
    undo so the open ones and follow-through are read without visiting the reviews."""
    changed_at: datetime = changed()
