"""The `publish_record` table (see store.models)."""

from datetime import datetime

from sqlmodel import Field, Index, SQLModel

from store.models import community_table, study_session_table  # noqa: F401  (the tables its keys refer to)
from store.models.model_fields import TABLE_CONFIG, changed, created, row_id


class PublishRecord(SQLModel, table=True):
    """Where a session summary was exported or published, so re-publishing updates in place."""

    model_config = TABLE_CONFIG

    __tablename__ = "publish_record"
    __table_args__ = (Index("ix_publish_record_published_at", "published_at"),)

    id: str = row_id()
    session_id: str | None = Field(default=None, foreign_key="study_session.id", index=True)
    """The session whose summary this is; None for a community's library page."""
    community_id: str | None = Field(default=None, foreign_key="community.id", index=True)
    """The community whose library page (or quarterly report) this is; session summaries
    leave it empty."""
    report_period: str | None = None
    """The period of a community's insights report, e.g. 2026Q4 (one page per period);
    empty for a summary or the library page."""
    target: str  # markdown-file, confluence-cloud, confluence-datacenter
    location: str  # a file path or a page URL
    page_id: str | None = None
    page_version: int | None = None
    content_hash: str
    published_at: datetime = created()
    changed_at: datetime = changed()
