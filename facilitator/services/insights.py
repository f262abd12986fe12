"""Community health over a period: regularity, turnout, newcomers, inactive members,
voices, reach across departments, learning and applying it (facilitator.insight_data).

Every figure is counted by the database. What is read row by row is bounded by the period
(a quarter holds at most 13 weekly sessions), never by the length of the history.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from facilitator.cadence import parse_cadence, parse_time
from facilitator.insight_data import (
    Applying,
    Learning,
    Newcomers,
    Reach,
    Regularity,
    Turnout,
    Voices,
)
from facilitator.insight_period import Period
from facilitator.vocabulary import (
    HELD,
    RESOLVED,
    TRIED,
    AttendanceStatus,
    Outcome,
    SessionStatus,
    TalkStatus,
)
from store.models import (
    Attendance,
    Commitment,
    CommitmentReview,
    Community,
    LibraryEntry,
    LightningTalk,
    Member,
    StudySession,
    Takeaway,
)

TREND_SESSIONS = 3
"""The trend compares this many latest sessions with the community's own average."""

INACTIVE_AFTER = 4
"""Active members absent from this many latest sessions are listed for an invitation."""

NEXT_SESSIONS = 2
"""A newcomer who comes to one of their next two sessions has returned."""


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


def _held(crow: Community):
    return (StudySession.community_id == crow.id) & col(StudySession.status).in_(HELD)


def _first_present():
    """Each member's first held session they were present at (any community: a member
    belongs to one)."""
    return (
        select(
            Attendance.member_id,
            func.min(StudySession.scheduled_at).label("first_at"),
        )
        .join(StudySession, StudySession.id == Attendance.session_id)
        .where(col(StudySession.status).in_(HELD))
        .where(Attendance.status == AttendanceStatus.PRESENT)
        .group_by(Attendance.member_id)
        .subquery("first_present")
    )


def newcomers(s: Session, crow: Community, period: Period) -> Newcomers:
    start, end = period.bounds(ZoneInfo(crow.timezone))
    first = _first_present()
    rows = s.exec(
        select(Member.id, Member.name, first.c.first_at)
        .join(first, first.c.member_id == Member.id)
        .where(Member.community_id == crow.id)
        .where(first.c.first_at >= start)
        .where(first.c.first_at < end)
        .order_by(first.c.first_at, Member.name)
    ).all()
    returned = known = 0
    for member_id, _, first_at in rows:  # the period's newcomers only
        following = s.exec(
            select(StudySession.id)
            .where(_held(crow))
            .where(StudySession.scheduled_at > first_at)
            .order_by(StudySession.scheduled_at)
            .limit(NEXT_SESSIONS)
        ).all()
        came = s.exec(
            select(func.count(Attendance.id))
            .where(col(Attendance.session_id).in_(following))
            .where(Attendance.member_id == member_id)
            .where(Attendance.status == AttendanceStatus.PRESENT)
        ).one()
        if came:
            returned += 1
        if came or len(following) == NEXT_SESSIONS:
            known += 1
    return Newcomers(tuple(name for _, name, _ in rows), returned, known)


def inactive_members(
    s: Session, crow: Community, period: Period, sessions: int = INACTIVE_AFTER
) -> tuple[str, ...]:
    """Active members who were at none of the `sessions` latest held sessions up to the
    period's end, and had been members since the first of them."""
    _, end = period.bounds(ZoneInfo(crow.timezone))
    latest = (
        select(StudySession.id, StudySession.scheduled_at)
        .where(_held(crow))
        .where(StudySession.scheduled_at < end)
        .order_by(col(StudySession.scheduled_at).desc())
        .limit(sessions)
        .subquery("latest")
    )
    oldest = s.exec(select(func.min(latest.c.scheduled_at))).one()
    if oldest is None:
        return ()
    came = (
        select(Attendance.id)
        .where(Attendance.member_id == Member.id)
        .where(Attendance.status == AttendanceStatus.PRESENT)
        .where(col(Attendance.session_id).in_(select(latest.c.id)))
    )
    joined_by = oldest.astimezone(ZoneInfo(crow.timezone)).date()
    return tuple(
        s.exec(
            select(Member.name)
            .where(Member.community_id == crow.id)
            .where(col(Member.active).is_(True))
            .where(Member.joined_on <= joined_by)
            .where(~came.exists())
            .order_by(Member.name)
        ).all()
    )


def voices(s: Session, crow: Community, period: Period) -> Voices:
    start, end = period.bounds(ZoneInfo(crow.timezone))
    given = (
        select(LightningTalk.presenter_id.label("person"), StudySession.scheduled_at.label("at"))
        .join(StudySession, StudySession.id == LightningTalk.session_id)
        .where(_held(crow))
        .where(LightningTalk.status == TalkStatus.GIVEN)
    )
    hosted = (
        select(StudySession.facilitator_id.label("person"), StudySession.scheduled_at.label("at"))
        .where(_held(crow))
        .where(col(StudySession.facilitator_id).is_not(None))
    )
    talk_counts, first_presenters = _who(s, given.subquery(), start, end)
    host_counts, first_hosts = _who(s, hosted.subquery(), start, end)
    return Voices(
        talks=sum(talk_counts),
        presenters=len(talk_counts),
        first_time_presenters=first_presenters,
        presenter_absence_factor=absence_factor(talk_counts),
        hosts=len(host_counts),
        first_time_hosts=first_hosts,
        host_absence_factor=absence_factor(host_counts),
    )


def _who(s: Session, acts, start: datetime, end: datetime) -> tuple[list[int], tuple[str, ...]]:
    """Per person, how often they acted in the period (most first), and the names of those
    whose first time ever was in it."""
    counts = s.exec(
        select(func.count())
        .select_from(acts)
        .where(acts.c.at >= start)
        .where(acts.c.at < end)
        .group_by(acts.c.person)
        .order_by(func.count().desc())
    ).all()
    firsts = (
        select(acts.c.person, func.min(acts.c.at).label("first_at"))
        .group_by(acts.c.person)
        .subquery("firsts")
    )
    names = s.exec(
        select(Member.name)
        .join(firsts, firsts.c.person == Member.id)
        .where(firsts.c.first_at >= start)
        .where(firsts.c.first_at < end)
        .order_by(Member.name)
    ).all()
    return list(counts), tuple(names)


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


def reach(s: Session, crow: Community, period: Period) -> Reach:
    start, end = period.bounds(ZoneInfo(crow.timezone))
    present = (
        select(Attendance.session_id, Member.department, StudySession.scheduled_at)
        .join(Member, Member.id == Attendance.member_id)
        .join(StudySession, StudySession.id == Attendance.session_id)
        .where(_held(crow))
        .where(Attendance.status == AttendanceStatus.PRESENT)
        .where(col(Member.department).is_not(None))
        .subquery("present")
    )
    in_period = (present.c.scheduled_at >= start) & (present.c.scheduled_at < end)
    per_session = (
        select(func.count(func.distinct(present.c.department)).label("departments"))
        .where(in_period)
        .group_by(present.c.session_id)
        .subquery()
    )
    held = s.exec(
        select(func.count(StudySession.id))
        .where(_held(crow))
        .where(StudySession.scheduled_at >= start)
        .where(StudySession.scheduled_at < end)
    ).one()
    spread = s.exec(select(func.sum(per_session.c.departments))).one()
    counts = s.exec(
        select(func.count())
        .where(in_period)
        .group_by(present.c.department)
        .order_by(func.count().desc())
    ).all()
    firsts = (
        select(present.c.department, func.min(present.c.scheduled_at).label("first_at"))
        .group_by(present.c.department)
        .subquery()
    )
    first_time = s.exec(
        select(firsts.c.department)
        .where(firsts.c.first_at >= start)
        .where(firsts.c.first_at < end)
        .order_by(firsts.c.department)
    ).all()
    return Reach(
        per_session=float(spread or 0) / held if held else None,
        departments=len(counts),
        dominance=absence_factor(list(counts)),
        first_time=tuple(first_time),
    )


def learning(s: Session, crow: Community, period: Period) -> Learning:
    start, end = period.bounds(ZoneInfo(crow.timezone))
    in_period = (
        _held(crow) & (StudySession.scheduled_at >= start) & (StudySession.scheduled_at < end)
    )
    kinds = s.exec(
        select(Takeaway.kind, func.count())
        .join(StudySession, StudySession.id == Takeaway.session_id)
        .where(in_period)
        .group_by(Takeaway.kind)
        .order_by(func.count().desc(), Takeaway.kind)
    ).all()
    curated = s.exec(
        select(func.count(LibraryEntry.id))
        .join(Takeaway, Takeaway.id == LibraryEntry.takeaway_id)
        .join(StudySession, StudySession.id == Takeaway.session_id)
        .where(StudySession.community_id == crow.id)
        .where(LibraryEntry.created_at >= start)
        .where(LibraryEntry.created_at < end)
    ).one()
    return Learning(dict(kinds), curated)


VALUE_STORIES = 10
"""The report quotes at most this many notes of commitments that were done."""


def applying(s: Session, crow: Community, period: Period) -> Applying:
    start, end = period.bounds(ZoneInfo(crow.timezone))
    in_period = (
        _held(crow) & (StudySession.scheduled_at >= start) & (StudySession.scheduled_at < end)
    )
    outcome = col(Commitment.outcome)
    fresh = col(Commitment.carried_from_id).is_(None)
    made, tried, resolved, carried, people = s.exec(
        select(
            func.coalesce(func.sum(case((fresh, 1), else_=0)), 0),
            func.coalesce(func.sum(case((outcome.in_(sorted(TRIED)), 1), else_=0)), 0),
            func.coalesce(func.sum(case((outcome.in_(sorted(RESOLVED)), 1), else_=0)), 0),
            func.coalesce(func.sum(case((fresh, 0), else_=1)), 0),
            func.count(func.distinct(case((fresh, Commitment.member_id)))),
        )
        .join(StudySession, StudySession.id == Commitment.session_id)
        .where(in_period)
    ).one()
    present = s.exec(
        select(func.count(func.distinct(Attendance.member_id)))
        .join(StudySession, StudySession.id == Attendance.session_id)
        .where(in_period)
        .where(Attendance.status == AttendanceStatus.PRESENT)
    ).one()
    without = s.exec(
        select(func.count(StudySession.id))
        .where(in_period)
        .where(StudySession.status == SessionStatus.ENDED)
        .where(~select(Commitment.id).where(Commitment.session_id == StudySession.id).exists())
    ).one()
    stories = s.exec(
        select(CommitmentReview.note)
        .join(Commitment, Commitment.id == CommitmentReview.commitment_id)
        .join(StudySession, StudySession.id == Commitment.session_id)
        .where(StudySession.community_id == crow.id)
        .where(CommitmentReview.outcome == Outcome.DONE)
        .where(col(CommitmentReview.note).is_not(None))
        .where(CommitmentReview.reviewed_at >= start)
        .where(CommitmentReview.reviewed_at < end)
        .order_by(col(CommitmentReview.reviewed_at).desc())
        .limit(VALUE_STORIES)
    ).all()
    return Applying(
        made=made,
        committed_share=people / present if present else None,
        tried=tried,
        resolved=resolved,
        carried=carried,
        without_commitments=without,
        stories=tuple(stories),
    )
