"""What a roster import did (see facilitator.domain). Apart from the members: listing
the roster never needs these."""

from __future__ import annotations

from dataclasses import dataclass


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
