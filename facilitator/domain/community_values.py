"""A community and the agenda template its sessions follow (see facilitator.domain)."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.vocabulary import CommunityKind


@dataclass(frozen=True)
class AgendaPartSpec:
    """A part of the agenda template with the brief's recommended range in minutes."""

    key: str
    name: str
    low: int
    high: int


AGENDA = (
    AgendaPartSpec("input", "Input", 10, 15),
    AgendaPartSpec("practice", "Practice sharing", 20, 30),
    AgendaPartSpec("dialogue", "Dialogue", 10, 15),
    AgendaPartSpec("handoff", "Handoff", 5, 5),
)


@dataclass(frozen=True)
class Community:
    id: str
    name: str
    kind: CommunityKind
    cadence: str
    meeting_time: str
    timezone: str
    minutes: dict[str, int]
    talk_minutes: int
    topic_minutes: int = 5
    dots_per_person: int = 3

    @property
    def total_minutes(self) -> int:
        return sum(self.minutes.values())
