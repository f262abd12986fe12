"""The `survey_import` table (see store.models)."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from store.models import survey_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, created, row_id


class SurveyImport(SQLModel, table=True):
    """A form tool's export counted into a survey, known by its content's digest so the
    same file is never counted twice. `responses`: the rows it held."""

    model_config = TABLE_CONFIG

    __tablename__ = "survey_import"
    __table_args__ = (UniqueConstraint("survey_id", "digest", name="uq_survey_import"),)

    id: str = row_id()
    survey_id: str = Field(foreign_key="survey.id")
    digest: str
    responses: int
    created_at: datetime = created()
    changed_at: datetime = changed()
