"""Curating the library: promoting a takeaway to an entry, editing it, verifying it, and
finding the entries nobody has verified for a while (prompts go stale as models change)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, or_, select

from facilitator import domain
from facilitator.errors import InvalidInput, NotFound
from facilitator.services.communities import community_row
from facilitator.services.library import check_status, entries_by_id
from facilitator.services.roster import member_row
from facilitator.text import clean_name, clean_optional
from facilitator.vocabulary import LibraryStatus
from store.database import Database
from store.models import LibraryEntry, StudySession, Takeaway

MIN_PREFIX = 4
MAX_TITLE = 120


@dataclass(frozen=True)
class EntryFields:
    """What `cop library edit` (or the app) may set; None leaves a field as it is."""

    title: str | None = None
    tags: str | None = None
    tool: str | None = None
    model: str | None = None
    owner: str | None = None
    status: str | None = None
    verified_by: str | None = None
    """Someone who checked the entry still works today (sets when and who)."""


def _takeaway(s: Session, ref: str) -> tuple[Takeaway, StudySession]:
    key = ref.strip().lower()
    if len(key) < MIN_PREFIX:
        raise InvalidInput(f"give at least {MIN_PREFIX} characters of the entry's id")
    rows = s.exec(
        select(Takeaway, StudySession)
        .join(StudySession, StudySession.id == Takeaway.session_id)
        .where(col(Takeaway.id).startswith(key))
        .limit(5)
    ).all()
    if not rows:
        raise NotFound(f"no library entry with id {ref!r} (cop library search shows them)")
    if len(rows) > 1:
        listed = "; ".join(f"{t.id[:8]} {t.text[:40]}" for t, _ in rows)
        raise InvalidInput(f"{ref!r} matches several entries: {listed}")
    return rows[0]


def _tags(text: str) -> str:
    tags = []
    for tag in (clean_optional(text, "tags") or "").split(","):
        tag = " ".join(tag.split()).lower()
        if tag and tag not in tags:
            tags.append(tag)
    return ",".join(tags)


def edit_entry(db: Database, ref: str, fields: EntryFields, now: datetime) -> domain.LibraryEntry:
    """Curate the takeaway `ref` (an id prefix): the first edit promotes it to an entry,
    titled by its first line unless a title is given, as a draft."""
    with db.session() as s:
        takeaway, session = _takeaway(s, ref)
        entry = s.exec(select(LibraryEntry).where(LibraryEntry.takeaway_id == takeaway.id)).first()
        if entry is None:
            first_line = takeaway.text.strip().splitlines()[0] if takeaway.text.strip() else "—"
            entry = LibraryEntry(takeaway_id=takeaway.id, title=first_line[:MAX_TITLE])
        if fields.title is not None:
            entry.title = clean_name(fields.title, "title")[:MAX_TITLE]
        if fields.tags is not None:
            entry.tags = _tags(fields.tags)
        if fields.tool is not None:
            entry.tool = clean_optional(fields.tool, "tool")
        if fields.model is not None:
            entry.model = clean_optional(fields.model, "model")
        if fields.owner is not None:
            owner = fields.owner.strip()
            entry.owner_id = member_row(s, session.community_id, owner).id if owner else None
        if fields.status is not None:
            entry.status = check_status(fields.status)
        if fields.verified_by is not None:
            entry.verified_by_id = member_row(s, session.community_id, fields.verified_by).id
            entry.verified_at = now
        s.add(entry)
        s.flush()
        return entries_by_id(s, [takeaway.id], ())[0]


def stale_entries(
    db: Database, community: str | None, now: datetime, days: int = 90
) -> list[domain.LibraryEntry]:
    """Curated entries still in use that nobody verified in `days` days, never-verified
    first, then the longest ago: the review queue."""
    if days < 1:
        raise InvalidInput("--days must be at least 1")
    cutoff = now - timedelta(days=days)
    with db.session() as s:
        query = (
            select(LibraryEntry.takeaway_id)
            .join(Takeaway, Takeaway.id == LibraryEntry.takeaway_id)
            .join(StudySession, StudySession.id == Takeaway.session_id)
            .where(LibraryEntry.status != LibraryStatus.RETIRED)
            .where(
                or_(
                    col(LibraryEntry.verified_at).is_(None),
                    col(LibraryEntry.verified_at) < cutoff,
                )
            )
            .order_by(
                col(LibraryEntry.verified_at).is_not(None),
                LibraryEntry.verified_at,
                LibraryEntry.id,
            )
        )
        if community is not None:
            query = query.where(StudySession.community_id == community_row(s, community).id)
        return entries_by_id(s, list(s.exec(query.limit(500)).all()), ())


def curation_summary(c: domain.Curation) -> str:
    """One line: tags, what it was tested with, its owner, when it was last verified."""
    parts = []
    if c.tags:
        parts.append("tags: " + ", ".join(c.tags))
    if c.tool or c.model:
        parts.append("tested with " + " / ".join(x for x in (c.tool, c.model) if x))
    if c.owner:
        parts.append(f"owner: {c.owner}")
    if c.verified_at:
        parts.append(
            f"verified {c.verified_at:%Y-%m-%d}" + (f" by {c.verified_by}" if c.verified_by else "")
        )
    else:
        parts.append("never verified")
    return " · ".join(parts)
