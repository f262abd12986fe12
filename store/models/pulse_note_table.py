"""The `pulse_note` table (see store.models)."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from store.models import study_session_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, created, row_id


class PulseNote(SQLModel, table=True):
    """An anonymous answer to "what would add one point?", given with a session's pulse.
    Like the votes it names nobody."""

    model_config = TABLE_CONFIG

    __tablename__ = "pulse_note"

    id: str = row_id()
    session_id: str = Field(foreign_key="study_session.id", index=True)
    text: str
    created_at: datetime = created()
    changed_at: datetime = changed()
