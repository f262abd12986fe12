"""The pulse of a session: votes tallied at Handoff, or recorded and corrected afterwards.

Each change is one short transaction committed before it returns, like every capture, so
a vote the panel shows is on disk. The session row is locked first, so two people (or the
app and `cop pulse`) tallying one session at once add up instead of overwriting.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from facilitator.errors import InvalidInput
from facilitator.pulse_tally import NO_VOTES, Pulse, as_counts, check_score
from facilitator.services.communities import community_row
from facilitator.services.rows import existing
from facilitator.services.sessions import session_row
from facilitator.text import clean_note
from facilitator.vocabulary import HELD, AttendanceStatus
from store.database import Database
from store.locks import lock_parent
from store.models import Attendance, Community, PulseNote, SessionPulse, StudySession
from store.models.session_pulse_table import SCORE_COLUMNS

LISTED = 50
"""`cop pulse list` shows this many of the latest sessions with a pulse (`--json` all)."""


class MoreVotesThanPresent(InvalidInput):
    """More votes than people checked in: often a latecomer not checked in, so the app and
    the CLI ask before storing rather than refuse."""

    def __init__(self, votes: int, present: int) -> None:
        super().__init__(
            f"{votes} votes but only {present} "
            f"{'person' if present == 1 else 'people'} checked in as present"
        )
        self.votes = votes
        self.present = present


def _counts(row: SessionPulse | None) -> tuple[int, int, int, int, int]:
    if row is None:
        return NO_VOTES
    return (row.score_1, row.score_2, row.score_3, row.score_4, row.score_5)


def _present(s: Session, session_id: str) -> int:
    return s.exec(
        select(func.count())
        .select_from(Attendance)
        .where(Attendance.session_id == session_id)
        .where(Attendance.status == AttendanceStatus.PRESENT)
    ).one()


def _notes(s: Session, session_id: str) -> tuple[str, ...]:
    rows = s.exec(
        select(PulseNote.text)
        .where(PulseNote.session_id == session_id)
        .order_by(PulseNote.created_at, PulseNote.id)
    ).all()
    return tuple(rows)


def _row(s: Session, session_id: str) -> SessionPulse | None:
    return s.exec(select(SessionPulse).where(SessionPulse.session_id == session_id)).first()


def read_pulse(s: Session, session: StudySession) -> Pulse:
    """`session`'s pulse as it stands (no votes yet is a pulse of zeros)."""
    crow = existing(s, Community, session.community_id, "community")
    return Pulse(
        session_id=session.id,
        scheduled_at=session.scheduled_at.astimezone(ZoneInfo(crow.timezone)),
        counts=_counts(_row(s, session.id)),
        present=_present(s, session.id),
        notes=_notes(s, session.id),
    )


def _held(s: Session, session_id: str) -> StudySession:
    lock_parent(s, StudySession, session_id)
    session = existing(s, StudySession, session_id, "session")
    if session.status not in HELD:
        raise InvalidInput(
            f"the session of {session.scheduled_at:%Y-%m-%d} was not held "
            f"({session.status}), so it has no pulse"
        )
    return session


def _store(s: Session, session_id: str, counts: tuple[int, int, int, int, int]) -> None:
    row = _row(s, session_id) or SessionPulse(session_id=session_id)
    row.score_1, row.score_2, row.score_3, row.score_4, row.score_5 = counts
    s.add(row)
    s.flush()


def add_vote(db: Database, session_id: str, score: int, over_present: bool = False) -> Pulse:
    """One more vote for `score`. Past the number present it raises MoreVotesThanPresent
    unless `over_present` says the facilitator confirmed."""
    check_score(score)
    with db.session() as s:
        session = _held(s, session_id)
        counts = list(_counts(_row(s, session_id)))
        counts[score - 1] += 1
        present = _present(s, session_id)
        if sum(counts) > present and not over_present:
            raise MoreVotesThanPresent(sum(counts), present)
        _store(s, session_id, as_counts(counts))
        return read_pulse(s, session)


def take_back(db: Database, session_id: str, score: int) -> Pulse:
    """One vote for `score` fewer (the tally's undo); refused when there is none."""
    check_score(score)
    with db.session() as s:
        session = _held(s, session_id)
        counts = list(_counts(_row(s, session_id)))
        if not counts[score - 1]:
            raise InvalidInput(f"there is no vote for {score} to take back")
        counts[score - 1] -= 1
        _store(s, session_id, as_counts(counts))
        return read_pulse(s, session)


def add_note(db: Database, session_id: str, text: str) -> Pulse:
    """An anonymous answer to "what would add one point?"."""
    cleaned = clean_note(text, "pulse note")
    with db.session() as s:
        session = _held(s, session_id)
        s.add(PulseNote(session_id=session_id, text=cleaned))
        s.flush()
        return read_pulse(s, session)


def pulse_of(db: Database, session_id: str) -> Pulse:
    with db.reading(), db.session() as s:
        return read_pulse(s, existing(s, StudySession, session_id, "session"))


def record_pulse(
    db: Database,
    community: str | None,
    ref: str | None,
    counts: tuple[int, int, int, int, int] | None,
    notes: list[str],
    over_present: bool = False,
) -> Pulse:
    """Set a session's counts after the fact (`cop pulse SESSION --votes …`), replacing
    what was tallied, and add `notes`. Nothing is stored when anything is refused."""
    cleaned = [clean_note(note, "pulse note") for note in notes]
    with db.session() as s:
        crow = community_row(s, community)
        session = _held(s, session_row(s, crow, ref).id)
        if counts is not None:
            present = _present(s, session.id)
            if sum(counts) > present and not over_present:
                raise MoreVotesThanPresent(sum(counts), present)
            _store(s, session.id, counts)
        for note in cleaned:
            s.add(PulseNote(session_id=session.id, text=note))
        s.flush()
        return read_pulse(s, session)


def pulse_list(db: Database, community: str | None, limit: int | None = LISTED) -> list[Pulse]:
    """The latest sessions with a pulse, newest first (`limit` None: all of them): one
    statement for the sessions with their counts and people present, one for the notes of
    the same span of time, however many sessions are listed."""
    with db.reading(), db.session() as s:
        crow = community_row(s, community)
        tz = ZoneInfo(crow.timezone)
        present = (
            select(func.count(Attendance.id))
            .where(Attendance.session_id == StudySession.id)
            .where(Attendance.status == AttendanceStatus.PRESENT)
            .scalar_subquery()
        )
        query = (
            select(StudySession.id, StudySession.scheduled_at, present, *SCORE_COLUMNS)
            .join(SessionPulse, col(SessionPulse.session_id) == StudySession.id)
            .where(StudySession.community_id == crow.id)
            .order_by(col(StudySession.scheduled_at).desc())
        )
        rows = s.exec(query if limit is None else query.limit(limit)).all()
        if not rows:
            return []
        notes: dict[str, list[str]] = {}
        for session_id, text in s.exec(
            select(PulseNote.session_id, PulseNote.text)
            .join(StudySession, col(StudySession.id) == PulseNote.session_id)
            .where(StudySession.community_id == crow.id)
            .where(StudySession.scheduled_at >= rows[-1][1])
            .order_by(PulseNote.created_at, PulseNote.id)
        ).all():
            notes.setdefault(session_id, []).append(text)
        return [
            Pulse(
                session_id=session_id,
                scheduled_at=at.astimezone(tz),
                counts=as_counts(counts),
                present=people,
                notes=tuple(notes.get(session_id, ())),
            )
            for session_id, at, people, *counts in rows
        ]
