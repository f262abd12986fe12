"""Who hosts next and why, the rotation's history, and time away (see facilitator.domain)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from facilitator.vocabulary import RotationAction


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
