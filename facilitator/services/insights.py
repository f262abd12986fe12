"""Who comes and who speaks over a period: regularity, turnout, newcomers, inactive
members, voices and reach across departments (facilitator.insight_data); what they learned
and applied is in facilitator.services.insight_outcomes.

Every figure is counted by the database, for a `Scope` (facilitator.services.insight_scope),
one statement for all its communities, grouped by community. What is read row by row is
bounded by the period (a quarter holds at most 13 weekly sessions a community), never by the
length of the history; "the latest N sessions" are N index look-ups per community.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import groupby

from sqlalchemy import func, tuple_
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from facilitator.cadence import parse_cadence
from facilitator.insight_data import (
    Newcomers,
    Reach,
    Regularity,
    Turnout,
    Voices,
    absence_factor,
    longest_gap,
)
from facilitator.services import schedule
from facilitator.services.insight_scope import (
    Scope,
    by_community,
    held,
    in_period,
    people_present,
)
from facilitator.services.latest_sessions import kth_held, latest_held_ids, latest_starts
from facilitator.vocabulary import (
    HELD,
    AttendanceStatus,
    TalkStatus,
)
from store.models import (
    Attendance,
    Community,
    LightningTalk,
    Member,
    StudySession,
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

COLLEAGUE = aliased(Member, name="colleague")
"""Another member of the same department (made once: an ORM alias proxies every column)."""


def regularity(s: Session, scope: Scope, now: datetime) -> dict[str, Regularity]:
    start, end = scope.bounds
    starts = by_community(
        s.exec(
            select(StudySession.community_id, StudySession.scheduled_at)
            .where(in_period(scope))
            .order_by(StudySession.community_id, StudySession.scheduled_at)
        ).all()
    )
    before = latest_starts(s, scope.ids, start, 1)
    found = {}
    for crow in scope.communities:
        times = starts.get(crow.id, [])
        last_before = next(iter(before[crow.id]), None)
        count_from = scope.period.first
        if last_before is None:  # the community began in the period: count from then
            first = min([crow.created_at, *times[:1]])
            count_from = max(count_from, first.astimezone(scope.tz).date())
        counted = schedule.held_against_expected(
            s, crow, count_from, scope.period.last + timedelta(days=1), now
        )
        found[crow.id] = Regularity(
            held=counted.held,
            expected=counted.expected,
            cancelled=counted.cancelled,
            longest_gap_days=longest_gap(last_before, times, min(end, max(now, start))),
            cadence_days=parse_cadence(crow.cadence).typical_gap.days,
            extra=counted.extra,
        )
    return found


def attendance(s: Session, scope: Scope) -> dict[str, Turnout]:
    start, end = scope.bounds
    headcount = (  # each session's count, a look-up in its attendance: no join to plan
        select(func.count(Attendance.id))
        .where(Attendance.session_id == StudySession.id)
        .where(Attendance.status == AttendanceStatus.PRESENT)
        .scalar_subquery()
    )
    present = (
        select(StudySession.community_id.label("community_id"), headcount.label("people"))
        .where(held(scope))
        .where(StudySession.scheduled_at < end)
    )
    average = _mean(s, present.where(StudySession.scheduled_at >= start))
    own_average = _mean(s, present.where(StudySession.scheduled_at >= end - BASELINE))
    recent_average = _recent_mean(s, scope, end)
    people = people_present(s, scope)
    roster = dict(
        s.exec(
            select(Member.community_id, func.count(Member.id))
            .where(col(Member.community_id).in_(scope.ids))
            .where(col(Member.active).is_(True))
            .group_by(Member.community_id)
        ).all()
    )
    return {
        community_id: Turnout(
            average=average.get(community_id),
            own_average=own_average.get(community_id),
            recent_average=recent_average.get(community_id),
            participants=people.get(community_id, (0, 0))[0],
            roster=roster.get(community_id, 0),
            active_participants=people.get(community_id, (0, 0))[1],
        )
        for community_id in scope.ids
    }


def _mean(s: Session, per_session) -> dict[str, float]:
    """Each community's average of the per-session counts, as a float (PostgreSQL answers
    a Decimal); a community without sessions is left out."""
    counts = per_session.subquery()
    return {
        community_id: float(value)
        for community_id, value in s.exec(
            select(counts.c.community_id, func.avg(counts.c.people)).group_by(counts.c.community_id)
        ).all()
        if value is not None
    }


def _recent_mean(s: Session, scope: Scope, end: datetime) -> dict[str, float]:
    """Each community's people present per session over its TREND_SESSIONS latest held
    sessions before `end`: the k-th session and its count, one look-up each."""

    def present_at(k: int):
        return (
            select(func.count(Attendance.id))
            .where(Attendance.session_id == kth_held("id", end, k))
            .where(Attendance.status == AttendanceStatus.PRESENT)
            .scalar_subquery()
        )

    columns = [
        column for k in range(TREND_SESSIONS) for column in (kth_held("id", end, k), present_at(k))
    ]
    found = {}
    for community_id, *cells in s.exec(
        select(Community.id, *columns).where(col(Community.id).in_(scope.ids))
    ).all():
        counts = [
            people for id_, people in zip(cells[0::2], cells[1::2], strict=True) if id_ is not None
        ]
        if counts:
            found[community_id] = sum(counts) / len(counts)
    return found


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


def newcomers(s: Session, scope: Scope) -> dict[str, Newcomers]:
    start, _ = scope.bounds
    first_at = func.min(StudySession.scheduled_at)
    newcomer = (
        select(
            StudySession.community_id.label("community_id"),
            Member.id.label("member_id"),
            Member.name.label("name"),
            first_at.label("first_at"),
        )
        .join(Attendance, Attendance.member_id == Member.id)
        .join(StudySession, StudySession.id == Attendance.session_id)
        .where(in_period(scope))
        .where(Attendance.status == AttendanceStatus.PRESENT)
        .where(~_present_before(start))
        .group_by(StudySession.community_id, Member.id, Member.name)
        .subquery("newcomer")
    )
    # Their next sessions: a look-up each in the (community, start) index.
    following = (
        select(StudySession.id)
        .where(StudySession.community_id == newcomer.c.community_id)
        .where(col(StudySession.status).in_(HELD))
        .where(StudySession.scheduled_at > newcomer.c.first_at)
        .order_by(StudySession.scheduled_at)
        .correlate(newcomer)
    )
    all_following = following.offset(NEXT_SESSIONS - 1).limit(1).scalar_subquery()
    came = (
        select(Attendance.id)
        .where(Attendance.member_id == newcomer.c.member_id)
        .where(Attendance.status == AttendanceStatus.PRESENT)
        .where(col(Attendance.session_id).in_(following.limit(NEXT_SESSIONS)))
        .exists()
    )
    rows = by_community(
        s.exec(
            select(
                newcomer.c.community_id,
                newcomer.c.name,
                came,
                all_following.is_not(None),
            ).order_by(newcomer.c.community_id, newcomer.c.first_at, newcomer.c.name)
        ).all()
    )
    found = {}
    for community_id in scope.ids:
        people = rows.get(community_id, [])
        found[community_id] = Newcomers(
            tuple(name for name, _, _ in people),
            sum(1 for _, returned, _ in people if returned),
            sum(1 for _, returned, known in people if returned or known),
        )
    return found


def inactive_members(
    s: Session, scope: Scope, sessions: dict[str, int] | None = None
) -> dict[str, tuple[str, ...]]:
    """Active members who were at none of their community's `sessions` latest held
    sessions up to the period's end (INACTIVE_AFTER unless the community tuned it), and
    had been members since the first of them."""
    _, end = scope.bounds
    wanted = {community_id: INACTIVE_AFTER for community_id in scope.ids} | (sessions or {})
    found: dict[str, tuple[str, ...]] = {community_id: () for community_id in scope.ids}
    for n in sorted(set(wanted.values())):  # usually one: the communities that tuned it
        ids = [community_id for community_id in scope.ids if wanted[community_id] == n]
        starts = latest_starts(s, ids, end, n)
        joined_by = {
            community_id: times[-1].astimezone(scope.tz).date()
            for community_id, times in starts.items()
            if times
        }
        if not joined_by:
            continue
        latest = latest_held_ids(list(joined_by), end, n)
        # Who came to them, as one set read from those sessions' attendance (a few rows
        # each): asked per member, PostgreSQL read the latest sessions again for each.
        came = (
            select(Attendance.member_id, latest.c.community_id)
            .join(latest, latest.c.id == Attendance.session_id)
            .where(Attendance.status == AttendanceStatus.PRESENT)
        )
        rows = s.exec(
            select(Member.community_id, Member.name, Member.joined_on)
            .where(col(Member.community_id).in_(list(joined_by)))
            .where(col(Member.active).is_(True))
            .where(Member.joined_on <= max(joined_by.values()))
            .where(tuple_(Member.id, Member.community_id).not_in(came))
            .order_by(Member.community_id, Member.name)
        ).all()
        for community_id, group in groupby(rows, key=lambda row: row[0]):
            found[community_id] = tuple(
                name for _, name, joined_on in group if joined_on <= joined_by[community_id]
            )
    return found


def voices(s: Session, scope: Scope) -> dict[str, Voices]:
    start, _ = scope.bounds
    given = (
        select(
            StudySession.community_id.label("community_id"),
            LightningTalk.presenter_id.label("person"),
        )
        .join(StudySession, StudySession.id == LightningTalk.session_id)
        .where(in_period(scope))
        .where(LightningTalk.status == TalkStatus.GIVEN)
    )
    hosted = (
        select(
            StudySession.community_id.label("community_id"),
            StudySession.facilitator_id.label("person"),
        )
        .where(in_period(scope))
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
    talk_counts, first_presenters = _who(s, given, spoke_before)
    host_counts, first_hosts = _who(s, hosted, hosted_before)
    return {
        community_id: Voices(
            talks=sum(talk_counts.get(community_id, [])),
            presenters=len(talk_counts.get(community_id, [])),
            first_time_presenters=tuple(first_presenters.get(community_id, ())),
            presenter_absence_factor=absence_factor(talk_counts.get(community_id, [])),
            hosts=len(host_counts.get(community_id, [])),
            first_time_hosts=tuple(first_hosts.get(community_id, ())),
            host_absence_factor=absence_factor(host_counts.get(community_id, [])),
        )
        for community_id in scope.ids
    }


def _who(s: Session, acts, earlier) -> tuple[dict[str, list[int]], dict[str, list[str]]]:
    """Per community and person, how often they acted in the period (most first), and the
    names of those who had never acted before it: `earlier` finds a member's acts before
    the period through their own index (one look-up each, not a pass over the past)."""
    acted = acts.subquery()
    counts = by_community(
        s.exec(
            select(acted.c.community_id, func.count())
            .group_by(acted.c.community_id, acted.c.person)
            .order_by(acted.c.community_id, func.count().desc())
        ).all()
    )
    names = by_community(
        s.exec(
            select(Member.community_id, Member.name)
            .where(col(Member.id).in_(select(acted.c.person)))
            .where(~earlier.exists())
            .order_by(Member.community_id, Member.name)
        ).all()
    )
    return counts, names


def reach(s: Session, scope: Scope) -> dict[str, Reach]:
    start, _ = scope.bounds
    present = (
        select(
            StudySession.community_id.label("community_id"),
            Attendance.session_id.label("session_id"),
            Member.department.label("department"),
        )
        .join(Member, Member.id == Attendance.member_id)
        .join(StudySession, StudySession.id == Attendance.session_id)
        .where(in_period(scope))
        .where(Attendance.status == AttendanceStatus.PRESENT)
        .where(col(Member.department).is_not(None))
        .subquery("present")
    )
    per_session = (
        select(
            present.c.community_id,
            func.count(func.distinct(present.c.department)).label("departments"),
        )
        .group_by(present.c.community_id, present.c.session_id)
        .subquery()
    )
    held = dict(
        s.exec(
            select(StudySession.community_id, func.count(StudySession.id))
            .where(in_period(scope))
            .group_by(StudySession.community_id)
        ).all()
    )
    spread = dict(
        s.exec(
            select(per_session.c.community_id, func.sum(per_session.c.departments)).group_by(
                per_session.c.community_id
            )
        ).all()
    )
    counts = by_community(
        s.exec(
            select(present.c.community_id, func.count())
            .group_by(present.c.community_id, present.c.department)
            .order_by(present.c.community_id, func.count().desc(), present.c.department)
        ).all()
    )
    departments = (
        select(present.c.community_id, present.c.department)
        .group_by(present.c.community_id, present.c.department)
        .subquery("departments")
    )
    came_before = (
        select(Attendance.session_id)
        .join(COLLEAGUE, COLLEAGUE.id == Attendance.member_id)
        .join(StudySession, StudySession.id == Attendance.session_id)
        .where(COLLEAGUE.department == departments.c.department)
        .where(COLLEAGUE.community_id == departments.c.community_id)
        .where(Attendance.status == AttendanceStatus.PRESENT)
        .where(col(StudySession.status).in_(HELD))
        .where(StudySession.scheduled_at < start)
    )
    # Asked per department in the select list, so that each is a look-up through the
    # colleagues' attendance that stops at the first: as a WHERE, PostgreSQL turned it
    # into one join over the whole history.
    first_time = by_community(
        (community_id, department)
        for community_id, department, known in s.exec(
            select(
                departments.c.community_id, departments.c.department, came_before.exists()
            ).order_by(departments.c.community_id, departments.c.department)
        ).all()
        if not known
    )
    found = {}
    for community_id in scope.ids:
        sessions = held.get(community_id, 0)
        found[community_id] = Reach(
            per_session=float(spread.get(community_id) or 0) / sessions if sessions else None,
            departments=len(counts.get(community_id, [])),
            dominance=absence_factor(counts.get(community_id, [])),
            first_time=tuple(first_time.get(community_id, ())),
        )
    return found
