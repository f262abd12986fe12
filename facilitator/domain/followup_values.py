"""Commitments as the follow-up sees them, and follow-through (see facilitator.domain)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from facilitator.vocabulary import Outcome


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
