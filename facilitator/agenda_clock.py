"""The agenda clock, computed from stored events: never from counted ticks.

A reading is a pure function of the session's parts, its timer events and "now". Time
between events is measured on the events' own timestamps, so after a crash the same events
give the same clock, and the time the app was down counts as it did in the room. The live
app writes those timestamps from a monotonic anchor (see facilitator.session_time), so
within one run they advance exactly with the monotonic clock.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from facilitator.vocabulary import EventKind

MIN_BUDGET_SECONDS = 60
"""`-` and rebalancing never take a part below one minute."""


@dataclass(frozen=True)
class PartPlan:
    id: str
    name: str
    planned_seconds: int


@dataclass(frozen=True)
class ClockEvent:
    kind: EventKind
    at: datetime
    part_id: str | None = None
    delta_seconds: int | None = None
    ref_id: str | None = None


@dataclass(frozen=True)
class PartTime:
    id: str
    name: str
    planned_seconds: int
    budget_seconds: int
    """The plan after `+`, `-` and rebalancing."""
    elapsed_seconds: float

    @property
    def remaining_seconds(self) -> float:
        return self.budget_seconds - self.elapsed_seconds


@dataclass(frozen=True)
class ClockReading:
    parts: tuple[PartTime, ...]
    current: int
    started_at: datetime | None
    ended_at: datetime | None
    running: bool
    now: datetime
    talk_id: str | None = None
    talk_elapsed_seconds: float = 0.0
    topic_id: str | None = None
    """The Dialogue topic being talked through, if any."""
    topic_elapsed_seconds: float = 0.0
    topic_budget_seconds: int = 0
    """Its timebox, with every extension the room chose."""

    @property
    def topic_remaining_seconds(self) -> float:
        """The topic's own countdown (negative: past its timebox)."""
        return self.topic_budget_seconds - self.topic_elapsed_seconds

    @property
    def started(self) -> bool:
        return self.started_at is not None

    @property
    def ended(self) -> bool:
        return self.ended_at is not None

    @property
    def part(self) -> PartTime:
        return self.parts[self.current]

    @property
    def remaining_seconds(self) -> float:
        return self.part.remaining_seconds

    @property
    def overtime_seconds(self) -> float:
        return max(0.0, -self.remaining_seconds)

    @property
    def is_last_part(self) -> bool:
        return self.current == len(self.parts) - 1

    @property
    def session_elapsed_seconds(self) -> float:
        """Time since the start, pauses included: what the room has spent."""
        if self.started_at is None:
            return 0.0
        end = self.ended_at or self.now
        return max(0.0, (end - self.started_at).total_seconds())

    @property
    def planned_end(self) -> datetime | None:
        """The actual start plus the agenda as planned before any change."""
        if self.started_at is None:
            return None
        return self.started_at + timedelta(seconds=sum(p.planned_seconds for p in self.parts))

    @property
    def projected_end(self) -> datetime | None:
        """Now, plus what is left of this part, plus the budgets of the parts after it."""
        if self.started_at is None:
            return None
        if self.ended_at is not None:
            return self.ended_at
        later = sum(p.budget_seconds for p in self.parts[self.current + 1 :])
        left = max(0.0, self.remaining_seconds) + later
        return self.now + timedelta(seconds=left)

    @property
    def late_seconds(self) -> float:
        """How far the projected end is past the planned end (negative: early)."""
        if self.planned_end is None or self.projected_end is None:
            return 0.0
        return (self.projected_end - self.planned_end).total_seconds()

    @property
    def late_minutes(self) -> int:
        """Whole minutes late (negative: early), half a minute rounding up.

        The one definition of late: the status panel shows it and a rebalance cuts exactly
        it, so after a rebalance the panel reads "on time".
        """
        return math.floor(self.late_seconds / 60 + 0.5)


def read_clock(
    parts: Sequence[PartPlan], events: Iterable[ClockEvent], now: datetime
) -> ClockReading:
    """Replay the events in order (the caller sorts them by seq) and read the clock at now."""
    index = {part.id: i for i, part in enumerate(parts)}
    budgets = [part.planned_seconds for part in parts]
    elapsed = [0.0] * len(parts)
    current = 0
    started_at: datetime | None = None
    ended_at: datetime | None = None
    running_since: datetime | None = None
    talk_id: str | None = None
    talk_elapsed = 0.0
    topic_id: str | None = None
    topic_elapsed = 0.0
    topic_budget = 0

    def bank(at: datetime) -> None:
        """Credit the running stretch up to `at` to the current part (and running talk or
        topic)."""
        nonlocal running_since, talk_elapsed, topic_elapsed
        if running_since is None:
            return
        stretch = max(0.0, (at - running_since).total_seconds())
        elapsed[current] += stretch
        if talk_id is not None:
            talk_elapsed += stretch
        if topic_id is not None:
            topic_elapsed += stretch
        running_since = at

    for event in events:
        if ended_at is not None:
            break
        kind = event.kind
        if kind == EventKind.START:
            if started_at is None:
                started_at = running_since = event.at
                current = index.get(event.part_id or "", 0)
        elif started_at is None:
            continue
        elif kind == EventKind.PAUSE:
            bank(event.at)
            running_since = None
        elif kind == EventKind.RESUME:
            if running_since is None:
                running_since = event.at
        elif kind == EventKind.GOTO:
            bank(event.at)
            current = index.get(event.part_id or "", current)
        elif kind == EventKind.ADJUST:
            target = index.get(event.part_id or "", current)
            budgets[target] = max(MIN_BUDGET_SECONDS, budgets[target] + (event.delta_seconds or 0))
        elif kind == EventKind.TALK_START:
            bank(event.at)
            talk_id, talk_elapsed = event.ref_id, 0.0
        elif kind == EventKind.TALK_END:
            bank(event.at)
            talk_id = None
        elif kind == EventKind.TOPIC_START:
            bank(event.at)
            topic_id, topic_elapsed = event.ref_id, 0.0
            topic_budget = event.delta_seconds or 0
        elif kind == EventKind.TOPIC_EXTEND:
            if topic_id is not None and event.ref_id == topic_id:
                topic_budget += event.delta_seconds or 0
        elif kind == EventKind.TOPIC_END:
            bank(event.at)
            topic_id = None
        elif kind == EventKind.SLEEP:
            bank(event.at)
            lost = float(event.delta_seconds or 0)
            elapsed[current] = max(0.0, elapsed[current] - lost)
            talk_elapsed = max(0.0, talk_elapsed - lost)
            topic_elapsed = max(0.0, topic_elapsed - lost)
        elif kind == EventKind.END:
            bank(event.at)
            running_since = None
            ended_at = event.at
    if ended_at is None:
        bank(now)
    times = tuple(
        PartTime(p.id, p.name, p.planned_seconds, budgets[i], elapsed[i])
        for i, p in enumerate(parts)
    )
    return ClockReading(
        parts=times,
        current=current,
        started_at=started_at,
        ended_at=ended_at,
        running=running_since is not None,
        now=now,
        talk_id=talk_id,
        talk_elapsed_seconds=talk_elapsed,
        topic_id=topic_id,
        topic_elapsed_seconds=topic_elapsed if topic_id is not None else 0.0,
        topic_budget_seconds=topic_budget if topic_id is not None else 0,
    )


@dataclass(frozen=True)
class Rebalance:
    """A proposal to end on time: minutes taken from parts before Handoff."""

    cuts: tuple[tuple[int, int], ...]
    """(part index, seconds removed) for each part that gives time."""
    late_seconds: int
    still_late_seconds: int
    """What no cut can recover without touching Handoff."""

    @property
    def recovered_seconds(self) -> int:
        return sum(seconds for _, seconds in self.cuts)


def propose_rebalance(reading: ClockReading) -> Rebalance | None:
    """Shorten the rest of the agenda so the session ends at the planned end.

    Minutes are taken one at a time from the remaining parts before Handoff (the current
    one included), each time from the part that has given the smallest share of its spare
    time so far, so longer parts give more and every part keeps at least one minute.
    Handoff is never part of a proposal: it is where commitments are made.
    None when the session is not late.
    """
    if not reading.started or reading.ended:
        return None
    if reading.late_minutes <= 0:
        return None
    late = reading.late_minutes * 60
    last = len(reading.parts) - 1
    spare: dict[int, float] = {}  # what each part could give (a part short of it never gives)
    for i in range(reading.current, last):
        part = reading.parts[i]
        left = part.remaining_seconds if i == reading.current else part.budget_seconds
        spare[i] = left - MIN_BUDGET_SECONDS
    cuts: dict[int, int] = {}
    recovered = 0
    while recovered < late:
        able = [i for i in spare if spare[i] - cuts.get(i, 0) >= 60]
        if not able:
            break
        giver = min(able, key=lambda i: (cuts.get(i, 0) / spare[i], -spare[i], i))
        cuts[giver] = cuts.get(giver, 0) + 60
        recovered += 60
    return Rebalance(
        cuts=tuple(sorted(cuts.items())),
        late_seconds=late,
        still_late_seconds=max(0, late - recovered),
    )
