"""How a period's sessions become one recurring calendar series.

The cadence gives the series (every other Thursday at 12:00 in the community's time zone);
each session is matched to the cadence's occurrence it stands for: the cadence date the
schedule says it took (facilitator.services.schedule), else one at that very time, or,
when it was moved, the nearest free occurrence within half a cadence interval. A
session matched this way becomes an overriding instance of that occurrence (its own host,
topic and talks, and its own time if moved); occurrences without a session, and those of
cancelled sessions, are excluded; a session off the cadence altogether is an event of its
own. Pure: the invitations service reads the sessions, the calendar exporter writes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from facilitator.cadence import Cadence
from facilitator.insight_period import Period
from facilitator.vocabulary import SessionStatus


@dataclass(frozen=True)
class Meeting:
    """A session as an invitation shows it."""

    session_id: str
    start: datetime
    """Aware, in the community's time zone."""
    minutes: int
    status: SessionStatus
    host: str | None
    topic: str | None
    talks: tuple[str, ...]
    """"Presenter — title (5 min)", in queue order."""
    cadence_on: date | None = None
    """The cadence date the schedule says it takes (held early or late, it keeps it)."""

    def stands_for(self, meeting_time: time, tz: ZoneInfo) -> datetime:
        """The occurrence it is matched to first: its cadence date's, else its own time."""
        if self.cadence_on is None:
            return self.start
        return datetime.combine(self.cadence_on, meeting_time, tzinfo=tz)

    @property
    def cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED


@dataclass(frozen=True)
class SeriesPlan:
    first: datetime | None
    """The series' first occurrence (its DTSTART); None when no session is on the cadence."""
    count: int
    """Occurrences from `first` to the last one matched, excluded ones included."""
    excluded: tuple[datetime, ...]
    instances: tuple[tuple[datetime, Meeting], ...]
    """(the occurrence it stands for, the session), for every session in the series."""
    extras: tuple[Meeting, ...]
    """Sessions off the cadence: each an event of its own."""


def plan_series(
    meetings: list[Meeting], cadence: Cadence, meeting_time: time, tz: ZoneInfo, period: Period
) -> tuple[SeriesPlan, dict[str, datetime]]:
    """The series, and for every session on the cadence (cancelled ones too) the occurrence
    it stands for (a cancellation names that occurrence)."""
    start, end = period.bounds(tz)
    if not meetings:
        return SeriesPlan(None, 0, (), (), ()), {}
    occurrences = _occurrences(meetings, cadence, meeting_time, tz, start, end)
    claimed: dict[datetime, Meeting] = {}
    by_time = {o: o for o in occurrences}
    loose: list[Meeting] = []
    for meeting in sorted(meetings, key=lambda m: m.start):
        exact = by_time.get(meeting.stands_for(meeting_time, tz))
        if exact is not None and exact not in claimed:
            claimed[exact] = meeting
        else:
            loose.append(meeting)
    reach = cadence.typical_gap / 2
    extras: list[Meeting] = []
    for meeting in loose:  # moved: the nearest free occurrence within half an interval
        free = [o for o in occurrences if o not in claimed and abs(o - meeting.start) < reach]
        if free:
            claimed[min(free, key=lambda o: (abs(o - meeting.start), o))] = meeting
        else:
            extras.append(meeting)
    standing = {meeting.session_id: original for original, meeting in claimed.items()}
    if not claimed:
        return SeriesPlan(None, 0, (), (), tuple(extras)), standing
    first, last = min(claimed), max(claimed)
    span = [o for o in occurrences if first <= o <= last]
    excluded = tuple(o for o in span if o not in claimed or claimed[o].cancelled)
    instances = tuple((o, claimed[o]) for o in span if o in claimed and not claimed[o].cancelled)
    return SeriesPlan(first, len(span), excluded, instances, tuple(extras)), standing


def _occurrences(
    meetings: list[Meeting],
    cadence: Cadence,
    meeting_time: time,
    tz: ZoneInfo,
    start: datetime,
    end: datetime,
) -> list[datetime]:
    """The cadence's meeting times in [start, end), in phase with the sessions: a
    multi-week cadence takes its phase from the first session on the cadence's weekday at
    the meeting time (else the first session)."""
    taken = [m.stands_for(meeting_time, tz) for m in meetings if m.cadence_on is not None]
    on_cadence = taken or [
        m.start
        for m in meetings
        if m.start.weekday() == cadence.weekday
        and m.start.timetz().replace(tzinfo=None) == meeting_time
    ]
    anchor = min(on_cadence or [m.start for m in meetings]).date()
    if cadence.nth is None:
        step = timedelta(weeks=cadence.weeks)
        while anchor > start.date() - timedelta(days=7):
            anchor -= step
    else:
        anchor = start.date().replace(day=1) - timedelta(days=1)
    weeks = (end - start).days // 7 + 2
    found = cadence.occurrences(anchor, meeting_time, tz, start - timedelta(seconds=1), weeks + 2)
    return [moment for moment in found if moment < end]
