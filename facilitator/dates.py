"""Dates as people type them: "next thursday 12:00", "tomorrow", "2027-03-04 09:30".

Weekday words mean the next such day ("thursday" is today if today is Thursday, "next
thursday" is always after today). Anything else goes to dateutil's parser with the current
year as default. The result is aware, in the community's time zone.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from facilitator.cadence import WEEKDAYS, parse_time
from facilitator.errors import InvalidInput

_TIME_AT_END = re.compile(r"(?:\s+at)?\s+(\d{1,2}(?::\d{2})?\s*(?:am|pm)?|\d{1,2}:\d{2})$")


def parse_day(text: str, today: date) -> date:
    words = text.strip().casefold().split()
    if words == ["today"]:
        return today
    if words == ["tomorrow"]:
        return today + timedelta(days=1)
    if words and words[-1] in WEEKDAYS and len(words) <= 2:
        strictly_after = words[0] == "next"
        if len(words) == 2 and not strictly_after:
            raise InvalidInput(f"cannot understand the date {text!r}")
        ahead = (WEEKDAYS.index(words[-1]) - today.weekday()) % 7
        if ahead == 0 and strictly_after:
            ahead = 7
        return today + timedelta(days=ahead)
    from dateutil import parser as date_parser  # not at import: home is painted without it

    try:
        default = datetime.combine(today, time())
        return date_parser.parse(text, default=default).date()
    except (ValueError, OverflowError):
        raise InvalidInput(
            f"cannot understand the date {text!r}; try 2027-03-04, 'next thursday' or 'tomorrow'"
        ) from None


def parse_when(text: str, tz: ZoneInfo, now: datetime, default_time: time) -> datetime:
    """Parse a date with an optional time; the time defaults to the community's."""
    text = text.strip()
    if not text:
        raise InvalidInput("the date is empty")
    at = default_time
    match = _TIME_AT_END.search(text)
    if match and (":" in match.group(1) or match.group(1).endswith("m")):
        at = parse_time(match.group(1))
        text = text[: match.start()].strip()
    day = parse_day(text, now.astimezone(tz).date()) if text else now.astimezone(tz).date()
    return datetime.combine(day, at, tzinfo=tz)


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """A local day as an aware [start, end) range: SQL compares it with stored UTC times and
    keeps using the scheduled_at index, instead of converting every row in Python."""
    start = datetime.combine(day, time(), tzinfo=tz)
    return start, start + timedelta(days=1)
