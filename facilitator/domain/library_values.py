"""Takeaways as the library shows them (see facilitator.domain)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from facilitator.vocabulary import LibraryStatus, TakeawayKind


@dataclass(frozen=True)
class Curation:
    """What curating added to a takeaway (see store.models.LibraryEntry)."""

    title: str
    tags: tuple[str, ...]
    tool: str | None
    model: str | None
    owner: str | None
    status: LibraryStatus
    verified_at: datetime | None
    verified_by: str | None


@dataclass(frozen=True)
class LibraryEntry:
    """A takeaway as the library shows it: where it came from and what came of it."""

    id: str
    kind: TakeawayKind
    text: str
    author: str | None
    department: str | None
    community: str
    session_id: str
    session_day: date
    topic: str | None
    tried: int
    """People who made a commitment inspired by it."""
    worked: int
    """Of those, people whose commitment came out done or partly."""
    notes: tuple[str, ...]
    """The one-line notes of the reviews of those commitments, newest first."""
    matched: tuple[tuple[int, int], ...]
    """Spans of `text` that match the search words (start, end), for highlighting."""
    curation: Curation | None = None
    """None until someone promotes the takeaway to a curated entry."""


@dataclass(frozen=True)
class LibraryResults:
    entries: list[LibraryEntry]
    words: tuple[str, ...]
    """The words searched for, folded; empty when listing the most recent."""


@dataclass(frozen=True)
class LibraryDocument:
    """The library as one document (cop library export): plain data for the exporters."""

    community: str
    generated_on: date
    entries: list[LibraryEntry]
    kind: TakeawayKind | None = None
    status: LibraryStatus | None = None
