"""The `draft` table (see store.models)."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from store.models import study_session_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, created, row_id


class Draft(SQLModel, table=True):
    """A half-typed note kept when the app is closed mid-edit, offered again on resume."""

    model_config = TABLE_CONFIG

    __table_args__ = (UniqueConstraint("session_id", "form", name="uq_draft_form"),)

    id: str = row_id()
    session_id: str = Field(foreign_key="study_session.id", index=True)
    form: str  # takeaway, commitment, closing
    payload: str  # JSON object of the form's fields
    updated_at: datetime = created()
