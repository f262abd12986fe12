"""What cop posts to a chat channel, as plain parts every platform can render: a title, a
one-line summary (the notification's text), sections of lines, and links. The text is
the user's and cop's own words, unescaped: each platform's renderer (exporters.
slack_payload, exporters.teams_payload) escapes it for its own format."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ChatSection:
    heading: str | None
    lines: tuple[str, ...]


@dataclass(frozen=True)
class ChatLink:
    label: str
    url: str


@dataclass(frozen=True)
class ChatMessage:
    title: str
    summary: str
    sections: tuple[ChatSection, ...] = ()
    links: tuple[ChatLink, ...] = field(default=())
