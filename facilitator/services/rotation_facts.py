"""What the fair rule is given for one session, read from the database: the roster as the
rule sees it, each member's turns, who hosts the sessions either side, who is skipped.

Each is one SQL read (EXISTS, GROUP BY, ORDER BY … LIMIT 1), so ruling on a session costs
the same with a month of history as with ten years. The writing side is
facilitator.services.rotation.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import case, false, func
from sqlmodel import Session, col, select

from facilitator.rotation_rule import (
    AwayPeriod,
    Occasion,
    Person,
    Ruling,
    TurnTally,
    co_host_line,
    host_line,
)
from facilitator.vocabulary import HELD, HOSTING, AttendanceStatus, RotationAction, SessionStatus
from store.models import (
    Attendance,
    Community,
    Member,
    MemberUnavailability,
    RotationRecord,
    StudySession,
)


def roster_people(s: Session, crow: Community) -> list[Person]:
    """The roster as the rule sees it. Whether someone has attended is one EXISTS per
    member, which stops at their first session, instead of counting the whole history;
    it reads the attendance's (member, status, session) index alone, and only for the
    active members willing to host: the others are ruled out before it matters (on a
    large roster, most of it)."""
    attended = case(
        (
            col(Member.active) & col(Member.willing_to_facilitate),
            select(Attendance.session_id)
            .join(StudySession, StudySession.id == Attendance.session_id)
            .where(Attendance.member_id == Member.id)
            .where(Attendance.status == AttendanceStatus.PRESENT)
            .where(col(StudySession.status).in_(HELD))
            .exists(),
        ),
        else_=false(),
    )
    members = s.exec(
        select(
            Member.id,
            Member.name,
            Member.joined_on,
            Member.department,
            Member.active,
            Member.willing_to_facilitate,
            attended,
        )
        .where(Member.community_id == crow.id)
        .where(col(Member.forgotten_at).is_(None))  # nobody to rule on: not even left out
        .order_by(Member.name_key)
    ).all()
    away: dict[str, list[AwayPeriod]] = {}
    periods = s.exec(
        select(MemberUnavailability)
        .join(Member, Member.id == MemberUnavailability.member_id)
        .where(Member.community_id == crow.id)
        .order_by(MemberUnavailability.starts_on)
    ).all()
    for period in periods:
        away.setdefault(period.member_id, []).append(
            AwayPeriod(period.starts_on, period.ends_on, period.reason)
        )
    return [
        Person(
            id=member_id,
            name=name,
            joined_on=joined_on,
            department=department,
            active=active,
            willing=willing,
            has_attended=has_attended,
            away=tuple(away.get(member_id, ())),
        )
        for member_id, name, joined_on, department, active, willing, has_attended in members
    ]


def held_or_assigned(crow: Community, exclude: str | None):
    """Sessions that count for the rotation (not cancelled), as a query to refine."""
    query = (
        select(StudySession)
        .where(StudySession.community_id == crow.id)
        .where(StudySession.status != SessionStatus.CANCELLED)
    )
    return query if exclude is None else query.where(StudySession.id != exclude)


def turn_tally(s: Session, crow: Community, role, exclude: str | None) -> TurnTally:
    """Turns per member and each one's latest, counted by the database (GROUP BY)."""
    query = (
        select(role, func.count(), func.max(StudySession.scheduled_at))
        .where(StudySession.community_id == crow.id)
        .where(StudySession.status != SessionStatus.CANCELLED)
        .where(role.is_not(None))
        .group_by(role)
    )
    if exclude is not None:
        query = query.where(StudySession.id != exclude)
    rows = s.exec(query).all()
    return TurnTally(
        counts={member_id: count for member_id, count, _ in rows},
        last={member_id: latest for member_id, _, latest in rows},
    )


def neighbour(s: Session, crow: Community, role, exclude: str | None, at: datetime, after: bool):
    """Who has the role in the session just before (or after) `at`."""
    order = col(StudySession.scheduled_at)
    query = held_or_assigned(crow, exclude)
    query = query.where(order > at) if after else query.where(order < at)
    row = s.exec(query.order_by(order if after else order.desc()).limit(1)).first()
    return getattr(row, role.key) if row else None


def ruling_for(
    s: Session,
    crow: Community,
    people: list[Person],
    row: StudySession | None,
    at: datetime,
    host: Person | None = None,
) -> Ruling:
    """The line for the session at `at`: hosting, or co-hosting alongside `host`."""
    role = col(StudySession.facilitator_id if host is None else StudySession.co_facilitator_id)
    exclude = row.id if row else None
    turns = turn_tally(s, crow, role, exclude)
    occasion = Occasion(
        day=at.astimezone(ZoneInfo(crow.timezone)).date(),
        previous=neighbour(s, crow, role, exclude, at, after=False),
        following=neighbour(s, crow, role, exclude, at, after=True),
        skipped=skips(s, row),
        host=host,
    )
    line = host_line if host is None else co_host_line
    return line(people, turns, occasion)


def skips(s: Session, row: StudySession | None) -> dict[str, str]:
    """Who is skipped for this session; a later assignment of the same member undoes it."""
    if row is None:
        return {}
    records = s.exec(
        select(RotationRecord)
        .where(RotationRecord.session_id == row.id)
        .order_by(RotationRecord.created_at)
    ).all()
    skipped: dict[str, str] = {}
    for record in records:
        if record.action == RotationAction.SKIPPED:
            skipped[record.member_id] = record.reason or "no reason given"
        elif record.action in HOSTING:
            skipped.pop(record.member_id, None)
    return skipped
