"""The `agenda_part` table (see store.models)."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from store.models import study_session_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, row_id


class AgendaPart(SQLModel, table=True):
    """One of the four agenda parts of a session, with its planned budget."""

    model_config = TABLE_CONFIG

    __tablename__ = "agenda_part"

    __table_args__ = (UniqueConstraint("session_id", "position", name="uq_part_position"),)

    id: str = row_id()
    session_id: str = Field(foreign_key="study_session.id", index=True)
    position: int  # 0 Input, 1 Practice sharing, 2 Dialogue, 3 Handoff
    name: str
    planned_seconds: int
    changed_at: datetime = changed()
