"""What a live session captures, and its closing summary (see facilitator.domain)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from facilitator.vocabulary import (
    AttendanceStatus,
    SessionStatus,
    TakeawayKind,
    TalkStatus,
)

if TYPE_CHECKING:  # annotations only
    from facilitator.pulse_tally import Pulse
    from facilitator.report_data import ReportFollowUp, ReportPart


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
    carried: bool = False
    """Carried over from an earlier session (reviewed here): not this week's new one."""


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
    pulse: Pulse | None = None
    """The room's votes so far (no votes yet is a pulse of zeros)."""
    topics_talked: list[str] = field(default_factory=list)
    """Dialogue topics talked through at this session."""
    topics_rolling: list[str] = field(default_factory=list)
    """Dialogue topics still on the board: they roll over when the session ends."""

    @property
    def made(self) -> list[CommitmentItem]:
        """This week's commitments: those carried over are counted apart."""
        return [c for c in self.commitments if not c.carried]

    @property
    def carried(self) -> list[CommitmentItem]:
        return [c for c in self.commitments if c.carried]

    @property
    def without_commitment(self) -> list[str]:
        """People present who neither committed nor passed: Handoff missed them."""
        owners = {c.owner for c in self.commitments if not c.carried}
        return [p for p in self.present if p not in owners and p not in self.passes]
