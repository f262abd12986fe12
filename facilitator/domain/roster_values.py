"""Members of a roster (see facilitator.domain)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from facilitator.vocabulary import Role


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    email: str | None
    department: str | None
    roles: tuple[Role, ...]
    active: bool
    willing_to_facilitate: bool
    joined_on: date
    sessions_attended: int = 0
    last_hosted: datetime | None = None


@dataclass(frozen=True)
class MemberPage:
    """One page of the roster by name, and how many members the whole list holds."""

    members: list[Member]
    first: int
    """The position of the page's first member in the whole list (0 for the first page)."""
    total: int
    """Members the whole list holds (those matching, when a filter was typed)."""
    roster: int
    """Members on the roster (active, or all when inactive ones are listed), filter or not."""
