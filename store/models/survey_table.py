"""The `survey` table (see store.models)."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from store.models import community_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, created, row_id


class Survey(SQLModel, table=True):
    """An impact survey of a community for a half-year ("has the frequency with which you
    use AI at work increased?"). What it asks is in `survey_question`; what the answers
    came to, counted and nothing else, in `survey_count`."""

    model_config = TABLE_CONFIG

    __tablename__ = "survey"
    __table_args__ = (UniqueConstraint("community_id", "period_key", name="uq_survey_period"),)

    id: str = row_id()
    community_id: str = Field(foreign_key="community.id")
    period_key: str
    """The half-year, as 2026H2."""
    created_at: datetime = created()
    changed_at: datetime = changed()
