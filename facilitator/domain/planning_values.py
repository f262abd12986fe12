"""What starting or planning would do, and what planning a period did (see
facilitator.domain). Apart from the session values: home's first frame needs neither."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from facilitator.vocabulary import SessionStatus


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
