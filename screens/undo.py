"""Taking back a one-key outcome: `u` (or ctrl+z) for a few seconds after the key.

One key records an outcome at once, which is what makes the check-in fast, and also what
makes a slip easy. The window is measured on the app's own clock, so tests can move it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from textual.binding import Binding

from facilitator.vocabulary import plural

UNDO_SECONDS = 10


def undo_binding(screen: str) -> Binding:
    return Binding("u,ctrl+z", "undo", "Undo", key_display="u", id=f"{screen}.undo")


@dataclass
class LastMarks:
    """The reviews the last key recorded, and until when they can be taken back."""

    review_ids: list[str]
    until: datetime

    @classmethod
    def after(cls, review_ids: list[str], now: datetime) -> LastMarks:
        return cls(review_ids, now + timedelta(seconds=UNDO_SECONDS))

    def open(self, now: datetime) -> bool:
        return now <= self.until


def undo_hint() -> str:
    return f"u undoes it for {UNDO_SECONDS} s"


def take_back(
    last: LastMarks | None, now: datetime, undo: Callable[[list[str]], int]
) -> tuple[bool, str]:
    """Undo the last marks if still allowed; (done, what to say)."""
    if last is None:
        return False, "Nothing to undo."
    if not last.open(now):
        return False, f"Too late to undo: outcomes can be taken back for {UNDO_SECONDS} s."
    count = undo(last.review_ids)
    return True, f"Undone: {plural(count, 'outcome')} taken back."
