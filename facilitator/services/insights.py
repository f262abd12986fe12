"""Community health over a period: how regularly it meets and how many come.

Every figure is counted by the database. What is read row by row is bounded by the period
(a quarter holds at most 13 weekly sessions), never by the length of the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from facilitator.cadence import parse_cadence, parse_time
from facilitator.insight_period import Period
from facilitator.vocabulary import HELD, AttendanceStatus, SessionStatus
from store.models import Attendance, Community, Member, StudySession

TREND_SESSIONS = 3
"""The trend compares this many latest sessions with the community's own average."""


@dataclass(frozen=True)
class Regularity:
    held: int
    expected: int
    """Meetings the cadence gives in the period."""
    cancelled: int
    longest_gap_days: int | None
    """Between two held sessions, or from the last one to the period's end (or today)."""
    cadence_days: int


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

    @property
    def share_of_roster(self) -> float | None:
        return self.participants / self.roster if self.roster else None


def regularity(s: Session, crow: Community, period: Period, now: datetime) -> Regularity:
    tz = ZoneInfo(crow.timezone)
    start, end = period.bounds(tz)
    in_period = (
        select(StudySession.scheduled_at, StudySession.status)
        .where(StudySession.community_id == crow.id)
        .where(StudySession.scheduled_at >= start)
        .where(StudySession.scheduled_at < end)
        .order_by(StudySession.scheduled_at)
    )
    rows = s.exec(in_period).all()
    held = [at for at, status in rows if status in HELD]
    before = s.exec(
        select(StudySession.scheduled_at)
        .where(StudySession.community_id == crow.id)
        .where(col(StudySession.status).in_(HELD))
        .where(StudySession.scheduled_at < start)
        .order_by(col(StudySession.scheduled_at).desc())
        .limit(1)
    ).first()
    cadence = parse_cadence(crow.cadence)
    return Regularity(
        held=len(held),
        expected=_expected(crow, cadence, tz, start, end, held[0] if held else before),
        cancelled=sum(1 for _, status in rows if status == SessionStatus.CANCELLED),
        longest_gap_days=_longest_gap(before, held, min(end, max(now, start))),
        cadence_days=cadence.typical_gap.days,
    )


def _expected(crow, cadence, tz, start: datetime, end: datetime, anchor: datetime | None) -> int:
    """How many meetings the cadence puts in [start, end), in phase with a held session."""
    anchor_day = (anchor or crow.created_at).astimezone(tz).date()
    meeting = parse_time(crow.meeting_time)
    found = cadence.occurrences(anchor_day, meeting, tz, start - timedelta(seconds=1), count=60)
    return sum(1 for moment in found if start <= moment < end)


def _longest_gap(before: datetime | None, held: list[datetime], until: datetime) -> int | None:
    moments = ([before] if before else []) + held
    if not moments:
        return None
    edges = [*moments, until]
    return max((later - earlier).days for earlier, later in pairwise(edges))


def attendance(s: Session, crow: Community, period: Period) -> Turnout:
    tz = ZoneInfo(crow.timezone)
    start, end = period.bounds(tz)
    present = (
        select(StudySession.id, func.count(Attendance.id).label("people"))
        .outerjoin(
            Attendance,
            (Attendance.session_id == StudySession.id)
            & (Attendance.status == AttendanceStatus.PRESENT),
        )
        .where(StudySession.community_id == crow.id)
        .where(col(StudySession.status).in_(HELD))
        .where(StudySession.scheduled_at < end)
        .group_by(StudySession.id, StudySession.scheduled_at)
    )
    in_period = present.where(StudySession.scheduled_at >= start).subquery()
    all_time = present.subquery()
    recent = present.order_by(col(StudySession.scheduled_at).desc()).limit(TREND_SESSIONS)
    participants = s.exec(
        select(func.count(func.distinct(Attendance.member_id)))
        .join(StudySession, StudySession.id == Attendance.session_id)
        .where(StudySession.community_id == crow.id)
        .where(col(StudySession.status).in_(HELD))
        .where(Attendance.status == AttendanceStatus.PRESENT)
        .where(StudySession.scheduled_at >= start)
        .where(StudySession.scheduled_at < end)
    ).one()
    roster = s.exec(
        select(func.count(Member.id))
        .where(Member.community_id == crow.id)
        .where(col(Member.active).is_(True))
    ).one()
    return Turnout(
        average=_mean(s, in_period.c.people),
        own_average=_mean(s, all_time.c.people),
        recent_average=_mean(s, recent.subquery().c.people),
        participants=participants,
        roster=roster,
    )


def _mean(s: Session, column) -> float | None:
    """AVG as a float (PostgreSQL answers a Decimal), or None when there is nothing."""
    value = s.exec(select(func.avg(column))).one()
    return None if value is None else float(value)
