"""The `warning_threshold` table (see store.models)."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from store.models import community_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, row_id


class WarningThreshold(SQLModel, table=True):
    """A community's own value for one warning sign's threshold (the name is a field of
    facilitator.warning_signs.Thresholds, dashed); absent names keep the default."""

    model_config = TABLE_CONFIG

    __tablename__ = "warning_threshold"
    __table_args__ = (UniqueConstraint("community_id", "name", name="uq_threshold_name"),)

    id: str = row_id()
    community_id: str = Field(foreign_key="community.id")
    name: str
    value: float
    changed_at: datetime = changed()
