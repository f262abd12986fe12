"""Sessions as lists, home and the start form show them (see facilitator.domain)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from facilitator.vocabulary import SessionStatus

if TYPE_CHECKING:  # annotations only
    from facilitator.domain.community_values import Community


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
    today: date
    """The date where the community meets, when this was read: what "today" and "in 2
    days" on the cards count from."""
    recent: list[SessionSummary] = field(default_factory=list)
    open_commitments: int = 0
    active_members: int = 0
    missed: list[SessionSummary] = field(default_factory=list)
    """Planned sessions whose day passed unheld: hold them late, or cancel them."""
    next_date: datetime | None = None
    """With nothing planned: the cadence date the next session would take."""


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
class PlannedPeriod:
    """What planning a period did: the sessions it planned, and the cadence dates it left
    out and why."""

    label: str
    planned: list[datetime]
    already: list[date]
    cancelled: list[date]
    past: list[date]

    def left_out(self) -> list[tuple[str, list[date]]]:
        """(why, dates) for each reason a cadence date was not planned, in reading order."""
        reasons = [
            ("already planned or held", self.already),
            ("cancelled", self.cancelled),
            ("already past", self.past),
        ]
        return [(why, days) for why, days in reasons if days]
