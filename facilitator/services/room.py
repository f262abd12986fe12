"""The room view: what a second screen shows of the live session (a projector, or a
remote participant's terminal on the same database or server), read again and again from
the database, never written.

Everything is read from what the facilitator's app stored: the clock is replayed from the
session's timer events like the app's own, so the room follows it however far away it
runs, and a room opened late or after a crash shows the same time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from facilitator import domain
from facilitator.agenda_clock import ClockReading, read_clock
from facilitator.vocabulary import SessionStatus, TalkStatus
from store.database import Database

LATEST_TAKEAWAYS = 5


class RoomState(StrEnum):
    WAITING = "waiting"
    """No session is live yet."""
    LIVE = "live"
    ENDED = "ended"
    """The session the room was following has ended (or was cancelled)."""


@dataclass(frozen=True)
class RoomView:
    community: str
    state: RoomState
    session_id: str | None = None
    topic: str | None = None
    reading: ClockReading | None = None
    talk: domain.Talk | None = None
    queue: tuple[domain.Talk, ...] = ()
    board: domain.TopicBoard | None = None
    subject: domain.Topic | None = None
    """The Dialogue topic being talked through."""
    takeaways: tuple[domain.TakeawayItem, ...] = field(default=())
    """The latest few, newest last."""
    ended_at: datetime | None = None
    timezone: str = "UTC"
    """The community's: the time a session ended is told as the room's clocks show it."""


def room_view(
    db: Database, community: str | None, now: datetime, following: str | None = None
) -> RoomView:
    """The community's live session as the room sees it at `now`; `following` is the
    session the room showed last, so its end can be told."""
    from facilitator.services import captures, live, talks, topics
    from facilitator.services.communities import community_row
    from facilitator.services.sessions import live_row
    from store.models import StudySession

    with db.session() as s:
        crow = community_row(s, community)
        row = live_row(s, crow.id)
        if row is None and following is not None:
            ended = s.get(StudySession, following)
            if ended is not None and ended.status in (SessionStatus.ENDED, SessionStatus.CANCELLED):
                return RoomView(
                    crow.name,
                    RoomState.ENDED,
                    ended.id,
                    ended.topic,
                    ended_at=ended.ended_at,
                    timezone=crow.timezone,
                )
        if row is None:
            return RoomView(crow.name, RoomState.WAITING)
        name, session_id, topic = crow.name, row.id, row.topic
    parts, events = live.clock_inputs(db, session_id)
    reading = read_clock(parts, events, now)
    session_talks = talks.list_session_talks(db, session_id)
    board = topics.board(db, session_id)
    return RoomView(
        community=name,
        state=RoomState.LIVE,
        session_id=session_id,
        topic=topic,
        reading=reading,
        talk=next((t for t in session_talks if t.id == reading.talk_id), None),
        queue=tuple(t for t in session_talks if t.status == TalkStatus.QUEUED),
        board=board,
        subject=next((t for t in board.topics if t.id == reading.topic_id), None),
        takeaways=tuple(captures.list_takeaways(db, session_id)[-LATEST_TAKEAWAYS:]),
    )


def clock(seconds: float) -> str:
    """m:ss left, or +m:ss past zero."""
    whole = int(abs(seconds) + (0.999 if seconds > 0 else 0))
    sign = "+" if seconds < 0 else ""
    return f"{sign}{whole // 60}:{whole % 60:02d}"


def plain_line(view: RoomView) -> str:
    """One line that says it all without colour: for screen readers and chat bridges.
    "Practice sharing · 12:40 left · talk: Ana Lima, My prompt linter"."""
    if view.state == RoomState.WAITING:
        return f"{view.community}: no session is live yet; waiting"
    if view.state == RoomState.ENDED:
        from zoneinfo import ZoneInfo

        ended = view.ended_at.astimezone(ZoneInfo(view.timezone)) if view.ended_at else None
        when = f" at {ended:%H:%M}" if ended else ""
        return f"{view.community}: the session ended{when}"
    reading = view.reading
    assert reading is not None
    if not reading.started:
        return f"{view.community}: the session is open; the clock starts after check-in"
    left = reading.remaining_seconds
    words = [reading.part.name, f"{clock(left)} left" if left > 0 else f"OVER {clock(-left)}"]
    if not reading.running:
        words.append("paused")
    if view.talk is not None:
        words.append(f"talk: {view.talk.presenter}, {view.talk.title}")
    if view.subject is not None:
        topic_left = reading.topic_remaining_seconds
        time = f"{clock(topic_left)} left" if topic_left > 0 else "time's up"
        words.append(f"topic: {view.subject.text} ({time})")
    return " · ".join(words)


def change_of(view: RoomView) -> tuple:
    """What makes a new plain line: another part, talk or topic, pausing, running over."""
    reading = view.reading
    if reading is None:
        return (view.state, view.session_id)
    return (
        view.state,
        view.session_id,
        reading.started,
        reading.current,
        reading.running,
        reading.remaining_seconds <= 0,
        reading.talk_id,
        reading.topic_id,
        reading.topic_id is not None and reading.topic_remaining_seconds <= 0,
    )
