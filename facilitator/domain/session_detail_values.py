"""One session in full, for `cop session show` (see facilitator.domain): loaded apart from
the session values every launch reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only
    from facilitator.domain.session_values import SessionSummary


@dataclass(frozen=True)
class SessionDetail:
    """Everything recorded about one session, for `cop session show`."""

    summary: SessionSummary
    present: list[str]
    excused: list[str]
    talks: list[tuple[str, str, str]]  # presenter, title, status
    takeaways: list[tuple[str, str, str | None]]  # kind, text, author
    commitments: list[tuple[str, str, date, str | None]]  # owner, text, due, outcome
