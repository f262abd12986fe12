"""Plain data the services hand to the CLI, the screens and the exporters.

Nothing here touches the database, so these values are safe to keep in a widget.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from facilitator.vocabulary import (
    AttendanceStatus,
    CommunityKind,
    LibraryStatus,
    Outcome,
    Role,
    RotationAction,
    SessionStatus,
    TakeawayKind,
    TalkStatus,
)

if TYPE_CHECKING:  # annotations only: the report's types load with the report
    from facilitator.report_data import ReportFollowUp, ReportPart


@dataclass(frozen=True)
class AgendaPartSpec:
    """A part of the agenda template with the brief's recommended range in minutes."""

    key: str
    name: str
    low: int
    high: int


AGENDA = (
    AgendaPartSpec("input", "Input", 10, 15),
    AgendaPartSpec("practice", "Practice sharing", 20, 30),
    AgendaPartSpec("dialogue", "Dialogue", 10, 15),
    AgendaPartSpec("handoff", "Handoff", 5, 5),
)


@dataclass(frozen=True)
class Community:
    id: str
    name: str
    kind: CommunityKind
    cadence: str
    meeting_time: str
    timezone: str
    minutes: dict[str, int]
    talk_minutes: int

    @property
    def total_minutes(self) -> int:
        return sum(self.minutes.values())


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    email: str | None
    department: str | None
    roles: tuple[Role, ...]
    active: bool
    willing_to_facilitate: bool
    joined_on: date
    sessions_attended: int = 0
    last_hosted: datetime | None = None


@dataclass(frozen=True)
class SessionSummary:
    """A session as lists and the home screen show it."""

    id: str
    community: str
    scheduled_at: datetime  # aware, in the community's time zone
    status: SessionStatus
    topic: str | None
    facilitator: str | None
    co_facilitator: str | None
    next_topic: str | None
    attendees: int = 0
    takeaways: int = 0
    commitments: int = 0
    talks: int = 0


@dataclass(frozen=True)
class HomeOverview:
    community: Community
    next_session: SessionSummary | None
    recent: list[SessionSummary] = field(default_factory=list)
    open_commitments: int = 0
    active_members: int = 0


@dataclass(frozen=True)
class ImportProblem:
    line: int
    reason: str


@dataclass(frozen=True)
class ImportReport:
    """What a roster import did (or, with --dry-run, would do)."""

    added: list[str]
    updated: list[str]
    unchanged: list[str]
    duplicates: list[str]
    problems: list[ImportProblem]
    dry_run: bool


@dataclass(frozen=True)
class StartProposal:
    """What `start` would open: an existing session, or one it will create from the cadence."""

    session_id: str | None
    community: str
    scheduled_at: datetime
    status: SessionStatus
    host: str | None
    topic: str | None
    members: list[str]
    moved_from: datetime | None = None
    """A later day's planned session, started early: the date it was planned for."""
    also_today: list[str] = field(default_factory=list)
    """Sessions that already ended or were cancelled that day ("12:00 ended (ab12cd34)")."""


@dataclass(frozen=True)
class AttendanceRow:
    member_id: str
    name: str
    department: str | None
    status: AttendanceStatus | None
    """None when not checked in yet."""
    newcomer: bool = False
    passed: bool = False


@dataclass(frozen=True)
class Talk:
    id: str
    presenter: str
    presenter_id: str
    title: str
    minutes: int
    status: TalkStatus
    position: int
    rolled_over: bool = False
    """Carried from an earlier session where it was not given."""


@dataclass(frozen=True)
class TakeawayItem:
    id: str
    kind: TakeawayKind
    text: str
    author: str | None
    author_id: str | None


@dataclass(frozen=True)
class CommitmentItem:
    id: str
    owner: str
    owner_id: str
    text: str
    due_on: date
    inspired_by: str | None = None
    """The talk title or takeaway text that inspired it, if one was linked."""


@dataclass(frozen=True)
class LiveSessionInfo:
    id: str
    community: str
    scheduled_at: datetime
    topic: str | None
    host: str | None
    status: SessionStatus
    default_due: date
    """The next session's date, else a week from the session: the default due date."""
    timezone: str


@dataclass(frozen=True)
class ClosingSummary:
    """What the end-of-session screen shows before the facilitator confirms."""

    present: list[str]
    excused: list[str]
    newcomers: list[str]
    talks: list[Talk]
    takeaways: list[TakeawayItem]
    commitments: list[CommitmentItem]
    passes: list[str]
    parts: list[ReportPart]
    follow_up: list[ReportFollowUp] = field(default_factory=list)
    """Earlier commitments reviewed at this session (its opening check-in)."""

    @property
    def without_commitment(self) -> list[str]:
        """People present who neither committed nor passed: Handoff missed them."""
        owners = {c.owner for c in self.commitments}
        return [p for p in self.present if p not in owners and p not in self.passes]


@dataclass(frozen=True)
class Placed:
    """A member in a rotation answer, with why they are where they are (or left out)."""

    name: str
    department: str | None
    reason: str


@dataclass(frozen=True)
class Rotation:
    """Who hosts a session, why, and who comes next: what `cop rotate` and Handoff show."""

    community: str
    session_id: str | None
    """None when the session is not planned yet (a dry run or a look ahead)."""
    scheduled_at: datetime
    planned_now: bool
    """The session was planned from the cadence by this rotation."""
    host: Placed | None
    co_host: Placed | None
    suggestion: Placed | None
    """The rule's choice for this session (None when nobody is eligible)."""
    next_in_line: list[Placed]
    not_eligible: list[Placed]
    changes: list[str]
    """What was recorded, in words; empty when nothing changed."""
    dry_run: bool = False
    host_conflict: str | None = None
    """Why the rule would now refuse the assigned host ("hosted the previous session"):
    an assignment made earlier that the facilitator must see, with the suggestion offered."""
    warnings: list[str] = field(default_factory=list)
    """Worth knowing but not a change ("X is marked as not facilitating"): shown once."""


@dataclass(frozen=True)
class RotationEntry:
    """One line of the rotation history."""

    session_id: str
    scheduled_at: datetime
    member: str
    action: RotationAction
    reason: str | None
    recorded_at: datetime


@dataclass(frozen=True)
class AwayItem:
    id: str
    member: str
    starts_on: date
    ends_on: date
    reason: str | None


@dataclass(frozen=True)
class FollowUpItem:
    """A commitment as the follow-up sees it: open (outcome None) or reviewed."""

    id: str
    short_id: str
    owner: str
    department: str | None
    text: str
    made_on: date
    due_on: date
    carries: int
    age_days: int
    overdue: bool
    outcome: Outcome | None = None
    note: str | None = None


@dataclass(frozen=True)
class MarkResult:
    id: str
    owner: str
    text: str
    outcome: Outcome
    successor_id: str | None = None
    successor_due: date | None = None
    suggestion: str | None = None
    """After two carries: make it smaller or drop it."""
    replaced: str | None = None
    """The earlier outcome a forced review changed."""
    review_id: str | None = None
    """The review recorded, so a one-key outcome can be undone at once."""


@dataclass(frozen=True)
class Rate:
    """Follow-through of one person, department or session."""

    key: str
    made: int
    resolved: int
    tried: int
    rate: float | None
    """tried / resolved; None while nothing is resolved."""


@dataclass(frozen=True)
class FollowThrough:
    departments: list[Rate]
    """Over the commitments of the last twelve months."""
    sessions: list[Rate]
    """The latest few sessions with commitments, oldest first, one per day."""


@dataclass(frozen=True)
class PersonHistory:
    name: str
    items: list[FollowUpItem]
    made: int
    tried: int
    rate: float | None


@dataclass(frozen=True)
class Nudge:
    owner: str
    department: str | None
    message: str
    open_count: int


@dataclass(frozen=True)
class Curation:
    """What curating added to a takeaway (see store.models.LibraryEntry)."""

    title: str
    tags: tuple[str, ...]
    tool: str | None
    model: str | None
    owner: str | None
    status: LibraryStatus
    verified_at: datetime | None
    verified_by: str | None


@dataclass(frozen=True)
class LibraryEntry:
    """A takeaway as the library shows it: where it came from and what came of it."""

    id: str
    kind: TakeawayKind
    text: str
    author: str | None
    department: str | None
    community: str
    session_id: str
    session_day: date
    topic: str | None
    tried: int
    """People who made a commitment inspired by it."""
    worked: int
    """Of those, people whose commitment came out done or partly."""
    notes: tuple[str, ...]
    """The one-line notes of the reviews of those commitments, newest first."""
    matched: tuple[tuple[int, int], ...]
    """Spans of `text` that match the search words (start, end), for highlighting."""
    curation: Curation | None = None
    """None until someone promotes the takeaway to a curated entry."""


@dataclass(frozen=True)
class LibraryResults:
    entries: list[LibraryEntry]
    words: tuple[str, ...]
    """The words searched for, folded; empty when listing the most recent."""


@dataclass(frozen=True)
class LibraryDocument:
    """The library as one document (cop library export): plain data for the exporters."""

    community: str
    generated_on: date
    entries: list[LibraryEntry]
    kind: TakeawayKind | None = None
    status: LibraryStatus | None = None
