"""The `checklist_tick` table (see store.models)."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from store.models import community_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, created, row_id


class ChecklistTick(SQLModel, table=True):
    """A launch-checklist item ticked by hand, for what cop cannot tell from its data
    (leadership approval, activity connected to goals). Unticking deletes the row."""

    model_config = TABLE_CONFIG

    __tablename__ = "checklist_tick"
    __table_args__ = (UniqueConstraint("community_id", "item", name="uq_checklist_item"),)

    id: str = row_id()
    community_id: str = Field(foreign_key="community.id")
    item: str
    ticked_at: datetime = created()
    changed_at: datetime = changed()
