"""Small text helpers shared by screens; user text is always wrapped as literal Text."""

from __future__ import annotations

import math
from datetime import date, datetime

from rich.text import Text


def literal(value: object) -> Text:
    """User text as typed: `[b]` stays `[b]`, never Rich markup."""
    return Text("" if value is None else str(value))


def clipped(value: object, width: int) -> Text:
    """User text on one line, cut with an ellipsis: for option lists and table cells.

    Line breaks become "⏎" so a multi-line note still reads as one entry; the whole text is
    shown elsewhere (a detail line or pane).
    """
    flat = " ⏎ ".join(line.strip() for line in str(value or "").splitlines() if line.strip())
    if len(flat) > width:
        flat = flat[: max(0, width - 1)].rstrip() + "…"
    return Text(flat, no_wrap=True, overflow="ellipsis")


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


def countdown(seconds: float) -> str:
    """m:ss left, counting down to 0:00 (rounded up, so a fresh 15-minute part shows 15:00)."""
    whole = max(0, math.ceil(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def overtime(seconds: float) -> str:
    """+m:ss past the budget."""
    whole = max(0, math.floor(seconds))
    return f"+{whole // 60}:{whole % 60:02d}"


def clock_text(seconds_left: float) -> str:
    """What a countdown shows: m:ss left, then +m:ss of overtime."""
    return overtime(-seconds_left) if seconds_left < 0 else countdown(seconds_left)


WARNING_SECONDS = 120
"""A countdown turns amber with this much left; the words say it too."""


def clock_words(seconds_left: float) -> str:
    """What the countdown's colour means, in words, so no one needs the colour: "2 min
    left" in the last two minutes, "OVER 1:20" past zero, nothing before."""
    if seconds_left <= 0:
        return f"OVER {overtime(-seconds_left).lstrip('+')}"
    if seconds_left <= WARNING_SECONDS:
        return f"{math.ceil(seconds_left / 60)} min left"
    return ""


def late_words(late_minutes: int) -> tuple[str, str]:
    """The status panel's verdict and its style, from ClockReading.late_minutes."""
    if late_minutes > 0:
        return f"{late_minutes} min late", "bold red"
    if late_minutes < 0:
        return f"{-late_minutes} min early", "green"
    return "on time", "green"


def duration(seconds: float) -> str:
    """h:mm:ss for a session clock, m:ss under an hour."""
    whole = max(0, math.floor(seconds))
    hours, rest = divmod(whole, 3600)
    if hours:
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
    return f"{rest // 60}:{rest % 60:02d}"


def minutes(seconds: float) -> str:
    value = seconds / 60
    return f"{value:.0f} min" if value == int(value) else f"{value:.1f} min"
