"""The fair rotation rule: who should host a session next, in what order, and why.

Pure: it takes plain facts (the roster, everyone's turns, away periods, skips) and returns
the line of eligible members with a reason for each place and for everyone left out. The
same facts always give the same line, so it can be property-tested without a database.

A member who was skipped (away) or who swapped a turn away needs no bookkeeping to keep
their place at the head of the line: the order depends only on each member's own turns,
so someone who did not take a turn stays ahead of everyone who did.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from facilitator.vocabulary import plural

INACTIVE = "not on the active roster"
UNWILLING = "does not facilitate (roster: --no-facilitate)"
NEWCOMER = "has not attended a session yet"
NEWCOMERS_COUNT = "nobody eligible has attended a session yet, so newcomers count"


@dataclass(frozen=True)
class AwayPeriod:
    starts_on: date
    ends_on: date
    reason: str | None = None

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def describe(self) -> str:
        span = (
            f"{self.starts_on}"
            if self.starts_on == self.ends_on
            else (f"{self.starts_on} to {self.ends_on}")
        )
        return f"away {span}" + (f" ({self.reason})" if self.reason else "")


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    joined_on: date
    department: str | None = None
    active: bool = True
    willing: bool = True
    has_attended: bool = False
    """Present at a session held so far: newcomers host only when nobody else can."""
    away: tuple[AwayPeriod, ...] = ()


@dataclass(frozen=True)
class Turn:
    """One session someone hosts (or co-hosts): held, or already assigned for later."""

    member_id: str
    at: datetime


@dataclass(frozen=True)
class Occasion:
    """The session being decided and its neighbours."""

    day: date
    previous: str | None = None
    """Who had this role at the session before (they do not get it twice in a row)."""
    following: str | None = None
    """Who already has this role at the session after, when one is planned."""
    skipped: Mapping[str, str] = field(default_factory=dict)
    """Members skipped for this session, with the reason given."""
    host: Person | None = None
    """For a co-host: the host, whose department the co-host must not share."""


@dataclass(frozen=True)
class Standing:
    """A place in the line: the member and the facts that put them there."""

    person: Person
    turns: int
    last_turn: datetime | None

    def sort_key(self) -> tuple:
        # Equal counts of turns come from one tally, so with both a latest turn or neither:
        # a date is only ever compared with a date. Ties end on joining, the name, the id.
        return (
            self.turns,
            self.last_turn,
            self.person.joined_on,
            self.person.name.casefold(),
            self.person.id,
        )


@dataclass(frozen=True)
class Ruling:
    role: str  # "host" or "co-host"
    line: tuple[Standing, ...]
    not_eligible: tuple[tuple[Person, str], ...]
    notes: tuple[str, ...] = ()
    counted: tuple[tuple[str, int], ...] = ()
    """More people left out, counted by reason instead of named: on a large roster the
    database rules on the head of the line and counts the rest (see rotation_facts)."""

    @property
    def choice(self) -> Standing | None:
        return self.line[0] if self.line else None

    @property
    def past(self) -> str:
        return "hosted" if self.role == "host" else "co-hosted"

    def turn_word(self, n: int) -> str:
        noun = "turn" if self.role == "host" else "co-host turn"
        return plural(n, noun)

    def facts(self, standing: Standing) -> str:
        """One place's facts, e.g. "1 turn, last 2026-10-01"."""
        if standing.last_turn is None:
            return f"never {self.past}, joined {standing.person.joined_on}"
        return f"{self.turn_word(standing.turns)}, last {standing.last_turn.date()}"

    def reason(self) -> str:
        """Why the first in line comes first, in words, with any relaxation of the rule."""
        if not self.line:
            return "nobody is eligible"
        first = self.line[0]
        if len(self.line) == 1:
            why = f"the only one eligible ({self.facts(first)})"
        else:
            why = self._ahead(first, self.line[1])
        return "; ".join([why, *self.notes])

    def _ahead(self, first: Standing, second: Standing) -> str:
        other = second.person.name
        if first.turns != second.turns:
            return f"fewest turns so far ({first.turns}; {other} has {second.turns})"
        if first.last_turn != second.last_turn:
            # Equal counts of turns (one or more) from one tally: both have a latest turn.
            assert first.last_turn is not None
            assert second.last_turn is not None
            mine, theirs = first.last_turn.date(), second.last_turn.date()
            return f"longest since their last turn ({mine}; {other}: {theirs})"
        if first.person.joined_on != second.person.joined_on:
            return f"as many turns as {other}, joined earlier ({first.person.joined_on})"
        return f"tied with {other} on turns and joining date; first by name"


def host_line(
    people: Iterable[Person], turns: Iterable[Turn] | TurnTally, occasion: Occasion
) -> Ruling:
    """The hosting line for a session."""
    return _line("host", list(people), turns, occasion)


def co_host_line(
    people: Iterable[Person], turns: Iterable[Turn] | TurnTally, occasion: Occasion
) -> Ruling:
    """The co-hosting line: the same rule over co-host turns, from another department."""
    return _line("co-host", list(people), turns, occasion)


@dataclass(frozen=True)
class TurnTally:
    """Everyone's turns already counted (by the database): how many, and the latest."""

    counts: dict[str, int]
    last: dict[str, datetime]


def _tally(turns: Iterable[Turn] | TurnTally) -> tuple[dict[str, int], dict[str, datetime]]:
    if isinstance(turns, TurnTally):
        return turns.counts, turns.last
    counts: dict[str, int] = {}
    last: dict[str, datetime] = {}
    for turn in turns:
        counts[turn.member_id] = counts.get(turn.member_id, 0) + 1
        if turn.member_id not in last or turn.at > last[turn.member_id]:
            last[turn.member_id] = turn.at
    return counts, last


def _hard_reason(role: str, person: Person, occasion: Occasion) -> str | None:
    """A reason that always rules someone out (no shortage of hosts relaxes it)."""
    if not person.active:
        return INACTIVE
    if not person.willing:
        return UNWILLING
    for period in person.away:
        if period.covers(occasion.day):
            return period.describe()
    if person.id in occasion.skipped:
        return f"skipped: {occasion.skipped[person.id]}"
    if role == "co-host" and occasion.host is not None:
        host = occasion.host
        if person.id == host.id:
            return "is the host"
        if not person.department:
            return "no department on the roster"
        if host.department and person.department.casefold() == host.department.casefold():
            return f"same department as the host ({host.department})"
    return None


def _line(
    role: str, people: list[Person], turns: Iterable[Turn] | TurnTally, occasion: Occasion
) -> Ruling:
    out: list[tuple[Person, str]] = []
    pool: list[Person] = []
    for person in people:
        why = _hard_reason(role, person, occasion)
        if why:
            out.append((person, why))
        else:
            pool.append(person)
    notes: list[str] = []
    if role == "co-host" and occasion.host is not None and not occasion.host.department:
        notes.append("the host has no department on the roster, so any department pairs")

    regulars = [p for p in pool if p.has_attended]
    if regulars:
        out.extend((p, NEWCOMER) for p in pool if not p.has_attended)
        pool = regulars
    elif pool:
        notes.append(NEWCOMERS_COUNT)

    verb = "hosted" if role == "host" else "co-hosted"
    neighbours = {
        occasion.previous: f"{verb} the previous session",
        occasion.following: f"already {role}s the following session",
    }
    rested = [p for p in pool if p.id not in neighbours]
    if rested:
        out.extend((p, neighbours[p.id]) for p in pool if p.id in neighbours)
        pool = rested
    elif pool:
        notes.append("back to back: nobody else is eligible")

    counts, last = _tally(turns)
    line = sorted(
        (Standing(p, counts.get(p.id, 0), last.get(p.id)) for p in pool),
        key=Standing.sort_key,
    )
    out.sort(key=lambda item: (item[0].name.casefold(), item[0].id))
    return Ruling(role, tuple(line), tuple(out), tuple(notes))
