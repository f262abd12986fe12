"""Dialogue topics as the CLI, the board and the exporters see them."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.vocabulary import TopicStatus


@dataclass(frozen=True)
class Topic:
    id: str
    short_id: str
    text: str
    proposed_by: str | None
    status: TopicStatus
    votes: int
    seconds: int
    """How long the room talked it through."""
    session_id: str | None
    """None: waiting for the next session."""
    carried: bool = False
    """Rolled over from an earlier session's board."""


@dataclass(frozen=True)
class TopicBoard:
    """A live session's board: its topics by votes, and the dots the room has."""

    topics: tuple[Topic, ...]
    votes_cast: int
    dots: int
    """People present × the community's dots per person."""
    dots_per_person: int
    topic_minutes: int

    @property
    def waiting(self) -> tuple[Topic, ...]:
        """Not yet talked through, most wanted first."""
        return tuple(t for t in self.topics if t.status == TopicStatus.OPEN)

    @property
    def next_topic(self) -> Topic | None:
        return self.waiting[0] if self.waiting else None
