"""The `survey_count` table (see store.models)."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from store.models import survey_question_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, row_id


class SurveyCount(SQLModel, table=True):
    """How many gave one answer to one question: all a survey keeps of its answers (no
    names, no e-mails, no times, nothing that ties answers of one person together)."""

    model_config = TABLE_CONFIG

    __tablename__ = "survey_count"
    __table_args__ = (UniqueConstraint("question_id", "answer", name="uq_survey_count"),)

    id: str = row_id()
    question_id: str = Field(foreign_key="survey_question.id")
    answer: str
    count: int = 0
    changed_at: datetime = changed()
