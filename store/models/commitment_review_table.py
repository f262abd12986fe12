"""The `commitment_review` table (see store.models)."""

from datetime import datetime

from sqlmodel import Field, Index, SQLModel

from store.models import commitment_table, member_table, study_session_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, created, row_id


class CommitmentReview(SQLModel, table=True):
    """The outcome of a commitment; a later review with --force supersedes an earlier one."""

    model_config = TABLE_CONFIG

    __tablename__ = "commitment_review"
    __table_args__ = (
        # A period's reviews (the report's stories of what worked) are read by their time.
        Index("ix_commitment_review_reviewed_at", "reviewed_at"),
    )

    id: str = row_id()
    commitment_id: str = Field(foreign_key="commitment.id", index=True)
    outcome: str  # done, partly, not_tried, dropped, carried
    note: str | None = None
    reviewer_id: str | None = Field(default=None, foreign_key="member.id")
    session_id: str | None = Field(default=None, foreign_key="study_session.id", index=True)
    reviewed_at: datetime = created()
    changed_at: datetime = changed()
