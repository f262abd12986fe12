"""The `member` table (see store.models)."""

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from store.models import community_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, created, row_id
from store.types import UTCDateTime


class Member(SQLModel, table=True):
    """A person on a community's roster; deactivated rather than deleted so history stays,
    and forgotten (nameless, see `forgotten_at`) when they ask to be removed."""

    model_config = TABLE_CONFIG

    __table_args__ = (
        UniqueConstraint("community_id", "name_key", name="uq_member_name"),
        Index("ix_member_community_email", "community_id", "email"),
        Index("ix_member_community_department", "community_id", "department"),
    )

    id: str = row_id()
    community_id: str = Field(foreign_key="community.id", index=True)
    name: str
    name_key: str  # casefolded name, so "ana" and "Ana" are one person
    email: str | None = None
    department: str | None = None
    roles: str = "member"  # comma-separated: member, champion, lead
    active: bool = True
    willing_to_facilitate: bool = True
    joined_on: date
    confluence_account_id: str | None = None  # Confluence Cloud mention identity
    confluence_user_key: str | None = None  # Confluence Data Center mention identity
    forgotten_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    """When the person was forgotten at their request (store.forgetting): the row stays so
    that counts stay true, without anything that identifies them."""
    created_at: datetime = created()
    changed_at: datetime = changed()
