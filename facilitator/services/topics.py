"""Dialogue topics (Lean Coffee): proposed before the session or in the room, dot-voted by
the room (the facilitator enters the dots), talked through in timeboxes, and rolled over
when the session ends before the room got to them.

A topic without a session waits for the next one held. The board of a live session is
its own topics and those waiting; voting for or starting a waiting topic puts it on this
session's board. When the session ends every topic still open on its board is marked
rolled over and waits again as a new row, so each session keeps the board it had.

Timeboxes are timer events (TOPIC_START, TOPIC_EXTEND, TOPIC_END, ref_id the topic), the
same stored events the agenda clock replays, so a topic survives a crash with the time it
had left. Each change is one transaction: the event and the topic's row together.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from facilitator import domain
from facilitator.agenda_clock import ClockEvent
from facilitator.errors import InvalidInput, NotFound
from facilitator.services.communities import community_row
from facilitator.services.roster import member_row
from facilitator.services.session_summaries import member_names
from facilitator.services.sessions import short_id
from facilitator.services.timer_events import append_events
from facilitator.text import clean_note
from facilitator.vocabulary import AttendanceStatus, EventKind, SessionStatus, TopicStatus
from store.database import Database
from store.models import Attendance, Community, DialogueTopic, StudySession

MAX_TOPIC = 300
"""A topic is a line on a board, not a note."""
MIN_TIMEBOX_SECONDS = 60


def _topic_value(row: DialogueTopic, names: dict[str, str]) -> domain.Topic:
    return domain.Topic(
        id=row.id,
        short_id=short_id(row.id),
        text=row.text,
        proposed_by=names.get(row.proposed_by_id or ""),
        status=TopicStatus(row.status),
        votes=row.votes,
        seconds=row.seconds,
        session_id=row.session_id,
        carried=row.rolled_from_id is not None,
    )


def _values(s: Session, rows: list[DialogueTopic]) -> list[domain.Topic]:
    names = member_names(s, [row.proposed_by_id for row in rows])
    return [_topic_value(row, names) for row in rows]


def _on_board(community_id: str, session_id: str | None):
    """A session's own open topics and those waiting for the next session."""
    query = select(DialogueTopic).where(DialogueTopic.community_id == community_id)
    waiting = col(DialogueTopic.session_id).is_(None) & (DialogueTopic.status == TopicStatus.OPEN)
    if session_id is None:
        return query.where(waiting)
    return query.where(or_(DialogueTopic.session_id == session_id, waiting))


def _session_for(s: Session, crow: Community, ref: str | None) -> StudySession | None:
    """The session a topic is proposed for: named, else None (the next one held)."""
    if ref is None:
        return None
    from facilitator.services.sessions import session_row

    row = session_row(s, crow, ref)
    if row.status not in (SessionStatus.PLANNED, SessionStatus.LIVE):
        raise InvalidInput(
            f"the session of {row.scheduled_at:%Y-%m-%d} is {row.status}: propose topics for "
            "a planned or live one"
        )
    return row


def add_topic(
    db: Database,
    community: str | None,
    text: str,
    by: str | None = None,
    session: str | None = None,
    live_session_id: str | None = None,
) -> domain.Topic:
    """Propose a topic for `session` (default: the next session; `live_session_id` from
    the room puts it on that session's board)."""
    cleaned = clean_note(text, "topic", limit=MAX_TOPIC)
    if "\n" in cleaned:
        raise InvalidInput("a topic is one line; put the detail in the dialogue itself")
    with db.session() as s:
        crow = community_row(s, community)
        target = _session_for(s, crow, session)
        proposer = member_row(s, crow.id, by).id if by and by.strip() else None
        row = DialogueTopic(
            community_id=crow.id,
            session_id=live_session_id or (target.id if target else None),
            text=cleaned,
            proposed_by_id=proposer,
        )
        s.add(row)
        s.flush()
        return _values(s, [row])[0]


def list_topics(
    db: Database, community: str | None, now: datetime, session: str | None = None
) -> list[domain.Topic]:
    """The open topics of a session (default: those waiting for the next one, with the
    next planned session's own), most voted first, then oldest."""
    with db.session() as s:
        crow = community_row(s, community)
        target = _session_for(s, crow, session)
        if target is None:
            from facilitator.services import schedule

            target = schedule.next_session(s, crow, now).row
        return open_on_board(s, crow.id, target.id if target else None)


def open_on_board(s: Session, community_id: str, session_id: str | None) -> list[domain.Topic]:
    """The open topics a session's board starts with, most voted first, then oldest."""
    query = _on_board(community_id, session_id).where(DialogueTopic.status == TopicStatus.OPEN)
    rows = s.exec(
        query.order_by(col(DialogueTopic.votes).desc(), col(DialogueTopic.created_at))
    ).all()
    return _values(s, list(rows))


def _topic_row(s: Session, crow: Community, ref: str) -> DialogueTopic:
    """An open topic by id prefix (4+ characters) or by its exact text."""
    ref = ref.strip()
    query = (
        select(DialogueTopic)
        .where(DialogueTopic.community_id == crow.id)
        .where(DialogueTopic.status == TopicStatus.OPEN)
    )
    found = list(s.exec(query.where(DialogueTopic.text == ref).limit(2)).all())
    if not found and len(ref) >= 4:
        found = list(
            s.exec(
                query.where(col(DialogueTopic.id) >= ref.lower())
                .where(col(DialogueTopic.id) < ref.lower() + "\U0010ffff")
                .limit(2)
            ).all()
        )
    if not found:
        raise NotFound(f"no open topic {ref!r}; see cop topic list")
    if len(found) > 1:
        raise InvalidInput(f"{ref!r} names more than one topic; give more of its id")
    return found[0]


def withdraw_topic(db: Database, community: str | None, ref: str) -> domain.Topic:
    with db.session() as s:
        row = _topic_row(s, community_row(s, community), ref)
        row.status = TopicStatus.WITHDRAWN
        s.add(row)
        s.flush()
        return _values(s, [row])[0]


# The board in the room


def board(db: Database, session_id: str) -> domain.TopicBoard:
    with db.session() as s:
        return board_of(s, session_id)


def board_of(s: Session, session_id: str) -> domain.TopicBoard:
    row = s.get(StudySession, session_id)
    if row is None:
        raise NotFound(f"no session {short_id(session_id)}")
    crow = s.get(Community, row.community_id)
    assert crow is not None
    rows = s.exec(
        _on_board(crow.id, session_id).order_by(
            col(DialogueTopic.votes).desc(), col(DialogueTopic.created_at)
        )
    ).all()
    present = s.exec(
        select(func.count(Attendance.id))
        .where(Attendance.session_id == session_id)
        .where(Attendance.status == AttendanceStatus.PRESENT)
    ).one()
    topics = _values(s, list(rows))
    ordered = sorted(topics, key=lambda t: t.status != TopicStatus.OPEN)  # open ones first
    return domain.TopicBoard(
        topics=tuple(ordered),
        votes_cast=sum(t.votes for t in topics if t.session_id == session_id),
        dots=present * crow.dots_per_person,
        dots_per_person=crow.dots_per_person,
        topic_minutes=crow.topic_minutes,
    )


def _claim(s: Session, session_id: str, topic_id: str) -> DialogueTopic:
    """An open topic of the board, put on this session's board if it was waiting."""
    row = s.get(DialogueTopic, topic_id)
    if row is None or row.status != TopicStatus.OPEN:
        raise NotFound("that topic is no longer open")
    if row.session_id not in (None, session_id):
        raise InvalidInput("that topic belongs to another session")
    row.session_id = session_id
    return row


def vote(db: Database, session_id: str, topic_id: str, delta: int) -> domain.TopicBoard:
    """One dot more (+1) or one fewer (-1); never past the room's dots, never below zero."""
    with db.session() as s:
        before = board_of(s, session_id)
        row = _claim(s, session_id, topic_id)
        if delta > 0 and before.votes_cast >= before.dots:
            if before.dots == 0:
                raise InvalidInput("nobody is checked in: each person present has dots to vote")
            raise InvalidInput(
                f"votes cast {before.votes_cast} of {before.dots}: every dot is used "
                "(- takes one back)"
            )
        if delta < 0 and row.votes == 0:
            raise InvalidInput("that topic has no vote to take back")
        row.votes += 1 if delta > 0 else -1
        s.add(row)
        s.flush()
        return board_of(s, session_id)


def timebox(
    db: Database,
    session_id: str,
    topic_id: str,
    seconds: int,
    at: datetime,
    monotonic: float | None,
    going_on: bool = False,
) -> ClockEvent:
    """Start the topic's first timebox, or (`going_on`) add one more: the event and the
    topic put on this session's board, in one transaction."""
    kind = EventKind.TOPIC_EXTEND if going_on else EventKind.TOPIC_START
    event = ClockEvent(kind, at, ref_id=topic_id, delta_seconds=seconds)
    with db.session() as s:
        if not going_on:
            s.add(_claim(s, session_id, topic_id))
        append_events(s, session_id, [event], monotonic)
    return event


def end_topic(
    db: Database,
    session_id: str,
    topic_id: str,
    talked_seconds: float,
    at: datetime,
    monotonic: float | None,
) -> ClockEvent:
    """The room moved on: the topic is discussed, its minutes kept."""
    event = ClockEvent(EventKind.TOPIC_END, at, ref_id=topic_id)
    with db.session() as s:
        finish_running_topic(s, session_id, topic_id, talked_seconds)
        append_events(s, session_id, [event], monotonic)
    return event


def finish_running_topic(s: Session, session_id: str, topic_id: str, talked: float) -> None:
    row = s.get(DialogueTopic, topic_id)
    if row is None:
        return
    row.session_id = session_id
    row.status = TopicStatus.DISCUSSED
    row.seconds += round(talked)
    s.add(row)


def roll_over_topics(s: Session, session: StudySession) -> None:
    """Every topic still open on an ending session's board waits for the next one."""
    rows = s.exec(
        _on_board(session.community_id, session.id).where(DialogueTopic.status == TopicStatus.OPEN)
    ).all()
    for row in rows:
        row.session_id = session.id
        row.status = TopicStatus.ROLLED_OVER
        s.add(row)
        s.add(
            DialogueTopic(
                community_id=row.community_id,
                text=row.text,
                proposed_by_id=row.proposed_by_id,
                rolled_from_id=row.id,
            )
        )
    s.flush()


def session_topics(s: Session, session_id: str) -> list[domain.Topic]:
    """A held session's board as it ended: discussed first (most voted), then rolled over."""
    rows = s.exec(
        select(DialogueTopic)
        .where(DialogueTopic.session_id == session_id)
        .where(col(DialogueTopic.status).in_([TopicStatus.DISCUSSED, TopicStatus.ROLLED_OVER]))
        .order_by(
            col(DialogueTopic.status),
            col(DialogueTopic.votes).desc(),
            col(DialogueTopic.created_at),
        )
    ).all()
    return _values(s, list(rows))
