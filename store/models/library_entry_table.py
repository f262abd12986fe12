"""The `library_entry` table (see store.models)."""

from datetime import datetime

from sqlmodel import Field, Index, SQLModel

from store.models import member_table, takeaway_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, created, row_id
from store.types import UTCDateTime


class LibraryEntry(SQLModel, table=True):
    """A takeaway promoted to the curated library: titled, tagged, owned and verified.

    Prompts go stale as models change, so an entry records when it was last verified and
    by whom; `cop library stale` lists those not verified for a while.
    """

    model_config = TABLE_CONFIG

    __tablename__ = "library_entry"
    __table_args__ = (
        # A period's new entries (the report's "curated") are read by their time.
        Index("ix_library_entry_created_at", "created_at"),
    )

    id: str = row_id()
    takeaway_id: str = Field(foreign_key="takeaway.id", unique=True)
    title: str
    tags: str = ""  # comma-separated, lower case
    tool: str | None = None
    model: str | None = None
    owner_id: str | None = Field(default=None, foreign_key="member.id")
    status: str = Field(default="draft", index=True)  # draft, reviewed, in-daily-use, retired
    verified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    verified_by_id: str | None = Field(default=None, foreign_key="member.id")
    created_at: datetime = created()
    changed_at: datetime = changed()
