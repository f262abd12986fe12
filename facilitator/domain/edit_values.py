"""What showing one session in full and editing a community return (see
facilitator.domain): for `cop session show` and `cop community edit` alone, so loaded
apart from the values every launch reads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only
    from facilitator.domain.community_values import Community
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


@dataclass(frozen=True)
class CommunityChange:
    """A community as edited, and the warnings its new minutes deserve."""

    community: Community
    warnings: list[str]
