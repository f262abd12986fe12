"""Warning signs that a community is fading, each with its evidence and a next step.

Pure rules over the period's measures (facilitator.services.insights), so each one can be
tested with hand-made figures; the thresholds are the community's to tune.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from enum import StrEnum
from typing import cast

from facilitator.insight_data import Applying, Newcomers, Reach, Regularity, Turnout, Voices
from facilitator.pulse_tally import falling
from facilitator.vocabulary import plural

FALLS = 3
"""The pulse falling this many sessions in a row is a sign."""


class Sign(StrEnum):
    GAP = "gap"
    ATTENDANCE_FALLING = "attendance-falling"
    FEW_PRESENTERS = "few-presenters"
    FEW_HOSTS = "few-hosts"
    NO_COMMITMENTS = "no-commitments"
    LOW_FOLLOW_THROUGH = "low-follow-through"
    NEWCOMERS_NOT_RETURNING = "newcomers-not-returning"
    EMPTY_TALK_QUEUE = "empty-talk-queue"
    ONE_DEPARTMENT = "one-department"
    PULSE_FALLING = "pulse-falling"
    PULSE_LOW = "pulse-low"


def _tunable(default: float, low: float, high: float, meaning: str):
    whole = isinstance(default, int)
    return field(
        default=default, metadata={"low": low, "high": high, "meaning": meaning, "whole": whole}
    )


@dataclass(frozen=True)
class Thresholds:
    """When each sign shows. A community tunes them (`cop community edit --threshold`);
    each field's metadata gives the range a tuned value must lie in and what it means."""

    gap_multiple: float = _tunable(1.5, 1.0, 10.0, "a gap longer than this many cadences")
    attendance_drop: float = _tunable(
        0.25, 0.05, 0.95, "latest attendance this share below the community's average"
    )
    absence_factor: int = _tunable(
        2, 1, 10, "half the talks (or sessions hosted) given by this many people or fewer"
    )
    min_talks: int = _tunable(
        4, 1, 100, "judge presenters and hosts from this many talks or sessions"
    )
    follow_through_floor: float = _tunable(
        0.5, 0.05, 1.0, "fewer than this share of resolved commitments tried"
    )
    min_resolved: int = _tunable(5, 1, 100, "judge follow-through from this many resolved")
    return_floor: float = _tunable(
        0.5, 0.05, 1.0, "fewer than this share of newcomers came back within two sessions"
    )
    queue_days: int = _tunable(2, 1, 14, "warn of an empty talk queue this many days ahead")
    inactive_sessions: int = _tunable(
        4, 1, 26, "inactive after missing this many sessions in a row"
    )
    pulse_floor: float = _tunable(
        3.5, 1.0, 5.0, "the pulse's average over the latest sessions below this (1 to 5)"
    )


@dataclass(frozen=True)
class ThresholdSpec:
    """One tunable threshold as a person names it (dashed) and may set it."""

    name: str
    attribute: str
    low: float
    high: float
    whole: bool
    meaning: str
    default: float


def threshold_specs() -> list[ThresholdSpec]:
    return [
        ThresholdSpec(
            f.name.replace("_", "-"),
            f.name,
            f.metadata["low"],
            f.metadata["high"],
            f.metadata["whole"],
            f.metadata["meaning"],
            cast(float, f.default),
        )
        for f in fields(Thresholds)
    ]


@dataclass(frozen=True)
class Warning:
    sign: Sign
    evidence: str
    next_step: str


@dataclass(frozen=True)
class Measures:
    """What the rules read: the period's measures, and the next session's talk queue."""

    regularity: Regularity
    turnout: Turnout
    inactive: tuple[str, ...]
    newcomers: Newcomers
    voices: Voices
    reach: Reach
    applying: Applying
    next_session: datetime | None
    queued_talks: int
    pulses: tuple[float, ...] = ()
    """The averages of the latest sessions' pulse, oldest first (up to four)."""


def warnings(m: Measures, now: datetime, t: Thresholds = Thresholds()) -> list[Warning]:
    found = [
        _gap(m.regularity, t),
        _attendance(m.turnout, m.inactive, t),
        _few(Sign.FEW_PRESENTERS, m.voices.presenter_absence_factor, m.voices.talks, "talks", t),
        _few(Sign.FEW_HOSTS, m.voices.host_absence_factor, m.regularity.held, "sessions", t),
        _no_commitments(m.applying),
        _follow_through(m.applying, t),
        _newcomers(m.newcomers, t),
        _queue(m.next_session, m.queued_talks, now, t),
        _one_department(m.reach),
        _pulse_falling(m.pulses),
        _pulse_low(m.pulses, t),
    ]
    return [w for w in found if w is not None]


def _gap(r: Regularity, t: Thresholds) -> Warning | None:
    if r.longest_gap_days is None or r.longest_gap_days <= t.gap_multiple * r.cadence_days:
        return None
    return Warning(
        Sign.GAP,
        f"{r.longest_gap_days} days without a session, against a cadence of {r.cadence_days}",
        "plan the next session now and announce it",
    )


def _attendance(turnout: Turnout, inactive: tuple[str, ...], t: Thresholds) -> Warning | None:
    recent, own = turnout.recent_average, turnout.own_average
    if recent is None or not own or recent >= own * (1 - t.attendance_drop):
        return None
    if not inactive:
        invite = "ask the regulars what would bring them back"
    elif len(inactive) == 1:
        invite = f"invite the inactive member personally: {inactive[0]}"
    else:
        invite = f"invite the {len(inactive)} inactive members personally: {', '.join(inactive)}"
    return Warning(
        Sign.ATTENDANCE_FALLING,
        f"attendance {recent:.1f} over the last sessions against an average of {own:.1f}",
        invite,
    )


def _few(sign: Sign, factor: int | None, count: int, what: str, t: Thresholds) -> Warning | None:
    # With everyone once, half the count is behind half of it: no sign of a few at all.
    if factor is None or count < t.min_talks or factor > t.absence_factor or 2 * factor >= count:
        return None
    people = "one person" if factor == 1 else f"{factor} people"
    step = (
        "ask a newcomer or a quiet regular for a five-minute talk"
        if sign is Sign.FEW_PRESENTERS
        else "let the rotation pick the next hosts"
    )
    verb = "were given by" if sign is Sign.FEW_PRESENTERS else "were hosted by"
    return Warning(sign, f"half of the {count} {what} {verb} {people}", step)


def _no_commitments(a: Applying) -> Warning | None:
    if not a.without_commitments:
        return None
    n = a.without_commitments
    return Warning(
        Sign.NO_COMMITMENTS,
        f"{plural(n, 'session')} ended without a commitment",
        "keep the last five minutes for everyone's thing to try this week",
    )


def _follow_through(a: Applying, t: Thresholds) -> Warning | None:
    rate = a.follow_through
    if rate is None or a.resolved < t.min_resolved or rate >= t.follow_through_floor:
        return None
    return Warning(
        Sign.LOW_FOLLOW_THROUGH,
        f"{a.tried} of {a.resolved} commitments were tried ({rate:.0%})",
        "make the next commitments smaller, and review them at the start of each session",
    )


def _newcomers(n: Newcomers, t: Thresholds) -> Warning | None:
    if n.known < 2 or n.returned / n.known >= t.return_floor:
        return None
    return Warning(
        Sign.NEWCOMERS_NOT_RETURNING,
        f"{n.returned} of {n.known} newcomers came back within two sessions",
        "pair each newcomer with a regular and invite them to the next session",
    )


def _queue(when: datetime | None, queued: int, now: datetime, t: Thresholds) -> Warning | None:
    if when is None or queued or not now <= when <= now + timedelta(days=t.queue_days):
        return None
    return Warning(
        Sign.EMPTY_TALK_QUEUE,
        "no lightning talk is queued for the next session",
        "ask two people for a five-minute talk today",
    )


def _one_department(r: Reach) -> Warning | None:
    if r.dominance != 1 or r.departments < 2:
        return None
    return Warning(
        Sign.ONE_DEPARTMENT,
        f"one of the {r.departments} departments makes up half the attendance",
        "ask the champions of the other departments to bring a colleague",
    )


PULSE_LOW_OVER = 3
"""The low pulse is judged on the average of this many latest pulses (fewer when there are
fewer), so one hard session alone is not a sign."""


def _pulse_falling(pulses: tuple[float, ...]) -> Warning | None:
    if not falling(list(pulses), FALLS):
        return None
    path = " → ".join(f"{p:.1f}" for p in pulses[-(FALLS + 1) :])
    return Warning(
        Sign.PULSE_FALLING,
        f"the pulse fell {FALLS} sessions in a row ({path})",
        "ask the room what would add one point, and change one thing next time",
    )


def _pulse_low(pulses: tuple[float, ...], t: Thresholds) -> Warning | None:
    latest = pulses[-PULSE_LOW_OVER:]
    if not latest:
        return None
    mean = sum(latest) / len(latest)
    if round(mean, 1) >= t.pulse_floor:  # judged as shown, to one decimal
        return None
    return Warning(
        Sign.PULSE_LOW,
        f"the pulse averaged {mean:.1f} over the latest {plural(len(latest), 'session')}, "
        f"below {t.pulse_floor:g}",
        "read the notes on what would add one point with the champions",
    )
