"""A session's summary as plain data: what the exporters render, without the database.

One summary, two renderers (exporters/markdown.py and exporters/confluence.py): both read
only these frozen values, so the same data always gives the same text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from facilitator.vocabulary import Outcome, SessionStatus, TakeawayKind, TalkStatus

if TYPE_CHECKING:  # annotations only
    from facilitator.pulse_tally import Pulse

OUTCOME_LABELS = {
    Outcome.DONE: "Done",
    Outcome.PARTLY: "Partly",
    Outcome.NOT_TRIED: "Not tried",
    Outcome.DROPPED: "Dropped",
    Outcome.CARRIED: "Carried over",
}
KIND_TITLES = {
    TakeawayKind.TIP: "Tips",
    TakeawayKind.PROMPT: "Prompts",
    TakeawayKind.WORKFLOW: "Workflows",
    TakeawayKind.TOOL: "Tools",
    TakeawayKind.RISK: "Risks",
    TakeawayKind.QUESTION: "Questions",
    TakeawayKind.RESOURCE: "Resources",
}


ABSENT_NAMED_UP_TO = 40
"""A session's absentees are named up to this many; on a large roster they are counted
(a summary of 78 people present should not carry the names of 2,000 who were not)."""

NOT_NAMED = f"not named (more than {ABSENT_NAMED_UP_TO})"
"""What an export says in place of absentees counted and not named."""


@dataclass(frozen=True)
class ReportPerson:
    name: str
    department: str | None = None
    confluence_account_id: str | None = None
    """Cloud identity, for a mention."""
    confluence_user_key: str | None = None
    """Data Center identity, for a mention."""


@dataclass(frozen=True)
class ReportPart:
    name: str
    planned_minutes: int
    """The plan as it was run: the template's minutes after `+`, `-` and rebalancing."""
    actual_minutes: float | None
    """None when the clock never ran (a session recorded without the live agenda)."""
    original_minutes: int | None = None
    """The minutes planned before the session changed them; None when they did not change."""

    @property
    def plan(self) -> str:
        """The plan as it was run; the original too when `+`, `-` or a rebalance changed it.

        The facilitator changes the plan in the room, so a report that showed only the
        template's minutes would contradict what everybody saw on the strip.
        """
        if self.original_minutes is None:
            return f"{self.planned_minutes} min"
        return f"{self.planned_minutes} min (planned {self.original_minutes})"


@dataclass(frozen=True)
class ReportTalk:
    presenter: str
    title: str
    status: TalkStatus


@dataclass(frozen=True)
class ReportTakeaway:
    kind: TakeawayKind
    text: str
    author: str | None


@dataclass(frozen=True)
class ReportCommitment:
    owner: ReportPerson
    text: str
    due_on: date
    outcome: Outcome | None = None
    """None while open; done ticks the task."""
    carried: bool = False
    """Carried over from an earlier session: listed, but not counted as a new one."""


@dataclass(frozen=True)
class ReportTopic:
    """A Dialogue topic on the session's board as it ended."""

    text: str
    votes: int
    seconds: int
    discussed: bool
    """False: not reached, rolled over to the next session."""


@dataclass(frozen=True)
class ReportFollowUp:
    """An earlier commitment reviewed at this session."""

    owner: ReportPerson
    text: str
    outcome: Outcome
    note: str | None


@dataclass(frozen=True)
class ReportNext:
    scheduled_at: datetime
    host: str | None
    topic: str | None


@dataclass(frozen=True)
class SessionReport:
    session_id: str
    community: str
    scheduled_at: datetime
    """Aware, in the community's time zone."""
    timezone: str
    status: SessionStatus
    topic: str | None
    host: ReportPerson | None
    co_host: ReportPerson | None = None
    abandoned: bool = False
    present: list[tuple[str, list[str]]] = field(default_factory=list)
    """(department, names) pairs; members without a department come last as "Other"."""
    excused: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    absent_count: int | None = None
    """How many were absent when there were more than ABSENT_NAMED_UP_TO, who are then
    counted and not named (`absent` is empty); None when `absent` names them all."""
    newcomers: list[str] = field(default_factory=list)
    parts: list[ReportPart] = field(default_factory=list)
    talks: list[ReportTalk] = field(default_factory=list)
    takeaways: list[ReportTakeaway] = field(default_factory=list)
    commitments: list[ReportCommitment] = field(default_factory=list)
    """This session's new commitments first, then those carried over to it."""
    follow_up: list[ReportFollowUp] = field(default_factory=list)
    next_session: ReportNext | None = None
    pulse: Pulse | None = None
    """The room's "was it worth your time?", when anyone voted or left a note."""
    topics: list[ReportTopic] = field(default_factory=list)
    """Dialogue's topics: those discussed (most voted first), then those rolled over."""

    @property
    def discussed_topics(self) -> list[ReportTopic]:
        return [t for t in self.topics if t.discussed]

    @property
    def rolled_over_topics(self) -> list[ReportTopic]:
        return [t for t in self.topics if not t.discussed]

    @property
    def present_count(self) -> int:
        return sum(len(names) for _, names in self.present)

    def attendance_lines(self) -> list[tuple[str, int, list[str]]]:
        """(label, how many, their names) for the newcomers, the excused and the absent
        when there are any; the names are empty when too many were absent to name."""
        absent = len(self.absent) if self.absent_count is None else self.absent_count
        lines = [
            ("New", len(self.newcomers), self.newcomers),
            ("Excused", len(self.excused), self.excused),
            ("Absent", absent, self.absent),
        ]
        return [line for line in lines if line[1]]

    @property
    def title(self) -> str:
        """The page title: "<community> — <date>: <topic>"."""
        topic = f": {self.topic}" if self.topic else ""
        return f"{self.community} — {self.scheduled_at:%Y-%m-%d}{topic}"

    def takeaways_by_kind(self) -> list[tuple[TakeawayKind, list[ReportTakeaway]]]:
        """Takeaways grouped in the fixed kind order, keeping their order within a kind."""
        groups = [(k, [t for t in self.takeaways if t.kind == k]) for k in KIND_TITLES]
        return [(kind, items) for kind, items in groups if items]
