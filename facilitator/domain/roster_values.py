"""Members of a roster, and what a roster import did (see facilitator.domain)."""

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
class ImportProblem:
    line: int
    reason: str


@dataclass(frozen=True)
class ImportReport:
    """What a roster import did (or, with --dry-run, would do)."""

    added: list[str]
    updated: list[str]
    unchanged: list[str]
    duplicates: list[str]
    problems: list[ImportProblem]
    dry_run: bool
