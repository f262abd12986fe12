"""Takeaways and commitments captured during a session, and explicit Handoff passes."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from facilitator import domain
from facilitator.errors import Conflict, InvalidInput, NotFound, NotPresent
from facilitator.services.roster import member_row
from facilitator.services.rows import existing
from facilitator.services.session_summaries import member_names
from facilitator.services.sessions import short_id
from facilitator.text import clean_note
from facilitator.vocabulary import AttendanceStatus, SessionStatus, TakeawayKind, known, listed
from store.database import Database
from store.models import (
    Attendance,
    Commitment,
    Community,
    LibraryEntry,
    LightningTalk,
    Member,
    StudySession,
    Takeaway,
)
from store.types import utcnow


def _session(s: Session, session_id: str) -> StudySession:
    row = s.get(StudySession, session_id)
    if row is None:
        raise NotFound(f"no session {short_id(session_id)}")
    return row


def _kind(kind: str) -> str:
    kind = (kind or "").strip().casefold()
    if not known(TakeawayKind, kind):
        raise InvalidInput(f"unknown kind {kind!r}; use one of {listed(TakeawayKind)}")
    return kind


def _author_id(s: Session, community_id: str, author: str | None) -> str | None:
    if author is None or not author.strip():
        return None
    return member_row(s, community_id, author).id


def takeaway_items(s: Session, session_id: str) -> list[domain.TakeawayItem]:
    _session(s, session_id)
    rows = s.exec(
        select(Takeaway).where(Takeaway.session_id == session_id).order_by(Takeaway.created_at)
    ).all()
    names = member_names(s, [t.author_id for t in rows])
    return [_takeaway_item(t, names) for t in rows]


def _takeaway_item(t: Takeaway, names: dict[str, str]) -> domain.TakeawayItem:
    author = names.get(t.author_id or "")
    return domain.TakeawayItem(t.id, TakeawayKind(t.kind), t.text, author, t.author_id)


def list_takeaways(db: Database, session_id: str) -> list[domain.TakeawayItem]:
    with db.session() as s:
        return takeaway_items(s, session_id)


def add_takeaway(
    db: Database,
    session_id: str,
    text: str,
    kind: str = TakeawayKind.TIP,
    author: str | None = None,
    topic_id: str | None = None,
) -> domain.TakeawayItem:
    """`topic_id`: the Dialogue topic the room was talking through, if any."""
    with db.session() as s:
        row = _session(s, session_id)
        takeaway = Takeaway(
            session_id=row.id,
            text=clean_note(text, "takeaway"),
            kind=_kind(kind),
            author_id=_author_id(s, row.community_id, author),
            topic_id=topic_id,
        )
        s.add(takeaway)
        s.flush()
        return _takeaway_item(takeaway, member_names(s, [takeaway.author_id]))


def edit_takeaway(
    db: Database, takeaway_id: str, text: str, kind: str, author: str | None
) -> domain.TakeawayItem:
    with db.session() as s:
        takeaway = s.get(Takeaway, takeaway_id)
        if takeaway is None:
            raise NotFound("that takeaway no longer exists")
        row = _session(s, takeaway.session_id)
        takeaway.text = clean_note(text, "takeaway")
        takeaway.kind = _kind(kind)
        takeaway.author_id = _author_id(s, row.community_id, author)
        takeaway.updated_at = utcnow()
        s.add(takeaway)
        s.flush()
        return _takeaway_item(takeaway, member_names(s, [takeaway.author_id]))


def revisit(db: Database, session_id: str, takeaway_id: str) -> domain.TakeawayItem:
    """Bring an earlier takeaway (found in the library) into this session's discussion: a
    takeaway of the same kind that links back to it, so both sessions' notes show it."""
    with db.session() as s:
        row = _session(s, session_id)
        if row.status != SessionStatus.LIVE:
            raise InvalidInput(f"session {short_id(row.id)} is {row.status}, not live")
        earlier = s.get(Takeaway, takeaway_id)
        if earlier is None:
            raise NotFound("that takeaway no longer exists")
        if earlier.session_id == session_id:
            raise InvalidInput("that takeaway is from this session already")
        already = s.exec(
            select(Takeaway.id)
            .where(Takeaway.session_id == session_id)
            .where(Takeaway.revisits_id == takeaway_id)
        ).first()
        if already is not None:
            raise Conflict("this session already links that takeaway")
        when = existing(s, StudySession, earlier.session_id, "session").scheduled_at
        first_line = earlier.text.strip().splitlines()[0]
        takeaway = Takeaway(
            session_id=session_id,
            kind=earlier.kind,
            text=f"Revisited from {when:%Y-%m-%d}: {first_line}",
            author_id=earlier.author_id,
            revisits_id=earlier.id,
        )
        s.add(takeaway)
        s.flush()
        return _takeaway_item(takeaway, member_names(s, [takeaway.author_id]))


def delete_takeaway(db: Database, takeaway_id: str) -> None:
    """Delete a takeaway; commitments it inspired stay, without the link."""
    with db.session() as s:
        takeaway = s.get(Takeaway, takeaway_id)
        if takeaway is None:
            raise NotFound("that takeaway no longer exists")
        inspired = s.exec(
            select(Commitment).where(Commitment.inspired_by_takeaway_id == takeaway_id)
        ).all()
        for commitment in inspired:
            commitment.inspired_by_takeaway_id = None
            s.add(commitment)
        for later in s.exec(select(Takeaway).where(Takeaway.revisits_id == takeaway_id)).all():
            later.revisits_id = None  # a later session's revisit keeps its words
            s.add(later)
        curated = s.exec(
            select(LibraryEntry).where(LibraryEntry.takeaway_id == takeaway_id)
        ).first()
        if curated is not None:  # its library entry goes with it (a tombstone remembers both)
            s.delete(curated)
        s.flush()
        s.delete(takeaway)


def commitment_items(s: Session, session_id: str) -> list[domain.CommitmentItem]:
    _session(s, session_id)
    rows = s.exec(
        select(Commitment)
        .where(Commitment.session_id == session_id)
        .order_by(Commitment.created_at)
    ).all()
    names = member_names(s, [c.member_id for c in rows])
    return [_commitment_item(s, c, names) for c in rows]


def _commitment_item(s: Session, c: Commitment, names: dict[str, str]) -> domain.CommitmentItem:
    inspired = None
    if c.inspired_by_talk_id:
        talk = s.get(LightningTalk, c.inspired_by_talk_id)
        inspired = f"talk: {talk.title}" if talk else None
    elif c.inspired_by_takeaway_id:
        takeaway = s.get(Takeaway, c.inspired_by_takeaway_id)
        inspired = f"{takeaway.kind}: {takeaway.text}" if takeaway else None
    return domain.CommitmentItem(
        c.id,
        names.get(c.member_id, "?"),
        c.member_id,
        c.text,
        c.due_on,
        inspired,
        carried=c.carried_from_id is not None,
    )


def list_commitments(db: Database, session_id: str) -> list[domain.CommitmentItem]:
    with db.session() as s:
        return commitment_items(s, session_id)


def _attendance(s: Session, session_id: str, member_id: str) -> Attendance | None:
    return s.exec(
        select(Attendance)
        .where(Attendance.session_id == session_id)
        .where(Attendance.member_id == member_id)
    ).first()


def add_commitment(
    db: Database,
    session_id: str,
    owner: str,
    text: str,
    due_on: date,
    talk_id: str | None = None,
    takeaway_id: str | None = None,
    mark_present: bool = False,
) -> domain.CommitmentItem:
    """One person's "try this week"; recording it withdraws an earlier pass.

    Only people present commit (an export must never list someone as absent and committed):
    anyone else is refused with NotPresent, unless `mark_present` checks them in with it.
    """
    with db.session() as s:
        row = _session(s, session_id)
        member = member_row(s, row.community_id, owner)
        mark = _attendance(s, row.id, member.id)
        if mark is None or mark.status != AttendanceStatus.PRESENT:
            if not mark_present:
                raise NotPresent(member.name)
            if mark is None:
                mark = Attendance(
                    session_id=row.id, member_id=member.id, status=AttendanceStatus.PRESENT
                )
            mark.status = AttendanceStatus.PRESENT
            mark.updated_at = utcnow()
            s.add(mark)
        tz = ZoneInfo(existing(s, Community, row.community_id, "community").timezone)
        session_day = row.scheduled_at.astimezone(tz).date()
        if due_on < session_day:
            raise InvalidInput(f"the due date {due_on} is before the session ({session_day})")
        commitment = Commitment(
            session_id=row.id,
            member_id=member.id,
            text=clean_note(text, "commitment"),
            due_on=due_on,
            inspired_by_talk_id=talk_id,
            inspired_by_takeaway_id=takeaway_id,
        )
        s.add(commitment)
        if mark.passed:
            mark.passed = False
            s.add(mark)
        s.flush()
        return _commitment_item(s, commitment, member_names(s, [commitment.member_id]))


def pass_commitment(db: Database, session_id: str, member_id: str) -> None:
    """Record that someone chose not to commit this time (so the walk-through moves on)."""
    with db.session() as s:
        _session(s, session_id)
        mark = _attendance(s, session_id, member_id)
        if mark is None or mark.status != AttendanceStatus.PRESENT:
            raise InvalidInput("only someone checked in as present can pass")
        mark.passed = True
        s.add(mark)


def handoff_queue(db: Database, session_id: str) -> list[domain.AttendanceRow]:
    """Present attendees with neither a commitment nor a pass yet, by name."""
    with db.session() as s:
        row = _session(s, session_id)
        committed = set(  # a carried one is not this week's: the walk still asks
            s.exec(
                select(Commitment.member_id)
                .where(Commitment.session_id == row.id)
                .where(col(Commitment.carried_from_id).is_(None))
            ).all()
        )
        marks = s.exec(
            select(Attendance, Member)
            .join(Member, Member.id == Attendance.member_id)
            .where(Attendance.session_id == row.id)
            .where(Attendance.status == AttendanceStatus.PRESENT)
            .order_by(Member.name_key)
        ).all()
        return [
            domain.AttendanceRow(
                m.id, m.name, m.department, AttendanceStatus(a.status), a.newcomer, a.passed
            )
            for a, m in marks
            if m.id not in committed and not a.passed
        ]
