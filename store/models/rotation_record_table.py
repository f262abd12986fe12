"""The `rotation_record` table (see store.models)."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from store.models import community_table, member_table, study_session_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, created, row_id


class RotationRecord(SQLModel, table=True):
    """Why a host was (or was not) assigned to a session: the rotation's audit trail."""

    model_config = TABLE_CONFIG

    __tablename__ = "rotation_record"

    id: str = row_id()
    community_id: str = Field(foreign_key="community.id", index=True)
    session_id: str = Field(foreign_key="study_session.id", index=True)
    member_id: str = Field(foreign_key="member.id")
    action: str  # chosen, picked, skipped, swapped, co_host
    reason: str | None = None
    created_at: datetime = created()
    changed_at: datetime = changed()
