"""Lightning talks: sign-ups before or during a session, the queue, and rolling over.

A talk belongs to a session, or (session_id empty) waits for the next session to start:
that is where sign-ups without a planned session and talks that were not given go.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, or_, select

from facilitator import domain
from facilitator.agenda_clock import ClockEvent
from facilitator.cadence import parse_time
from facilitator.dates import parse_when
from facilitator.errors import InvalidInput, NotFound
from facilitator.services import schedule
from facilitator.services.communities import community_row
from facilitator.services.roster import member_row
from facilitator.services.sessions import member_names, short_id, summaries
from facilitator.services.timer_events import append_events
from facilitator.text import clean_note
from facilitator.vocabulary import EventKind, SessionStatus, TalkStatus
from store.database import Database
from store.locks import lock_parent
from store.models import Community, LightningTalk, StudySession

MAX_TITLE = 300
NOT_GIVEN = (TalkStatus.QUEUED, TalkStatus.RUNNING, TalkStatus.SKIPPED)
"""Statuses that roll over when a session ends; withdrawn talks do not come back."""


def _items(s: Session, rows: list[LightningTalk]) -> list[domain.Talk]:
    names = member_names(s, [r.presenter_id for r in rows])
    return [
        domain.Talk(
            id=r.id,
            presenter=names.get(r.presenter_id, "?"),
            presenter_id=r.presenter_id,
            title=r.title,
            minutes=r.minutes,
            status=TalkStatus(r.status),
            position=r.position,
            rolled_over=r.rolled_from_id is not None,
        )
        for r in rows
    ]


def _session_talks(s: Session, session_id: str) -> list[LightningTalk]:
    return list(
        s.exec(
            select(LightningTalk)
            .where(LightningTalk.session_id == session_id)
            .order_by(LightningTalk.position, LightningTalk.created_at, LightningTalk.id)
        ).all()
    )


def talk_items(s: Session, session_id: str) -> list[domain.Talk]:
    return _items(s, _session_talks(s, session_id))


def list_session_talks(db: Database, session_id: str) -> list[domain.Talk]:
    with db.session() as s:
        return talk_items(s, session_id)


def _next_position(s: Session, community_id: str, session_id: str | None) -> int:
    """The position after the queue's last, with the queue locked until this transaction
    ends so a concurrent sign-up cannot take the same one (store.locks)."""
    if session_id:
        lock_parent(s, StudySession, session_id)
    else:
        lock_parent(s, Community, community_id)
    query = select(func.max(LightningTalk.position)).where(
        LightningTalk.community_id == community_id
    )
    query = query.where(
        LightningTalk.session_id == session_id
        if session_id
        else col(LightningTalk.session_id).is_(None)
    )
    last = s.exec(query).one()
    return 0 if last is None else last + 1


def _target_session(
    s: Session, community_id: str, tz: ZoneInfo, meeting_time: str, now: datetime, when: str | None
) -> StudySession | None:
    """The session a sign-up is for: the given date's, else the live or next planned one."""
    open_rows = s.exec(
        select(StudySession)
        .where(StudySession.community_id == community_id)
        .where(col(StudySession.status).in_((SessionStatus.PLANNED, SessionStatus.LIVE)))
        .order_by(StudySession.scheduled_at)
    ).all()
    if when:
        day = parse_when(when, tz, now, parse_time(meeting_time)).date()
        for row in open_rows:
            if row.scheduled_at.astimezone(tz).date() == day:
                return row
        raise NotFound(f"no planned session on {day}; plan it with `cop session plan --date {day}`")
    live = [r for r in open_rows if r.status == SessionStatus.LIVE]
    if live:
        return live[0]
    return schedule.next_session(s, s.get(Community, community_id), now).row


def _check(title: str, minutes: int) -> str:
    title = clean_note(title, "talk title", MAX_TITLE)
    if not 1 <= minutes <= 60:
        raise InvalidInput(f"a talk lasts between 1 and 60 minutes, not {minutes}")
    return title


def add_talk(
    db: Database,
    community: str | None,
    presenter: str,
    title: str,
    now: datetime,
    minutes: int | None = None,
    when: str | None = None,
    session_id: str | None = None,
) -> tuple[domain.Talk, domain.SessionSummary | None]:
    """Sign someone up; returns the talk and the session it is queued for (None: the next)."""
    with db.session() as s:
        crow = community_row(s, community)
        title = _check(title, minutes if minutes is not None else crow.talk_minutes)
        person = member_row(s, crow.id, presenter)
        if not person.active:
            raise InvalidInput(f"{person.name} is not an active member")
        if session_id is not None:
            target = s.get(StudySession, session_id)
        else:
            target = _target_session(
                s, crow.id, ZoneInfo(crow.timezone), crow.meeting_time, now, when
            )
        row = LightningTalk(
            community_id=crow.id,
            session_id=target.id if target else None,
            presenter_id=person.id,
            title=title,
            minutes=minutes if minutes is not None else crow.talk_minutes,
            position=_next_position(s, crow.id, target.id if target else None),
        )
        s.add(row)
        s.flush()
        summary = summaries(s, crow, [target])[0] if target else None
        return _items(s, [row])[0], summary


def upcoming_talks(
    db: Database, community: str | None, now: datetime
) -> tuple[domain.SessionSummary | None, list[domain.Talk]]:
    """The queue for the live or next session, with the talks still waiting for a session."""
    with db.session() as s:
        crow = community_row(s, community)
        target = _target_session(s, crow.id, ZoneInfo(crow.timezone), crow.meeting_time, now, None)
        query = select(LightningTalk).where(LightningTalk.community_id == crow.id)
        waiting = col(LightningTalk.session_id).is_(None) & (
            LightningTalk.status == TalkStatus.QUEUED
        )
        if target is not None:
            query = query.where(or_(LightningTalk.session_id == target.id, waiting))
        else:
            query = query.where(waiting)
        rows = s.exec(
            query.order_by(LightningTalk.position, LightningTalk.created_at, LightningTalk.id)
        ).all()
        summary = summaries(s, crow, [target])[0] if target else None
        return summary, _items(s, list(rows))


def attach_waiting_talks(s: Session, community_id: str, session_id: str) -> None:
    """A starting session takes the talks that were waiting, after its own queue."""
    waiting = s.exec(
        select(LightningTalk)
        .where(LightningTalk.community_id == community_id)
        .where(col(LightningTalk.session_id).is_(None))
        .where(LightningTalk.status == TalkStatus.QUEUED)
        .order_by(LightningTalk.position, LightningTalk.created_at, LightningTalk.id)
    ).all()
    position = _next_position(s, community_id, session_id)
    for row in waiting:
        row.session_id = session_id
        row.position = position
        position += 1
        s.add(row)
    s.flush()


def roll_over_talks(s: Session, session: StudySession) -> None:
    """Talks not given in an ending session wait, in order, for the next one."""
    position = _next_position(s, session.community_id, None)
    for row in _session_talks(s, session.id):
        if row.status not in NOT_GIVEN:
            continue
        row.status = TalkStatus.ROLLED_OVER
        s.add(row)
        s.add(
            LightningTalk(
                community_id=row.community_id,
                session_id=None,
                presenter_id=row.presenter_id,
                title=row.title,
                minutes=row.minutes,
                position=position,
                rolled_from_id=row.id,
            )
        )
        position += 1
    s.flush()


def _talk(s: Session, talk_id: str) -> LightningTalk:
    row = s.get(LightningTalk, talk_id)
    if row is None:
        raise NotFound(f"no talk {short_id(talk_id)}")
    return row


def move_talk(db: Database, talk_id: str, offset: int) -> None:
    """Move a talk up (offset -1) or down (+1) in its session's queue."""
    with db.session() as s:
        row = _talk(s, talk_id)
        queue = _session_talks(s, row.session_id) if row.session_id else [row]
        index = next(i for i, t in enumerate(queue) if t.id == row.id)
        other = index + offset
        if not 0 <= other < len(queue):
            return
        queue[index], queue[other] = queue[other], queue[index]
        for position, talk in enumerate(queue):
            talk.position = position
            s.add(talk)


def start_talk(
    db: Database, session_id: str, talk_id: str, at: datetime, monotonic: float | None
) -> domain.Talk:
    """Run a talk's sub-timer; one talk at a time, and only a queued or skipped one."""
    with db.session() as s:
        row = _talk(s, talk_id)
        if row.session_id != session_id:
            raise InvalidInput("that talk is not in this session's queue")
        running = [t for t in _session_talks(s, session_id) if t.status == TalkStatus.RUNNING]
        if running:
            raise InvalidInput(f"{running[0].title!r} is still running; mark it given first")
        if row.status not in (TalkStatus.QUEUED, TalkStatus.SKIPPED):
            raise InvalidInput(f"that talk is already {row.status.replace('_', ' ')}")
        row.status = TalkStatus.RUNNING
        s.add(row)
        append_events(
            s, session_id, [ClockEvent(EventKind.TALK_START, at, ref_id=row.id)], monotonic
        )
        return _items(s, [row])[0]


def finish_talk(
    db: Database,
    session_id: str,
    talk_id: str,
    status: str,
    at: datetime,
    monotonic: float | None,
) -> domain.Talk:
    """Mark a talk given, skipped or withdrawn; a running one stops its sub-timer."""
    if status not in (
        TalkStatus.GIVEN,
        TalkStatus.SKIPPED,
        TalkStatus.WITHDRAWN,
        TalkStatus.QUEUED,
    ):
        raise InvalidInput(f"a talk can be marked given, skipped or withdrawn, not {status!r}")
    with db.session() as s:
        row = _talk(s, talk_id)
        if row.session_id != session_id:
            raise InvalidInput("that talk is not in this session's queue")
        set_talk_status(s, row, status, at, monotonic)
        return _items(s, [row])[0]


def set_talk_status(
    s: Session, row: LightningTalk, status: str, at: datetime, monotonic: float | None
) -> None:
    """Inside the caller's transaction: a running talk stops its sub-timer first."""
    if row.status == TalkStatus.RUNNING:
        append_events(
            s, row.session_id, [ClockEvent(EventKind.TALK_END, at, ref_id=row.id)], monotonic
        )
    row.status = status
    s.add(row)
    s.flush()


def finish_running_talk(
    s: Session, session_id: str, status: str, at: datetime, monotonic: float | None
) -> None:
    """Stop a talk still running when the session stops: given when the session ended,
    queued (so it rolls over) when the session is cancelled as if it never took place."""
    running = s.exec(
        select(LightningTalk)
        .where(LightningTalk.session_id == session_id)
        .where(LightningTalk.status == TalkStatus.RUNNING)
    ).all()
    for row in running:
        set_talk_status(s, row, status, at, monotonic)
