"""Community health over a period: regularity, turnout, newcomers, inactive members,
voices, reach across departments, learning and applying it (facilitator.insight_data).

Every figure is counted by the database. What is read row by row is bounded by the period
(a quarter holds at most 13 weekly sessions), never by the length of the history.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, case, func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from facilitator.cadence import parse_cadence
from facilitator.insight_data import (
    Applying,
    Learning,
    Newcomers,
    Reach,
    Regularity,
    SessionPoint,
    Turnout,
    Voices,
    absence_factor,
    longest_gap,
)
from facilitator.insight_period import Period
from facilitator.services import schedule
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

BASELINE = timedelta(days=365)
"""The community's own average is that of its sessions in the year up to the period's end:
what is normal for it now, and the same work however long its history."""

NEXT_SESSIONS = 2
"""A newcomer who comes to one of their next two sessions has returned."""


def regularity(s: Session, crow: Community, period: Period, now: datetime) -> Regularity:
    tz = ZoneInfo(crow.timezone)
    start, end = period.bounds(tz)
    held = list(
        s.exec(
            select(StudySession.scheduled_at)
            .where(StudySession.community_id == crow.id)
            .where(col(StudySession.status).in_(HELD))
            .where(StudySession.scheduled_at >= start)
            .where(StudySession.scheduled_at < end)
            .order_by(StudySession.scheduled_at)
        ).all()
    )
    before = s.exec(
        select(StudySession.scheduled_at)
        .where(StudySession.community_id == crow.id)
        .where(col(StudySession.status).in_(HELD))
        .where(StudySession.scheduled_at < start)
        .order_by(col(StudySession.scheduled_at).desc())
        .limit(1)
    ).first()
    count_from = period.first
    if before is None:  # the community began in the period: count from its beginning
        count_from = max(count_from, min([crow.created_at, *held[:1]]).astimezone(tz).date())
    counted = schedule.held_against_expected(
        s, crow, count_from, period.last + timedelta(days=1), now
    )
    return Regularity(
        held=counted.held,
        expected=counted.expected,
        cancelled=counted.cancelled,
        longest_gap_days=longest_gap(before, held, min(end, max(now, start))),
        cadence_days=parse_cadence(crow.cadence).typical_gap.days,
        extra=counted.extra,
    )


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
    baseline = present.where(StudySession.scheduled_at >= end - BASELINE).subquery()
    latest = (
        select(StudySession.id)
        .where(_held(crow))
        .where(StudySession.scheduled_at < end)
        .order_by(col(StudySession.scheduled_at).desc())
        .limit(TREND_SESSIONS)
    )
    recent = present.where(col(StudySession.id).in_(latest))
    participants, still_members = s.exec(
        select(
            func.count(func.distinct(Attendance.member_id)),
            func.count(func.distinct(case((col(Member.active).is_(True), Attendance.member_id)))),
        )
        .join(StudySession, StudySession.id == Attendance.session_id)
        .join(Member, Member.id == Attendance.member_id)
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
        own_average=_mean(s, baseline.c.people),
        recent_average=_mean(s, recent.subquery().c.people),
        participants=participants,
        roster=roster,
        active_participants=still_members,
    )


def _mean(s: Session, column) -> float | None:
    """AVG as a float (PostgreSQL answers a Decimal), or None when there is nothing."""
    value = s.exec(select(func.avg(column))).one()
    return None if value is None else float(value)


def _held(crow: Community):
    return (StudySession.community_id == crow.id) & col(StudySession.status).in_(HELD)


def _present_before(start: datetime):
    """Whether the member (of the outer query) was present at a held session before
    `start`: one look-up through the member's attendance index, read alone."""
    return (
        select(Attendance.session_id)
        .join(StudySession, StudySession.id == Attendance.session_id)
        .where(Attendance.member_id == Member.id)
        .where(Attendance.status == AttendanceStatus.PRESENT)
        .where(col(StudySession.status).in_(HELD))
        .where(StudySession.scheduled_at < start)
        .exists()
    )


def newcomers(s: Session, crow: Community, period: Period) -> Newcomers:
    start, end = period.bounds(ZoneInfo(crow.timezone))
    first_at = func.min(StudySession.scheduled_at)
    rows = s.exec(
        select(Member.id, Member.name, first_at)
        .join(Attendance, Attendance.member_id == Member.id)
        .join(StudySession, StudySession.id == Attendance.session_id)
        .where(_held(crow))
        .where(Attendance.status == AttendanceStatus.PRESENT)
        .where(StudySession.scheduled_at >= start)
        .where(StudySession.scheduled_at < end)
        .where(~_present_before(start))
        .group_by(Member.id, Member.name)
        .order_by(first_at, Member.name)
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
        select(Attendance.session_id)  # from the (member, status, session) index alone
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
        select(LightningTalk.presenter_id.label("person"))
        .join(StudySession, StudySession.id == LightningTalk.session_id)
        .where(_held(crow))
        .where(LightningTalk.status == TalkStatus.GIVEN)
    )
    hosted = (
        select(StudySession.facilitator_id.label("person"))
        .where(_held(crow))
        .where(col(StudySession.facilitator_id).is_not(None))
    )
    # A member acts only in their own community: the look-ups before the period go through
    # the presenter's and the host's index, not the community's sessions.
    spoke_before = (
        select(LightningTalk.id)
        .join(StudySession, StudySession.id == LightningTalk.session_id)
        .where(LightningTalk.presenter_id == Member.id)
        .where(LightningTalk.status == TalkStatus.GIVEN)
        .where(col(StudySession.status).in_(HELD))
        .where(StudySession.scheduled_at < start)
    )
    hosted_before = (
        select(StudySession.id)
        .where(StudySession.facilitator_id == Member.id)
        .where(col(StudySession.status).in_(HELD))
        .where(StudySession.scheduled_at < start)
    )
    talk_counts, first_presenters = _who(s, given, spoke_before, start, end)
    host_counts, first_hosts = _who(s, hosted, hosted_before, start, end)
    return Voices(
        talks=sum(talk_counts),
        presenters=len(talk_counts),
        first_time_presenters=first_presenters,
        presenter_absence_factor=absence_factor(talk_counts),
        hosts=len(host_counts),
        first_time_hosts=first_hosts,
        host_absence_factor=absence_factor(host_counts),
    )


def _who(
    s: Session, acts, earlier, start: datetime, end: datetime
) -> tuple[list[int], tuple[str, ...]]:
    """Per person, how often they acted in the period (most first), and the names of those
    who had never acted before it: `earlier` finds a member's acts before the period
    through their own index (one look-up each, not a pass over the community's past)."""
    in_period = (
        acts.where(StudySession.scheduled_at >= start)
        .where(StudySession.scheduled_at < end)
        .subquery()
    )
    counts = s.exec(
        select(func.count())
        .select_from(in_period)
        .group_by(in_period.c.person)
        .order_by(func.count().desc())
    ).all()
    names = s.exec(
        select(Member.name)
        .where(col(Member.id).in_(select(in_period.c.person)))
        .where(~earlier.exists())
        .order_by(Member.name)
    ).all()
    return list(counts), tuple(names)


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
    by_department = s.exec(
        select(present.c.department, func.count())
        .where(in_period)
        .group_by(present.c.department)
        .order_by(func.count().desc(), present.c.department)
    ).all()
    counts = [n for _, n in by_department]
    colleague = aliased(Member)
    came_before = (
        select(Attendance.session_id)
        .join(colleague, colleague.id == Attendance.member_id)
        .join(StudySession, StudySession.id == Attendance.session_id)
        .where(colleague.department == bindparam("department"))
        .where(colleague.community_id == crow.id)
        .where(Attendance.status == AttendanceStatus.PRESENT)
        .where(col(StudySession.status).in_(HELD))
        .where(StudySession.scheduled_at < start)
        .limit(1)
    )
    first_time = sorted(  # a department at a time: there are few
        d for d, _ in by_department if s.exec(came_before, params={"department": d}).first() is None
    )
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
    # Driven by the period's entries (their time's index), each checked for its community:
    # joined the other way, every session of the community was walked.
    curated = s.exec(
        select(func.count(LibraryEntry.id))
        .where(LibraryEntry.created_at >= start)
        .where(LibraryEntry.created_at < end)
        .where(
            select(Takeaway.id)
            .join(StudySession, StudySession.id == Takeaway.session_id)
            .where(Takeaway.id == LibraryEntry.takeaway_id)
            .where(StudySession.community_id == crow.id)
            .exists()
        )
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
    newest = func.max(CommitmentReview.reviewed_at)
    # Driven by the period's reviews (their time's index), each checked for its community.
    of_community = (
        select(Commitment.id)
        .join(StudySession, StudySession.id == Commitment.session_id)
        .where(Commitment.id == CommitmentReview.commitment_id)
        .where(StudySession.community_id == crow.id)
    )
    stories = s.exec(
        select(CommitmentReview.note)
        .where(of_community.exists())
        .where(CommitmentReview.outcome == Outcome.DONE)
        .where(col(CommitmentReview.note).is_not(None))
        .where(CommitmentReview.reviewed_at >= start)
        .where(CommitmentReview.reviewed_at < end)
        .group_by(CommitmentReview.note)  # the same words twice are one story
        .order_by(newest.desc(), CommitmentReview.note)
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


def session_series(s: Session, crow: Community, period: Period) -> list[SessionPoint]:
    """Each held session of the period, oldest first, with what the charts plot: people
    present, distinct presenters of the talks given, and its commitments' follow-through
    (carried ones count where they were resolved, as in `applying`)."""
    tz = ZoneInfo(crow.timezone)
    start, end = period.bounds(tz)
    outcome = col(Commitment.outcome)

    def per_session(column, model, *conditions):
        return (
            select(column).where(model.session_id == StudySession.id, *conditions)
        ).scalar_subquery()

    rows = s.exec(
        select(
            StudySession.scheduled_at,
            per_session(
                func.count(Attendance.id),
                Attendance,
                Attendance.status == AttendanceStatus.PRESENT,
            ),
            per_session(
                func.count(func.distinct(LightningTalk.presenter_id)),
                LightningTalk,
                LightningTalk.status == TalkStatus.GIVEN,
            ),
            per_session(func.count(Commitment.id), Commitment, outcome.in_(sorted(TRIED))),
            per_session(func.count(Commitment.id), Commitment, outcome.in_(sorted(RESOLVED))),
        )
        .where(_held(crow))
        .where(StudySession.scheduled_at >= start)
        .where(StudySession.scheduled_at < end)
        .order_by(StudySession.scheduled_at)
    ).all()
    return [SessionPoint(at.astimezone(tz).date(), *counts) for at, *counts in rows]


MOST_TRIED = 5


def most_tried(s: Session, crow: Community, period: Period) -> list[tuple[str, int, int]]:
    """The takeaways that inspired the most commitments made in the period: (text, people
    who tried, people for whom it worked), most tried first."""
    start, end = period.bounds(ZoneInfo(crow.timezone))
    outcome = col(Commitment.outcome)
    tried = func.count(func.distinct(Commitment.member_id))
    worked = func.count(func.distinct(case((outcome.in_(sorted(TRIED)), Commitment.member_id))))
    return [
        (text, people, helped)
        for text, people, helped in s.exec(
            select(Takeaway.text, tried, worked)
            .join(Commitment, Commitment.inspired_by_takeaway_id == Takeaway.id)
            .join(StudySession, StudySession.id == Commitment.session_id)
            .where(StudySession.community_id == crow.id)
            .where(StudySession.scheduled_at >= start)
            .where(StudySession.scheduled_at < end)
            .group_by(Takeaway.id, Takeaway.text, Takeaway.created_at)
            .order_by(tried.desc(), worked.desc(), col(Takeaway.created_at).desc())
            .limit(MOST_TRIED)
        ).all()
    ]
