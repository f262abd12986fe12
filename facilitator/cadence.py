"""Cadence phrases ("every other thursday", "monthly on the last friday") and their dates.

A phrase is parsed into a Cadence, which renders back to one canonical phrase (what cop
stores) and yields meeting times through dateutil's rrule in the community's time zone, so a
12:00 meeting stays at 12:00 across daylight-saving changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from facilitator.errors import InvalidInput

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "other": 2}
_ORDINAL_NAMES = {v: k for k, v in ORDINALS.items()}

EXAMPLES = (
    '"weekly on thursday", "every other thursday", "every 3 weeks on tuesday", '
    '"monthly on the first wednesday", "monthly on the last friday"'
)


@dataclass(frozen=True)
class Cadence:
    """Either every `weeks` weeks on `weekday`, or monthly on the `nth` `weekday`."""

    weekday: int
    weeks: int = 1
    nth: int | None = None

    def phrase(self) -> str:
        day = WEEKDAYS[self.weekday]
        if self.nth is not None:
            return f"monthly on the {_ORDINAL_NAMES[self.nth]} {day}"
        if self.weeks == 1:
            return f"weekly on {day}"
        if self.weeks == 2:
            return f"every other {day}"
        return f"every {self.weeks} weeks on {day}"

    @property
    def typical_gap(self) -> timedelta:
        """About how long between two meetings; used to judge gaps in the history."""
        return timedelta(days=30) if self.nth is not None else timedelta(weeks=self.weeks)

    def dates_between(self, anchor: date, start: date, end: date) -> list[date]:
        """The cadence's dates in [start, end), in phase with `anchor` (a date the cadence
        gives: which Thursday is "the other one" matters for multi-week cadences)."""
        if end <= start:
            return []
        if self.nth is not None:
            return self._monthly_dates(start, end, self.nth)
        step = 7 * self.weeks
        anchor_monday = anchor - timedelta(days=anchor.weekday())
        start_monday = start - timedelta(days=start.weekday())
        monday = anchor_monday - timedelta(days=(anchor_monday - start_monday).days // step * step)
        found = []
        day = monday + timedelta(days=self.weekday)
        while day < end:
            if day >= start:
                found.append(day)
            day += timedelta(days=step)
        return found

    def _monthly_dates(self, start: date, end: date, nth: int) -> list[date]:
        found = []
        year, month = start.year, start.month
        while date(year, month, 1) < end:
            day = self.day_in_month(year, month, nth)
            if start <= day < end:
                found.append(day)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found

    def day_in_month(self, year: int, month: int, nth: int) -> date:
        """The `nth` `weekday` of a month (the last one for nth = -1)."""
        if nth == -1:
            after = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
            last = after - timedelta(days=1)
            return last - timedelta(days=(last.weekday() - self.weekday) % 7)
        first = date(year, month, 1)
        return first + timedelta(days=(self.weekday - first.weekday()) % 7 + 7 * (nth - 1))

    def occurrences(
        self, anchor: date, meeting_time: time, tz: ZoneInfo, after: datetime, count: int = 1
    ) -> list[datetime]:
        """The next `count` meeting times strictly after `after`.

        `anchor` fixes the phase of multi-week cadences (which Thursday is "the other one"):
        it is the date of the community's latest held session, or its creation date.
        """
        from dateutil import rrule  # not at import: home is painted without it

        start = datetime.combine(anchor, meeting_time)
        if self.nth is not None:
            day = rrule.weekdays[self.weekday](self.nth)
            rule = rrule.rrule(rrule.MONTHLY, dtstart=start.replace(day=1), byweekday=day)
        else:
            rule = rrule.rrule(
                rrule.WEEKLY,
                dtstart=start - timedelta(days=start.weekday()),
                interval=self.weeks,
                byweekday=rrule.weekdays[self.weekday],
            )
        found: list[datetime] = []
        for naive in rule:
            moment = naive.replace(tzinfo=tz)
            if moment > after:
                found.append(moment)
                if len(found) == count:
                    break
        return found


def _weekday(word: str) -> int:
    word = word.rstrip("s") if word.endswith("days") else word
    for index, name in enumerate(WEEKDAYS):
        if word == name or (len(word) >= 3 and name.startswith(word)):
            return index
    raise ValueError


def parse_cadence(text: str) -> Cadence:
    """Parse a cadence phrase; the error lists phrases that work."""
    words = re.sub(r"[,]", " ", text.strip().casefold()).split()
    words = [w for w in words if w not in ("on", "the", "of", "month", "a", "at")]
    try:
        return _parse_words(words)
    except (ValueError, IndexError, KeyError):  # what no phrase can mean; "say which" passes
        raise InvalidInput(
            f"cannot understand the cadence {text!r}; try one of {EXAMPLES}"
        ) from None


def _parse_words(words: list[str]) -> Cadence:
    """The cadence the words name; ValueError (or a failed lookup) when they name none."""
    if not words:
        raise ValueError
    if words in (["weekly"], ["biweekly"], ["fortnightly"], ["monthly"]):
        raise InvalidInput(f"say which weekday, e.g. '{words[0]} on thursday'")
    head = words[0]
    if head in ("weekly", "every") and len(words) == 2:
        return Cadence(weekday=_weekday(words[1]))
    if head in ("biweekly", "fortnightly") and len(words) == 2:
        return Cadence(weekday=_weekday(words[1]), weeks=2)
    if len(words) == 1 and words[0].endswith("days"):
        return Cadence(weekday=_weekday(words[0]))
    if head == "every" and len(words) == 3:  # every other thursday
        return Cadence(weekday=_weekday(words[2]), weeks=_count(words[1]))
    if head == "every" and len(words) == 4 and words[2] in ("weeks", "week"):
        weeks = _count(words[1])
        if not 1 <= weeks <= 8:
            raise ValueError
        return Cadence(weekday=_weekday(words[3]), weeks=weeks)
    if head == "monthly" and len(words) == 3:
        return Cadence(weekday=_weekday(words[2]), nth=ORDINALS[words[1]])
    if len(words) == 2 and words[0] in ORDINALS:  # "first thursday (of the month)"
        return Cadence(weekday=_weekday(words[1]), nth=ORDINALS[words[0]])
    raise ValueError


def _count(word: str) -> int:
    return _NUMBER_WORDS[word] if word in _NUMBER_WORDS else int(word)


def parse_time(text: str) -> time:
    """A meeting time such as 12:00, 9:30 or 12pm."""
    match = re.fullmatch(r"\s*(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\s*", text.casefold())
    if not match or (match.group(2) is None and match.group(3) is None):
        raise InvalidInput(f"cannot understand the time {text!r}; use HH:MM, e.g. 12:00")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3):
        if not 1 <= hour <= 12:
            raise InvalidInput(f"{text!r} is not a valid time")
        hour = hour % 12 + (12 if match.group(3) == "pm" else 0)
    if hour > 23 or minute > 59:
        raise InvalidInput(f"{text!r} is not a valid time")
    return time(hour, minute)
