"""A coming session as the call for talks shows it: plain values for the exporter."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime


@dataclass(frozen=True)
class Announcement:
    community: str
    session_id: str
    start: datetime
    """Aware, in the community's time zone."""
    timezone: str
    minutes: int
    topic: str | None
    host: str | None
    agenda: list[tuple[str, int]]
    talks: list[tuple[str, str, int]]
    """(presenter, title, minutes), in queue order."""
    due: list[tuple[str, str]]
    """(who, what they committed to try): open commitments due by this session."""
    topics: list[tuple[str, str | None, int]] = field(default_factory=list)
    """(topic, who proposed it, votes): the open Dialogue topics, most voted first."""

    @property
    def day(self) -> date:
        return self.start.date()

    @property
    def start_utc(self) -> datetime:
        return self.start.astimezone(UTC)
