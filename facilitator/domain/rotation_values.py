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


LISTED_IN_FULL = 12
"""Up to this many members left out are each named; more are counted by reason (`--all`
names them all)."""
NAMED_PER_REASON = 3
"""A reason few people share (skipped, away, the previous host) still names them."""


@dataclass(frozen=True)
class LeftOut:
    """Members left out for one reason, counted rather than named (a large roster's)."""

    reason: str
    count: int


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
    """The members left out by name, by name order."""
    changes: list[str]
    """What was recorded, in words; empty when nothing changed."""
    dry_run: bool = False
    host_conflict: str | None = None
    """Why the rule would now refuse the assigned host ("hosted the previous session"):
    an assignment made earlier that the facilitator must see, with the suggestion offered."""
    warnings: list[str] = field(default_factory=list)
    """Worth knowing but not a change ("X is marked as not facilitating"): shown once."""
    left_out: list[LeftOut] = field(default_factory=list)
    """More members left out, counted by reason: on a large roster, a reason that leaves
    out more than a dozen (unless everyone was asked for)."""

    def left_out_lines(self, everyone: bool = False) -> list[tuple[str | None, str, int]]:
        """Who is left out and why, as (name, reason, 1) or (None, reason, how many): each
        by name when everyone is asked for or there are LISTED_IN_FULL or fewer, else a
        count per reason, the most common first, naming the people of the rarer reasons,
        so that a roster of thousands gives a dozen lines."""
        if self.named_in_full(everyone):
            return [(p.name, p.reason, 1) for p in self.not_eligible]
        names: dict[str, list[str]] = {}
        for person in self.not_eligible:
            names.setdefault(person.reason, []).append(person.name)
        counts = {why: len(given) for why, given in names.items()}
        for group in self.left_out:
            names.setdefault(group.reason, [])
            counts[group.reason] = counts.get(group.reason, 0) + group.count
        lines: list[tuple[str | None, str, int]] = []
        for why in sorted(names, key=lambda why: (-counts[why], why)):
            if counts[why] <= NAMED_PER_REASON and len(names[why]) == counts[why]:
                lines.extend((name, why, 1) for name in names[why])
            else:
                lines.append((None, why, counts[why]))
        return lines

    def named_in_full(self, everyone: bool = False) -> bool:
        """Whether left_out_lines names each member left out rather than counting them."""
        return everyone or self.left_out_count <= LISTED_IN_FULL

    @property
    def left_out_count(self) -> int:
        return len(self.not_eligible) + sum(group.count for group in self.left_out)


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
