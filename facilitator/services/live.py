"""Running a session: start it, take attendance, record the clock's events, close it.

Every function is one short transaction, committed before it returns, so whatever the
screen then shows as saved survives a crash.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import or_
from sqlmodel import Session, col, select

from facilitator import converters, domain
from facilitator.agenda_clock import ClockEvent, ClockReading, PartPlan
from facilitator.cadence import parse_time
from facilitator.dates import day_bounds, parse_when
from facilitator.errors import Conflict, InvalidInput, NotFound
from facilitator.services import schedule
from facilitator.services.captures import commitment_items, takeaway_items
from facilitator.services.communities import community_row
from facilitator.services.report import follow_up_at, parts_as_run
from facilitator.services.roster import MemberFields, create_member, member_row, member_rows
from facilitator.services.rotation import record_next_host
from facilitator.services.rows import existing
from facilitator.services.session_pulse import read_pulse
from facilitator.services.sessions import live_row, short_id
from facilitator.services.talks import (
    attach_waiting_talks,
    finish_running_talk,
    roll_over_talks,
    talk_items,
)
from facilitator.services.timer_events import append_events
from facilitator.services.topics import board_of as topic_board
from facilitator.services.topics import roll_over_topics
from facilitator.text import clean_optional
from facilitator.vocabulary import (
    AttendanceStatus,
    EventKind,
    SessionStatus,
    TalkStatus,
    TopicStatus,
    known,
    listed,
)
from store.database import Database
from store.locks import lock_parent
from store.models import (
    AgendaPart,
    Attendance,
    Community,
    Member,
    StudySession,
    TimerEvent,
)
from store.types import utcnow

MAX_TOPIC = 300


def _tz(crow: Community) -> ZoneInfo:
    return ZoneInfo(crow.timezone)


def session_and_community(s: Session, session_id: str) -> tuple[StudySession, Community]:
    row = s.get(StudySession, session_id)
    if row is None:
        raise NotFound(f"no session {short_id(session_id)}")
    return row, existing(s, Community, row.community_id, "community")


START_AHEAD_DAYS = 7
"""Starting with nothing planned today offers a planned session this many days ahead."""


def _planned_between(
    s: Session, crow: Community, start: datetime, end: datetime
) -> StudySession | None:
    return s.exec(
        select(StudySession)
        .where(StudySession.community_id == crow.id)
        .where(StudySession.status == SessionStatus.PLANNED)
        .where(StudySession.scheduled_at >= start)
        .where(StudySession.scheduled_at < end)
        .order_by(StudySession.scheduled_at)
        .limit(1)
    ).first()


def _topic(value: str | None) -> str | None:
    topic = clean_optional(value, "topic")
    if topic and len(topic) > MAX_TOPIC:
        raise InvalidInput(f"the topic is longer than {MAX_TOPIC} characters")
    return topic


def _now_to_the_minute(crow: Community, now: datetime) -> datetime:
    return now.astimezone(_tz(crow)).replace(second=0, microsecond=0)


def _session_to_start(
    s: Session, crow: Community, now: datetime, when: str | None
) -> tuple[StudySession | None, datetime]:
    """Which session `start` opens, and when a new one would be scheduled.

    In order: the live one; the planned one on the day asked for (with `when`), else today's
    planned one, else the next planned one within START_AHEAD_DAYS (held now, so it moves to
    now); else None: a new session at the day and time asked for, or at the actual time.
    Asking for another day while a session is live is refused: one live session at a time.
    """
    live = live_row(s, crow.id)
    if when:
        moment = parse_when(when, _tz(crow), now, parse_time(crow.meeting_time))
        if live is not None:
            if live.scheduled_at.astimezone(_tz(crow)).date() != moment.date():
                raise Conflict(
                    f"session {short_id(live.id)} is live; end or abandon it before starting "
                    "another"
                )
            return live, moment
        return _planned_between(s, crow, *day_bounds(moment.date(), _tz(crow))), moment
    moment = _now_to_the_minute(crow, now)
    if live is not None:
        return live, moment
    today_start, today_end = day_bounds(moment.date(), _tz(crow))
    planned = _planned_between(s, crow, today_start, today_end)
    if planned is None:
        planned = _planned_between(
            s, crow, today_end, today_start + timedelta(days=START_AHEAD_DAYS + 1)
        )
    return planned, moment


def _refuse_duplicate(s: Session, crow: Community, moment: datetime) -> None:
    """Two sessions at the same minute are one session started twice."""
    other = s.exec(
        select(StudySession)
        .where(StudySession.community_id == crow.id)
        .where(StudySession.status != SessionStatus.CANCELLED)
        .where(StudySession.scheduled_at == moment)
        .limit(1)
    ).first()
    if other is not None:
        raise Conflict(
            f"there is already a session at {moment:%Y-%m-%d %H:%M} "
            f"({short_id(other.id)}, {other.status})"
        )


def _is_moved(crow: Community, row: StudySession, now: datetime) -> bool:
    """A planned session of another day, started early or held late: it is held now (and
    keeps the cadence date it was planned for)."""
    local_day = row.scheduled_at.astimezone(_tz(crow)).date()
    return row.status == SessionStatus.PLANNED and local_day != now.astimezone(_tz(crow)).date()


def _same_day_sessions(s: Session, crow: Community, day: date) -> list[str]:
    """What else took place that day, so starting another one is a visible choice."""
    start, end = day_bounds(day, _tz(crow))
    rows = s.exec(
        select(StudySession)
        .where(StudySession.community_id == crow.id)
        .where(col(StudySession.status).in_((SessionStatus.ENDED, SessionStatus.CANCELLED)))
        .where(StudySession.scheduled_at >= start)
        .where(StudySession.scheduled_at < end)
        .order_by(StudySession.scheduled_at)
        .limit(5)
    ).all()
    return [
        f"{r.scheduled_at.astimezone(_tz(crow)):%H:%M} {r.status} ({short_id(r.id)})" for r in rows
    ]


def start_proposal(
    db: Database, community: str | None, now: datetime, when: str | None = None
) -> domain.StartProposal:
    """The session `start` would open (the live one first), with the host to suggest."""
    with db.session() as s:
        crow = community_row(s, community)
        row, moment = _session_to_start(s, crow, now, when)
        members = [m.name for m in member_rows(s, crow.id, include_inactive=False)]
        earlier = _same_day_sessions(s, crow, moment.date())
        if row is None:
            return domain.StartProposal(
                None,
                crow.name,
                moment,
                SessionStatus.PLANNED,
                None,
                None,
                members,
                also_today=earlier,
            )
        host = s.get(Member, row.facilitator_id) if row.facilitator_id else None
        planned_at = row.scheduled_at.astimezone(_tz(crow))
        ahead = _is_moved(crow, row, now)
        return domain.StartProposal(
            row.id,
            crow.name,
            _now_to_the_minute(crow, now) if ahead else planned_at,
            SessionStatus(row.status),
            host.name if host else None,
            row.topic,
            members,
            moved_from=planned_at if ahead else None,
            also_today=earlier,
        )


def begin_session(
    db: Database,
    community: str | None,
    now: datetime,
    host: str | None,
    topic: str | None,
    when: str | None = None,
) -> str:
    """Make the session live: the one `start_proposal` offered, or a new one.

    Creates the four agenda parts from the community's minutes, pulls in talks waiting for
    a session, and checks the host in as present. Returns the session id.
    """
    with db.session() as s:
        crow = community_row(s, community)
        lock_parent(s, Community, crow.id)  # two people pressing start make one session
        row, moment = _session_to_start(s, crow, now, when)
        if row is None:
            _refuse_duplicate(s, crow, moment)
            row = schedule.new_session(s, crow, moment)
        elif _is_moved(crow, row, now):
            schedule.hold_at(s, crow, row, _now_to_the_minute(crow, now))
        host_row = member_row(s, crow.id, host) if host and host.strip() else None
        if host_row is not None and not host_row.active:
            raise InvalidInput(f"{host_row.name} is not an active member")
        row.facilitator_id = host_row.id if host_row else row.facilitator_id
        row.topic = _topic(topic) if topic is not None else row.topic
        row.status = SessionStatus.LIVE
        s.add(row)
        _create_parts(s, crow, row)
        attach_waiting_talks(s, crow.id, row.id)
        if host_row is not None:
            _set_attendance(s, row.id, host_row.id, AttendanceStatus.PRESENT)
        return row.id


def _create_parts(s: Session, crow: Community, row: StudySession) -> None:
    existing = s.exec(select(AgendaPart).where(AgendaPart.session_id == row.id)).first()
    if existing is not None:
        return
    minutes = converters.community(crow).minutes
    for position, spec in enumerate(domain.AGENDA):
        s.add(
            AgendaPart(
                session_id=row.id,
                position=position,
                name=spec.name,
                planned_seconds=minutes[spec.key] * 60,
            )
        )
    s.flush()


def _default_due(s: Session, crow: Community, row: StudySession) -> date:
    """The next session's local date; a week later when none can be planned."""
    try:
        return schedule.following(s, crow, row).due_on
    except InvalidInput:
        return row.scheduled_at.astimezone(_tz(crow)).date() + timedelta(days=7)


def session_info(db: Database, session_id: str) -> domain.LiveSessionInfo:
    with db.session() as s:
        row, crow = session_and_community(s, session_id)
        host = s.get(Member, row.facilitator_id) if row.facilitator_id else None
        due = _default_due(s, crow, row)
        return domain.LiveSessionInfo(
            id=row.id,
            community=crow.name,
            scheduled_at=row.scheduled_at.astimezone(_tz(crow)),
            topic=row.topic,
            host=host.name if host else None,
            status=SessionStatus(row.status),
            default_due=due,
            timezone=crow.timezone,
        )


# Attendance


def _set_attendance(
    s: Session, session_id: str, member_id: str, status: AttendanceStatus
) -> Attendance:
    if not known(AttendanceStatus, status):
        raise InvalidInput(f"unknown attendance {status!r}; use {listed(AttendanceStatus)}")
    row = s.exec(
        select(Attendance)
        .where(Attendance.session_id == session_id)
        .where(Attendance.member_id == member_id)
    ).first()
    if row is None:
        row = Attendance(session_id=session_id, member_id=member_id, status=status)
    row.status = status
    row.updated_at = utcnow()
    s.add(row)
    s.flush()
    return row


def attendance(db: Database, session_id: str) -> list[domain.AttendanceRow]:
    """Every active member (and anyone already recorded), checked in or not, by name: read
    as plain columns in one statement, since a community may count thousands."""
    with db.session() as s:
        row, crow = session_and_community(s, session_id)
        marked = (Attendance.member_id == Member.id) & (Attendance.session_id == row.id)
        found = s.exec(
            select(Member.id, Member.name, Member.department, Attendance)
            .outerjoin(Attendance, marked)
            .where(Member.community_id == crow.id)
            .where(col(Member.forgotten_at).is_(None))
            .where(or_(col(Member.active).is_(True), col(Attendance.id).is_not(None)))
            .order_by(Member.name_key)
        ).all()
        return [
            domain.AttendanceRow(
                member_id=member_id,
                name=name,
                department=department,
                status=AttendanceStatus(mark.status) if mark else None,
                newcomer=mark.newcomer if mark else False,
                passed=mark.passed if mark else False,
            )
            for member_id, name, department, mark in found
        ]


def _attendance_row(member: Member, mark: Attendance | None) -> domain.AttendanceRow:
    return domain.AttendanceRow(
        member_id=member.id,
        name=member.name,
        department=member.department,
        status=AttendanceStatus(mark.status) if mark else None,
        newcomer=mark.newcomer if mark else False,
        passed=mark.passed if mark else False,
    )


def set_attendance(
    db: Database, session_id: str, member_id: str, status: AttendanceStatus
) -> domain.AttendanceRow:
    with db.session() as s:
        session_and_community(s, session_id)
        member = s.get(Member, member_id)
        if member is None:
            raise NotFound("that member no longer exists")
        return _attendance_row(member, _set_attendance(s, session_id, member_id, status))


def add_newcomer(
    db: Database, session_id: str, name: str, department: str | None, joined_on: date
) -> domain.AttendanceRow:
    """A first-timer joins the roster and is checked in, in one step."""
    with db.session() as s:
        row, crow = session_and_community(s, session_id)
        fields = MemberFields(name=name, department=department)
        member = create_member(s, crow.id, fields, joined_on)
        mark = _set_attendance(s, row.id, member.id, AttendanceStatus.PRESENT)
        mark.newcomer = True
        s.add(mark)
        return _attendance_row(member, mark)


# The clock


def clock_inputs(db: Database, session_id: str) -> tuple[list[PartPlan], list[ClockEvent]]:
    with db.session() as s:
        parts = s.exec(
            select(AgendaPart)
            .where(AgendaPart.session_id == session_id)
            .order_by(AgendaPart.position)
        ).all()
        events = s.exec(
            select(TimerEvent).where(TimerEvent.session_id == session_id).order_by(TimerEvent.seq)
        ).all()
        return (
            [PartPlan(p.id, p.name, p.planned_seconds) for p in parts],
            [
                ClockEvent(EventKind(e.kind), e.at, e.part_id, e.delta_seconds, e.ref_id)
                for e in events
            ],
        )


def record_events(
    db: Database, session_id: str, events: list[ClockEvent], monotonic: float | None = None
) -> None:
    """Store clock events together (a rebalance is several adjustments or none)."""
    with db.session() as s:
        row, _ = session_and_community(s, session_id)
        if row.status != SessionStatus.LIVE:
            raise InvalidInput(f"session {short_id(row.id)} is {row.status}, not live")
        append_events(s, session_id, events, monotonic)


# Closing


def closing_summary(db: Database, session_id: str, reading: ClockReading) -> domain.ClosingSummary:
    """What the closing screen confirms; reads only this session's rows (the people checked
    in, not the whole roster)."""
    with db.session() as s:
        marked = s.exec(
            select(Attendance, Member)
            .join(Member, Member.id == Attendance.member_id)
            .where(Attendance.session_id == session_id)
            .order_by(Member.name_key)
        ).all()
        rows = [_attendance_row(member, mark) for mark, member in marked]
        board = topic_board(s, session_id).topics
        return domain.ClosingSummary(
            present=[r.name for r in rows if r.status == AttendanceStatus.PRESENT],
            excused=[r.name for r in rows if r.status == AttendanceStatus.EXCUSED],
            newcomers=[r.name for r in rows if r.newcomer],
            talks=talk_items(s, session_id),
            takeaways=takeaway_items(s, session_id),
            commitments=commitment_items(s, session_id),
            passes=[r.name for r in rows if r.passed],
            follow_up=follow_up_at(s, session_id),
            parts=parts_as_run(reading),
            pulse=read_pulse(s, existing(s, StudySession, session_id, "session")),
            topics_talked=[t.text for t in board if t.status == TopicStatus.DISCUSSED],
            topics_rolling=[t.text for t in board if t.status == TopicStatus.OPEN],
        )


def _finish(
    s: Session,
    row: StudySession,
    at: datetime,
    monotonic: float | None,
    status: SessionStatus,
) -> None:
    if row.status != SessionStatus.LIVE:
        raise InvalidInput(f"session {short_id(row.id)} is {row.status}, not live")
    finish_running_talk(
        s,
        row.id,
        TalkStatus.GIVEN if status == SessionStatus.ENDED else TalkStatus.QUEUED,
        at,
        monotonic,
    )
    append_events(s, row.id, [ClockEvent(EventKind.END, at)], monotonic)
    row.status = status
    row.ended_at = at
    s.add(row)
    roll_over_talks(s, row)
    roll_over_topics(s, row)


def end_session(
    db: Database,
    session_id: str,
    at: datetime,
    monotonic: float | None,
    next_topic: str | None,
    next_host: str | None,
) -> None:
    """End the session; the next host and topic go onto the next planned session.

    All or nothing: a running talk is marked given, the session ended and the next host
    recorded in one transaction, so a refused next host leaves the session live as it was.
    """
    with db.session() as s:
        row, crow = session_and_community(s, session_id)
        host = member_row(s, crow.id, next_host) if next_host and next_host.strip() else None
        if host is not None and not host.active:
            raise InvalidInput(f"{host.name} is not an active member")
        row.next_topic = _topic(next_topic)
        _finish(s, row, at, monotonic, SessionStatus.ENDED)
        if host is None and row.next_topic is None:
            return
        lock_parent(s, Community, crow.id)
        after = schedule.following(s, crow, row)
        upcoming = after.row or schedule.new_session(s, crow, after.at, cadence_on=after.cadence_on)
        if upcoming.status != SessionStatus.PLANNED:
            return  # held already (this one was held late): nothing to hand on to
        if row.next_topic and not upcoming.topic:
            upcoming.topic = row.next_topic
            s.add(upcoming)
        if host is not None:
            record_next_host(s, crow, upcoming, host)


def abandon_session(db: Database, session_id: str, at: datetime, monotonic: float | None) -> None:
    """Stop without the closing: the meeting broke up. Everything captured is kept."""
    with db.session() as s:
        row, _ = session_and_community(s, session_id)
        row.abandoned = True
        _finish(s, row, at, monotonic, SessionStatus.ENDED)


def cancel_live_session(
    db: Database, session_id: str, at: datetime, monotonic: float | None, reason: str | None
) -> None:
    """The meeting did not really take place; it stays in the history as cancelled."""
    with db.session() as s:
        row, _ = session_and_community(s, session_id)
        row.cancel_reason = clean_optional(reason, "reason")
        _finish(s, row, at, monotonic, SessionStatus.CANCELLED)
