"""SQLModel tables for the whole cop vocabulary.

These rows never leave store/: services convert them to the plain dataclasses in
facilitator.domain, so the UI never meets a detached ORM instance. Enumerated values are
stored as short strings (see facilitator.domain for the allowed values) so the schema stays
readable with the sqlite3 shell and portable to other SQL servers.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from store.types import UTCDateTime, new_id, utcnow


def _id() -> str:
    return Field(default_factory=new_id, primary_key=True, max_length=32)


def _created() -> datetime:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def _changed() -> datetime:
    """When the row last changed, on whichever laptop: kept current by store.changes, and
    what an archive merge compares when both sides changed the same row."""
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


class Community(SQLModel, table=True):
    """A group that meets on a cadence, with its own agenda template and publishing target."""

    id: str = _id()
    name: str = Field(unique=True)
    kind: str = "company-wide"
    cadence: str = "weekly on thursday"
    meeting_time: str = "12:00"
    timezone: str = "UTC"
    input_minutes: int = 15
    practice_minutes: int = 25
    dialogue_minutes: int = 15
    handoff_minutes: int = 5
    talk_minutes: int = 5
    confluence_space: str | None = None
    confluence_parent_id: str | None = None
    created_at: datetime = _created()
    changed_at: datetime = _changed()


class Member(SQLModel, table=True):
    """A person on a community's roster; deactivated rather than deleted so history stays,
    and forgotten (nameless, see `forgotten_at`) when they ask to be removed."""

    __table_args__ = (
        UniqueConstraint("community_id", "name_key", name="uq_member_name"),
        Index("ix_member_community_email", "community_id", "email"),
    )

    id: str = _id()
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
    created_at: datetime = _created()
    changed_at: datetime = _changed()


class MemberUnavailability(SQLModel, table=True):
    """A period when a member cannot host (holiday, leave); inclusive dates."""

    __tablename__ = "member_unavailability"

    id: str = _id()
    member_id: str = Field(foreign_key="member.id", index=True)
    starts_on: date
    ends_on: date
    reason: str | None = None
    created_at: datetime = _created()
    changed_at: datetime = _changed()


class StudySession(SQLModel, table=True):
    """One meeting of a community. Named StudySession to keep clear of SQL sessions."""

    __tablename__ = "study_session"
    __table_args__ = (
        Index("ix_session_community_start", "community_id", "scheduled_at"),
        # Across every community (the library's "most recent" without --community).
        Index("ix_session_start", "scheduled_at"),
    )

    id: str = _id()
    community_id: str = Field(foreign_key="community.id")
    scheduled_at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    topic: str | None = None
    facilitator_id: str | None = Field(default=None, foreign_key="member.id", index=True)
    co_facilitator_id: str | None = Field(default=None, foreign_key="member.id")
    status: str = Field(default="planned", index=True)  # planned, live, ended, cancelled
    next_topic: str | None = None
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ended_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    cancel_reason: str | None = None
    abandoned: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    """Ended without the closing (the meeting broke up); what was captured is kept."""
    created_at: datetime = _created()
    changed_at: datetime = _changed()


class AgendaPart(SQLModel, table=True):
    """One of the four agenda parts of a session, with its planned budget."""

    __tablename__ = "agenda_part"

    __table_args__ = (UniqueConstraint("session_id", "position", name="uq_part_position"),)

    id: str = _id()
    session_id: str = Field(foreign_key="study_session.id", index=True)
    position: int  # 0 Input, 1 Practice sharing, 2 Dialogue, 3 Handoff
    name: str
    planned_seconds: int
    changed_at: datetime = _changed()


class TimerEvent(SQLModel, table=True):
    """An event of the agenda clock; the clock is always recomputed from these.

    `at` is wall-clock UTC (survives a restart); `monotonic` is the writer's monotonic reading
    (detects a laptop that slept). `seq` orders events written within one clock tick.
    """

    __tablename__ = "timer_event"

    __table_args__ = (Index("ix_timer_session_seq", "session_id", "seq"),)

    id: str = _id()
    session_id: str = Field(foreign_key="study_session.id")
    part_id: str | None = Field(default=None, foreign_key="agenda_part.id")
    seq: int
    kind: str  # start, pause, resume, goto, adjust, talk_start, talk_end, end
    at: datetime = Field(sa_type=UTCDateTime, nullable=False)
    monotonic: float | None = None
    delta_seconds: int | None = None
    ref_id: str | None = None  # e.g. the lightning talk a talk_start refers to
    changed_at: datetime = _changed()


class Attendance(SQLModel, table=True):
    """Whether a member was at a session; one row per member and session."""

    __table_args__ = (UniqueConstraint("session_id", "member_id", name="uq_attendance"),)

    id: str = _id()
    session_id: str = Field(foreign_key="study_session.id", index=True)
    member_id: str = Field(foreign_key="member.id", index=True)
    status: str = "present"  # present, excused, absent
    newcomer: bool = False
    passed: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})
    """An explicit pass at Handoff: asked for a "try this week", chose none this time."""
    updated_at: datetime = _created()
    changed_at: datetime = _changed()


class LightningTalk(SQLModel, table=True):
    """A short talk someone signed up for; not given means it rolls over to the next session."""

    __tablename__ = "lightning_talk"

    __table_args__ = (Index("ix_talk_session_position", "session_id", "position"),)

    id: str = _id()
    community_id: str = Field(foreign_key="community.id", index=True)
    session_id: str | None = Field(default=None, foreign_key="study_session.id")
    presenter_id: str = Field(foreign_key="member.id", index=True)
    title: str
    minutes: int = 5
    position: int = 0
    status: str = "queued"  # queued, running, given, skipped, withdrawn, rolled_over
    rolled_from_id: str | None = Field(default=None, foreign_key="lightning_talk.id")
    created_at: datetime = _created()
    changed_at: datetime = _changed()


class Takeaway(SQLModel, table=True):
    """One thing learned in a session; prompts and workflows form the knowledge base."""

    id: str = _id()
    session_id: str = Field(foreign_key="study_session.id", index=True)
    author_id: str | None = Field(default=None, foreign_key="member.id", index=True)
    kind: str = Field(default="tip", index=True)
    text: str
    created_at: datetime = _created()
    updated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revisits_id: str | None = Field(default=None, foreign_key="takeaway.id")
    """The earlier takeaway this one brought back from the library during a session."""
    changed_at: datetime = _changed()


OPEN_COMMITMENT = "outcome IS NULL"


class Commitment(SQLModel, table=True):
    """A person's "try this week": open until a CommitmentReview gives it an outcome."""

    __table_args__ = (
        Index("ix_commitment_due", "due_on"),
        # Only the open commitments: finding them reads the few open, not the whole history.
        # PostgreSQL's half of the condition is set by declare_server_options.
        Index("ix_commitment_open", "session_id", sqlite_where=text(OPEN_COMMITMENT)),
        # The library's "tried by N, worked for M" counts from the index alone.
        Index("ix_commitment_inspired", "inspired_by_takeaway_id", "outcome", "member_id"),
    )

    id: str = _id()
    session_id: str = Field(foreign_key="study_session.id", index=True)
    member_id: str = Field(foreign_key="member.id", index=True)
    text: str
    due_on: date
    inspired_by_talk_id: str | None = Field(default=None, foreign_key="lightning_talk.id")
    inspired_by_takeaway_id: str | None = Field(default=None, foreign_key="takeaway.id")
    carried_from_id: str | None = Field(default=None, foreign_key="commitment.id", index=True)
    carry_count: int = 0
    created_at: datetime = _created()
    outcome: str | None = None
    """The latest review's outcome (None while open), kept in step with every review and
    undo so the open ones and follow-through are read without visiting the reviews."""
    changed_at: datetime = _changed()


class LibraryEntry(SQLModel, table=True):
    """A takeaway promoted to the curated library: titled, tagged, owned and verified.

    Prompts go stale as models change, so an entry records when it was last verified and
    by whom; `cop library stale` lists those not verified for a while.
    """

    __tablename__ = "library_entry"

    id: str = _id()
    takeaway_id: str = Field(foreign_key="takeaway.id", unique=True)
    title: str
    tags: str = ""  # comma-separated, lower case
    tool: str | None = None
    model: str | None = None
    owner_id: str | None = Field(default=None, foreign_key="member.id")
    status: str = Field(default="draft", index=True)  # draft, reviewed, in-daily-use, retired
    verified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    verified_by_id: str | None = Field(default=None, foreign_key="member.id")
    created_at: datetime = _created()
    changed_at: datetime = _changed()


class CommitmentReview(SQLModel, table=True):
    """The outcome of a commitment; a later review with --force supersedes an earlier one."""

    __tablename__ = "commitment_review"

    id: str = _id()
    commitment_id: str = Field(foreign_key="commitment.id", index=True)
    outcome: str  # done, partly, not_tried, dropped, carried
    note: str | None = None
    reviewer_id: str | None = Field(default=None, foreign_key="member.id")
    session_id: str | None = Field(default=None, foreign_key="study_session.id", index=True)
    reviewed_at: datetime = _created()
    changed_at: datetime = _changed()


class RotationRecord(SQLModel, table=True):
    """Why a host was (or was not) assigned to a session: the rotation's audit trail."""

    __tablename__ = "rotation_record"

    id: str = _id()
    community_id: str = Field(foreign_key="community.id", index=True)
    session_id: str = Field(foreign_key="study_session.id", index=True)
    member_id: str = Field(foreign_key="member.id")
    action: str  # chosen, picked, skipped, swapped, co_host
    reason: str | None = None
    created_at: datetime = _created()
    changed_at: datetime = _changed()


class PublishRecord(SQLModel, table=True):
    """Where a session summary was exported or published, so re-publishing updates in place."""

    __tablename__ = "publish_record"

    id: str = _id()
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
    published_at: datetime = _created()
    changed_at: datetime = _changed()


class WarningThreshold(SQLModel, table=True):
    """A community's own value for one warning sign's threshold (the name is a field of
    facilitator.warning_signs.Thresholds, dashed); absent names keep the default."""

    __tablename__ = "warning_threshold"
    __table_args__ = (UniqueConstraint("community_id", "name", name="uq_threshold_name"),)

    id: str = _id()
    community_id: str = Field(foreign_key="community.id")
    name: str
    value: float
    changed_at: datetime = _changed()


class ChecklistTick(SQLModel, table=True):
    """A launch-checklist item ticked by hand, for what cop cannot tell from its data
    (leadership approval, activity connected to goals). Unticking deletes the row."""

    __tablename__ = "checklist_tick"
    __table_args__ = (UniqueConstraint("community_id", "item", name="uq_checklist_item"),)

    id: str = _id()
    community_id: str = Field(foreign_key="community.id")
    item: str
    ticked_at: datetime = _created()
    changed_at: datetime = _changed()


class CalendarSeries(SQLModel, table=True):
    """An invitation file written for a community's period (`cop invite`): its sequence
    number rises each time the content changes, so calendars update the events they hold
    (same UIDs) instead of adding new ones."""

    __tablename__ = "calendar_series"
    __table_args__ = (UniqueConstraint("community_id", "period_key", name="uq_series_period"),)

    id: str = _id()
    community_id: str = Field(foreign_key="community.id")
    period_key: str
    """`Period.key`: the ISO 8601 interval of local days the series covers."""
    sequence: int = 0
    content_hash: str
    changed_at: datetime = _changed()


class Draft(SQLModel, table=True):
    """A half-typed note kept when the app is closed mid-edit, offered again on resume."""

    __table_args__ = (UniqueConstraint("session_id", "form", name="uq_draft_form"),)

    id: str = _id()
    session_id: str = Field(foreign_key="study_session.id", index=True)
    form: str  # takeaway, commitment, closing
    payload: str  # JSON object of the form's fields
    updated_at: datetime = _created()


class Deletion(SQLModel, table=True):
    """A row deleted here, remembered so that merging an archive deletes it on the other
    side too instead of bringing it back (a tombstone). Written by store.changes."""

    table_name: str = Field(primary_key=True)
    row_id: str = Field(primary_key=True, max_length=32)
    deleted_at: datetime = _created()


def declare_server_options() -> None:
    """Give the partial index its PostgreSQL condition, once a server is opened.

    Naming a `postgresql_` option in the model makes SQLAlchemy load its PostgreSQL
    dialect (and asyncio with it, ≈ 50 ms) in every command, though one that reads a
    SQLite file never needs it. The migrations create the index on both engines.
    """
    (index,) = (i for i in Commitment.__table__.indexes if i.name == "ix_commitment_open")
    index.dialect_options["postgresql"]["where"] = text(OPEN_COMMITMENT)
