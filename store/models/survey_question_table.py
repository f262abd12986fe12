"""The `survey_question` table (see store.models)."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from store.models import survey_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, row_id


class SurveyQuestion(SQLModel, table=True):
    """One question of a survey, with the answers it accepts (one per line, in order)."""

    model_config = TABLE_CONFIG

    __tablename__ = "survey_question"
    __table_args__ = (UniqueConstraint("survey_id", "position", name="uq_survey_question"),)

    id: str = row_id()
    survey_id: str = Field(foreign_key="survey.id")
    position: int
    text: str
    answers: str
    changed_at: datetime = changed()
