"""The measures of a community's health over a period: plain values the insights service
computes and the report, the screen and the warning signs read."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from itertools import pairwise

from facilitator.pulse_tally import Counts, Tally, average_of, spread_of
from facilitator.vocabulary import TakeawayKind


@dataclass(frozen=True)
class Regularity:
    held: int
    """Cadence dates of the period a held session took (never more than `expected`)."""
    expected: int
    """Cadence dates of the period so far (for the current one), and those used up early."""
    cancelled: int
    longest_gap_days: int | None
    """Between two held sessions, or from the last one to the period's end (or today)."""
    cadence_days: int
    extra: int = 0
    """Sessions held off the cadence (no date of it taken): counted apart."""

    @property
    def sessions(self) -> int:
        """Every session held in the period, extra ones included."""
        return self.held + self.extra

    @property
    def shown(self) -> str:
        """ "4 of 5", "4 of 5 (+1 extra)"."""
        extra = f" (+{self.extra} extra)" if self.extra else ""
        return f"{self.held} of {self.expected}{extra}"


@dataclass(frozen=True)
class Turnout:
    average: float | None
    """People present per held session in the period."""
    own_average: float | None
    """Per held session over the whole history up to the period's end."""
    recent_average: float | None
    """Over the latest TREND_SESSIONS held sessions up to the period's end."""
    participants: int
    """Distinct people present in the period."""
    roster: int
    """Active members now."""
    active_participants: int = 0
    """Participants still on the active roster: the share counts only them, so members who
    left (or were forgotten) since cannot push it past 100%."""

    @property
    def share_of_roster(self) -> float | None:
        return self.active_participants / self.roster if self.roster else None


@dataclass(frozen=True)
class Newcomers:
    names: tuple[str, ...]
    """People whose first session was in the period."""
    returned: int
    """Of those whose next two sessions have been held: how many came to one of them."""
    known: int


@dataclass(frozen=True)
class Voices:
    """Who speaks: the talks given and the sessions hosted in the period."""

    talks: int
    presenters: int
    first_time_presenters: tuple[str, ...]
    presenter_absence_factor: int | None
    """The fewest people who gave half of the talks (1: one person gives them)."""
    hosts: int
    first_time_hosts: tuple[str, ...]
    host_absence_factor: int | None


@dataclass(frozen=True)
class Reach:
    """How far across the organisation the sessions reach (members without a department
    are left out of these counts)."""

    per_session: float | None
    """Departments present per held session, on average."""
    departments: int
    dominance: int | None
    """The fewest departments that make up half the attendance (1: one dominates)."""
    first_time: tuple[str, ...]


@dataclass(frozen=True)
class Learning:
    takeaways: dict[str, int]
    """By kind, most first."""
    curated: int
    """Takeaways promoted to the curated library in the period."""

    @property
    def prompts_and_workflows(self) -> int:
        return self.takeaways.get(TakeawayKind.PROMPT, 0) + self.takeaways.get(
            TakeawayKind.WORKFLOW, 0
        )


@dataclass(frozen=True)
class Applying:
    made: int
    """New commitments made at the period's sessions (carried ones not counted again)."""
    committed_share: float | None
    """Of the people present, the share who made one."""
    tried: int
    """Of every commitment at the period's sessions, carried ones included, how many came
    out done or partly (a carried one is resolved by its successor)."""
    resolved: int
    carried: int
    """Commitments carried over into the period's sessions."""
    without_commitments: int
    """Held sessions in the period that ended without any commitment."""
    stories: tuple[str, ...]
    """Notes of the commitments reviewed as done in the period, newest first."""

    @property
    def follow_through(self) -> float | None:
        return self.tried / self.resolved if self.resolved else None


@dataclass(frozen=True)
class PeriodPulse(Tally):
    """The pulse over a period's sessions that took one: every vote counted together (a
    session with more voters weighs more), against the people present at those sessions."""

    sessions: int = 0


@dataclass(frozen=True)
class SessionPoint:
    """One held session, as the charts over a period's sessions plot it."""

    day: date
    people: int
    presenters: int
    """Distinct people who gave a lightning talk."""
    tried: int
    resolved: int
    pulse: Counts | None = None
    """The votes of its pulse, when it took one."""

    @property
    def follow_through(self) -> float | None:
        return self.tried / self.resolved if self.resolved else None

    @property
    def pulse_average(self) -> float | None:
        return None if self.pulse is None else average_of(self.pulse)

    @property
    def pulse_spread(self) -> float | None:
        return None if self.pulse is None else spread_of(self.pulse)

    @property
    def pulse_response(self) -> float | None:
        """The share of the people present who voted."""
        if self.pulse is None or not self.people:
            return None
        return sum(self.pulse) / self.people


@dataclass(frozen=True)
class ImpactHalf:
    """The playbook's three measures of impact over one half-year."""

    label: str
    """2026 H2"""
    applied: int
    """Use cases applied to real work: commitments of the half's sessions done or partly."""
    entries: int
    """Prompts and documents shared: takeaways curated into the library in the half."""
    pages: int
    """…and pages published in the half (summaries, reports, the library)."""
    surveyed: int
    """How many answered the survey's question on AI use (0: no survey for the half)."""
    grew: float | None
    """Of them, the share whose use increased (a lot or a little)."""


@dataclass(frozen=True)
class PeriodFigures:
    """Every measure of one period."""

    label: str
    regularity: Regularity
    turnout: Turnout
    newcomers: Newcomers
    voices: Voices
    reach: Reach
    learning: Learning
    applying: Applying
    pulse: PeriodPulse = PeriodPulse()


def longest_gap(before: datetime | None, held: list[datetime], until: datetime) -> int | None:
    """The most whole days between two sessions in a row, or from the last one to `until`:
    `before` is the latest session before the period, `held` the period's, in order."""
    moments = ([before] if before else []) + held
    if not moments:
        return None
    edges = [*moments, until]
    return max((later - earlier).days for earlier, later in pairwise(edges))


def absence_factor(counts: list[int]) -> int | None:
    """The fewest people who together account for half of everything (counts most first)."""
    total = sum(counts)
    if not total:
        return None
    running = 0
    for people, count in enumerate(sorted(counts, reverse=True), start=1):
        running += count
        if 2 * running >= total:
            return people
    return len(counts)
