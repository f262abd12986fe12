"""The `member_unavailability` table (see store.models)."""

from datetime import date, datetime

from sqlmodel import Field, Index, SQLModel

from store.models import member_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, created, row_id


class MemberUnavailability(SQLModel, table=True):
    """A period when a member cannot host (holiday, leave); inclusive dates."""

    model_config = TABLE_CONFIG

    __tablename__ = "member_unavailability"
    __table_args__ = (
        # Who is away on a day: the periods not over by then, however many are past.
        Index("ix_member_unavailability_ends_on", "ends_on"),
    )

    id: str = row_id()
    member_id: str = Field(foreign_key="member.id", index=True)
    starts_on: date
    ends_on: date
    reason: str | None = None
    created_at: datetime = created()
    changed_at: datetime = changed()
