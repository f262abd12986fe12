"""Small text helpers shared by screens; user text is always wrapped as literal Text."""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text


def literal(value: object) -> Text:
    """User text as typed: `[b]` stays `[b]`, never Rich markup."""
    return Text("" if value is None else str(value))


def sentence(message: str) -> Text:
    """A service's one-line message as a sentence on screen (literal, capitalised)."""
    return literal(message[:1].upper() + message[1:])


def when(moment: datetime, today: date) -> str:
    days = (moment.date() - today).days
    if days == 0:
        relative = "today"
    elif days == 1:
        relative = "tomorrow"
    elif days > 1:
        relative = f"in {days} days"
    elif days == -1:
        relative = "yesterday"
    else:
        relative = f"{-days} days ago"
    return f"{moment:%a %d %b %Y, %H:%M} ({relative})"
