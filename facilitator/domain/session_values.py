"""Sessions as lists and home show them (see facilitator.domain)."""

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
