"""Forgetting a member: what identifies a person goes, and every count stays true.

The member's row stays (attendance, talks, hosting and commitments point at it, and the
counts built on them must not change) but loses what identifies them: the name becomes
"a former member", the e-mail, Confluence identity and (unless kept) department go, and
`forgotten_at` marks the row so that no list or lookup offers it again. What they wrote
about themselves goes too: their commitments' text and the notes on their reviews (the
outcomes stay, so follow-through stays true); their takeaways keep the text but lose the
author. Free text anyone wrote that names them (a topic, a talk title, a note, a reason)
has the name and e-mail replaced; half-typed drafts that name them are deleted.

The same rules run again after an archive merge (`enforce_forgotten`, and `erase_member`
with the name the other side still had), so a forgotten member travels as a tombstone:
merging an older copy of the history cannot bring them back.

Everything is Core statements in the caller's transaction, with `changed_at` stamped, so a
merge elsewhere sees these as the newest versions of the rows.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Connection, and_, delete, func, insert, or_, select, update

from store.models import (
    Commitment,
    CommitmentReview,
    Deletion,
    DialogueTopic,
    Draft,
    LibraryEntry,
    LightningTalk,
    Member,
    MemberUnavailability,
    PulseNote,
    RotationRecord,
    StudySession,
    Takeaway,
)
from store.types import utcnow

FORMER_MEMBER = "a former member"
"""What a forgotten member is called wherever a name is shown."""
REMOVED_TEXT = "removed at the member's request"
"""What a forgotten member's own commitments say instead of their text."""
FORGOTTEN_KEY = "\x1fforgotten:"
"""The start of a forgotten member's `name_key`: unique per row, and no typed name can
collide with it (names cannot hold control characters; PostgreSQL refuses NUL, so not that one)."""

QUEUED, WITHDRAWN, PLANNED = "queued", "withdrawn", "planned"
"""TalkStatus.QUEUED, TalkStatus.WITHDRAWN and SessionStatus.PLANNED of
facilitator.vocabulary, which the store cannot import (tests check they agree)."""

FREE_TEXT: tuple[Column, ...] = (
    StudySession.__table__.c.topic,
    StudySession.__table__.c.next_topic,
    StudySession.__table__.c.cancel_reason,
    LightningTalk.__table__.c.title,
    Takeaway.__table__.c.text,
    Commitment.__table__.c.text,
    CommitmentReview.__table__.c.note,
    LibraryEntry.__table__.c.title,
    LibraryEntry.__table__.c.tags,
    LibraryEntry.__table__.c.tool,
    LibraryEntry.__table__.c.model,
    RotationRecord.__table__.c.reason,
    MemberUnavailability.__table__.c.reason,
    PulseNote.__table__.c.text,
    DialogueTopic.__table__.c.text,
)
"""Every column where someone may have written a person's name in passing."""

member = Member.__table__
commitment = Commitment.__table__
review = CommitmentReview.__table__
takeaway = Takeaway.__table__
entry = LibraryEntry.__table__
unavailability = MemberUnavailability.__table__
draft = Draft.__table__
talk = LightningTalk.__table__
session = StudySession.__table__


@dataclass
class Mention:
    """A piece of free text that names the person: the column and row it is in, and the
    text as it was found."""

    column: Column
    row_id: str
    text: str


@dataclass
class Footprint:
    """What forgetting one member changes, counted before anything is changed; the texts
    and drafts found are the ones `erase_member` then changes, not searched for twice."""

    commitments: int = 0
    review_notes: int = 0
    takeaways: int = 0
    reviews_given: int = 0
    library_roles: int = 0
    unavailability: int = 0
    queued_talks: int = 0
    planned_hosting: int = 0
    mentions: list[Mention] = field(default_factory=list)
    draft_ids: list[str] = field(default_factory=list)

    @property
    def drafts(self) -> int:
        return len(self.draft_ids)


COMBINING = "[\u0300-\u036f]*"
"""Accents and other marks as NFD writes them after their letter."""


def name_pattern(name: str) -> re.Pattern[str]:
    """The name as it may appear in text once that is in NFD (`decomposed`): any case, any
    run of spaces (or a hyphen, as in a tag) between its words, each letter with or without
    its accents. "Åsa Öberg" finds "ÅSA ÖBERG", "åsa öberg", "Asa Oberg", "asa-oberg", in
    NFC or NFD alike."""
    words = []
    for word in name.split():
        bare = "".join(c for c in decomposed(word) if not unicodedata.combining(c))
        words.append("".join(re.escape(c) + COMBINING for c in bare))
    return re.compile(r"(?:\s+|-)".join(words), re.IGNORECASE)


def decomposed(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def replace_name(text: str, names: list[str], by: str) -> str:
    """`text` with every way of writing the names replaced by `by` (then recomposed: NFC)."""
    found = decomposed(text)
    for name in names:
        found = name_pattern(name).sub(by, found)
    return unicodedata.normalize("NFC", found)


LIKE_SPECIAL = "\\%_"
"""What LIKE reads as a wildcard or its escape (with ESCAPE '\\'), taken literally in a name."""


def _like(name: str) -> str:
    """A LIKE pattern that keeps every row the name pattern could match (it then decides):
    the name's ASCII letters in order, anything (an accent, another case of a non-ASCII
    letter, NFC or NFD) where it has any other character, or a space."""
    parts = ["%"]
    for char in name:
        if char.isascii() and not char.isspace():
            parts.append(f"\\{char}" if char in LIKE_SPECIAL else char)
        elif parts[-1] != "%":  # one wildcard for a run (an escaped % is no wildcard)
            parts.append("%")
    if parts[-1] != "%":
        parts.append("%")
    return "".join(parts)


def _named_in(column: Column, names: Iterable[str]):
    """A condition, run in SQL, that finds every row that may name the person."""
    return or_(*(column.ilike(_like(name), escape="\\") for name in names))


def identities(name: str, email: str | None) -> list[str]:
    """The strings that identify the person in free text: the full name and the e-mail."""
    return [text for text in (name, email) if text]


def _naming(conn: Connection, text: Column, names: list[str]) -> Iterator[tuple[str, str]]:
    """(id, text) of the rows whose `text` names the person: found in SQL, then matched."""
    patterns = [name_pattern(n) for n in names]
    table = text.table
    rows = conn.execute(select(table.c.id, text).where(text.is_not(None), _named_in(text, names)))
    for row_id, value in rows:
        if any(p.search(decomposed(value)) for p in patterns):
            yield row_id, value


def footprint(conn: Connection, member_id: str, names: list[str]) -> Footprint:
    """What `erase_member` would change, without changing it."""
    own = select(commitment.c.id).where(commitment.c.member_id == member_id)
    own_ids = {row_id for (row_id,) in conn.execute(own)}

    def count(table, condition) -> int:
        return conn.execute(select(func.count()).select_from(table).where(condition)).scalar_one()

    return Footprint(
        commitments=count(commitment, commitment.c.member_id == member_id),
        review_notes=count(
            review, and_(review.c.commitment_id.in_(own), review.c.note.is_not(None))
        ),
        takeaways=count(takeaway, takeaway.c.author_id == member_id),
        reviews_given=count(review, review.c.reviewer_id == member_id),
        library_roles=count(
            entry, or_(entry.c.owner_id == member_id, entry.c.verified_by_id == member_id)
        ),
        unavailability=count(unavailability, unavailability.c.member_id == member_id),
        queued_talks=count(talk, _queued_by([member_id])),
        planned_hosting=count(session, _planned_with([member_id])),
        mentions=[
            Mention(column, row_id, text)
            for column in (FREE_TEXT if names else ())
            for row_id, text in _naming(conn, column, names)
            if not (column.table is commitment and row_id in own_ids)  # replaced anyway
        ],
        draft_ids=[row_id for row_id, _ in _naming(conn, draft.c.payload, names)] if names else [],
    )


def erase_member(
    conn: Connection,
    member_id: str,
    names: list[str],
    keep_department: bool,
    now: datetime | None = None,
    found: Footprint | None = None,
) -> None:
    """Forget one member (see the module's rules); `names` are the name and e-mail to
    remove from free text, `found` their footprint when already counted in this
    transaction. Running it again changes nothing."""
    now = now or utcnow()
    found = found or footprint(conn, member_id, names)
    current = conn.execute(select(member).where(member.c.id == member_id)).mappings().one()
    department = current["department"] if keep_department else None
    scrubbed: dict[str, Any] = {
        "name": FORMER_MEMBER,
        "name_key": f"{FORGOTTEN_KEY}{member_id}",
        "email": None,
        "department": department,
        "roles": "member",
        "active": False,
        "willing_to_facilitate": False,
        "confluence_account_id": None,
        "confluence_user_key": None,
        "forgotten_at": current["forgotten_at"] or now,
    }
    if any(current[column] != value for column, value in scrubbed.items()):  # else: no change
        scrubbed["changed_at"] = now
        conn.execute(update(member).where(member.c.id == member_id).values(scrubbed))
    for mention in found.mentions:
        replaced = replace_name(mention.text, names, FORMER_MEMBER)
        table = mention.column.table
        values: dict[str, Any] = {mention.column.name: replaced}
        if "changed_at" in table.c:
            values["changed_at"] = now
        conn.execute(update(table).where(table.c.id == mention.row_id).values(values))
    # Drafts never leave this machine (no archive carries them), so no tombstone.
    conn.execute(delete(draft).where(draft.c.id.in_(found.draft_ids)))
    _scrub_structured(conn, [member_id], now)


def enforce_forgotten(conn: Connection, now: datetime | None = None) -> None:
    """Apply the structured rules to every forgotten member again, after a merge brought in
    rows the other side wrote before it knew (only rows not yet scrubbed change)."""
    forgotten = [
        row_id
        for (row_id,) in conn.execute(select(member.c.id).where(member.c.forgotten_at.is_not(None)))
    ]
    if forgotten:
        _scrub_structured(conn, forgotten, now or utcnow())


def _queued_by(member_ids: list[str]):
    """Talks still waiting in a queue: someone who left will not give them."""
    return and_(talk.c.presenter_id.in_(member_ids), talk.c.status == QUEUED)


def _planned_with(member_ids: list[str]):
    """Sessions not yet held that they were to host or co-host: the rotation picks again."""
    return and_(
        session.c.status == PLANNED,
        or_(session.c.facilitator_id.in_(member_ids), session.c.co_facilitator_id.in_(member_ids)),
    )


def _scrub_structured(conn: Connection, member_ids: list[str], now: datetime) -> None:
    conn.execute(
        update(talk).where(_queued_by(member_ids)).values(status=WITHDRAWN, changed_at=now)
    )
    for column in (session.c.facilitator_id, session.c.co_facilitator_id):
        conn.execute(
            update(session)
            .where(session.c.status == PLANNED, column.in_(member_ids))
            .values({column.name: None, "changed_at": now})
        )
    own = select(commitment.c.id).where(commitment.c.member_id.in_(member_ids))
    conn.execute(
        update(commitment)
        .where(commitment.c.member_id.in_(member_ids), commitment.c.text != REMOVED_TEXT)
        .values(text=REMOVED_TEXT, changed_at=now)
    )
    conn.execute(
        update(review)
        .where(review.c.commitment_id.in_(own), review.c.note.is_not(None))
        .values(note=None, changed_at=now)
    )
    conn.execute(
        update(review)
        .where(review.c.reviewer_id.in_(member_ids))
        .values(reviewer_id=None, changed_at=now)
    )
    conn.execute(
        update(takeaway)
        .where(takeaway.c.author_id.in_(member_ids))
        .values(author_id=None, changed_at=now)
    )
    conn.execute(
        update(entry).where(entry.c.owner_id.in_(member_ids)).values(owner_id=None, changed_at=now)
    )
    conn.execute(
        update(entry)
        .where(entry.c.verified_by_id.in_(member_ids))
        .values(verified_by_id=None, changed_at=now)
    )
    periods = [
        row_id
        for (row_id,) in conn.execute(
            select(unavailability.c.id).where(unavailability.c.member_id.in_(member_ids))
        )
    ]
    _delete_rows(conn, unavailability, periods, now)


def _delete_rows(conn: Connection, table, ids: list[str], now: datetime) -> None:
    """Delete and leave tombstones, as store.changes does for the ORM, so a merge with an
    older copy deletes these there too instead of bringing them back."""
    if not ids:
        return
    conn.execute(delete(table).where(table.c.id.in_(ids)))
    known = {
        row_id
        for (row_id,) in conn.execute(
            select(Deletion.row_id).where(
                Deletion.table_name == table.name, Deletion.row_id.in_(ids)
            )
        )
    }
    fresh = [
        {"table_name": table.name, "row_id": i, "deleted_at": now} for i in ids if i not in known
    ]
    if fresh:
        conn.execute(insert(Deletion), fresh)
