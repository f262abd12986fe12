"""The period insights and the report cover: a calendar quarter by default, or any range of
local days, and the period of the same length just before it (for "up or down")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from facilitator.errors import InvalidInput

QUARTER = re.compile(r"^\s*(\d{4})\s*-?\s*[qQ]\s*([1-4])\s*$")


@dataclass(frozen=True)
class Period:
    """Local days `first` to `last`, both included, in the community's time zone."""

    first: date
    last: date
    label: str

    def bounds(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        """The period as an aware [start, end) range, to compare with stored UTC times
        through the (community, scheduled_at) index."""
        start = datetime.combine(self.first, time(), tzinfo=tz)
        end = datetime.combine(self.last + timedelta(days=1), time(), tzinfo=tz)
        return start, end

    @property
    def key(self) -> str:
        """The period as stored with a published report: an ISO 8601 interval of days,
        which sorts by start."""
        return f"{self.first.isoformat()}/{self.last.isoformat()}"

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def before(self) -> Period:
        """The period just before this one: the previous quarter for a quarter, else the
        same number of days."""
        if self == quarter_of(self.first):
            return quarter_of(self.first - timedelta(days=1))
        last = self.first - timedelta(days=1)
        first = last - timedelta(days=self.days - 1)
        return days_between(first, last)


def quarter_of(day: date) -> Period:
    index = (day.month - 1) // 3
    first = date(day.year, 3 * index + 1, 1)
    after = date(day.year + 1, 1, 1) if index == 3 else date(day.year, 3 * index + 4, 1)
    return Period(first, after - timedelta(days=1), f"{day.year} Q{index + 1}")


def period_from_options(
    quarter: str | None, first: str | None, last: str | None, default: Period | None = None
) -> Period:
    """The period --quarter or --from/--to name (every command that takes one), else
    `default`."""
    if quarter and (first or last):
        raise InvalidInput("give either --quarter or --from/--to, not both")
    if quarter:
        return parse_quarter(quarter)
    if first or last:
        if not (first and last):
            raise InvalidInput(
                "--from and --to go together: a period needs both --from and --to (YYYY-MM-DD)"
            )
        return days_between(_day("--from", first), _day("--to", last))
    if default is None:
        raise InvalidInput("name a period: --quarter 2027Q1, or --from and --to")
    return default


def _day(option: str, text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            f"{option} {text!r} is not a date; write the days as YYYY-MM-DD, e.g. 2026-10-01"
        ) from None


def quarter_key(day: date) -> str:
    """The quarter of a day as --quarter takes it: 2027Q1."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def parse_quarter(text: str) -> Period:
    """'2026Q4', '2026-Q4' or '2026 q4'."""
    found = QUARTER.match(text)
    if not found:
        raise InvalidInput(f"--quarter {text!r} is not a quarter; write it like 2026Q4")
    year, number = int(found.group(1)), int(found.group(2))
    return quarter_of(date(year, 3 * number - 2, 1))


def days_between(first: date, last: date) -> Period:
    if last < first:
        raise InvalidInput(f"the period ends ({last}) before it starts ({first})")
    return Period(first, last, f"{first.isoformat()} – {last.isoformat()}")


def period_of_key(key: str) -> Period:
    """The period a stored `Period.key` names, labelled as a quarter when it is one."""
    first, _, last = key.partition("/")
    period = days_between(date.fromisoformat(first), date.fromisoformat(last))
    quarter = quarter_of(period.first)
    return quarter if quarter == Period(period.first, period.last, quarter.label) else period


HALF = re.compile(r"^\s*(\d{4})\s*-?\s*[hH]\s*([12])\s*$")


def half_of(day: date) -> Period:
    """The half-year of a day: the impact survey's period (twice a year)."""
    if day.month <= 6:
        return Period(date(day.year, 1, 1), date(day.year, 6, 30), f"{day.year} H1")
    return Period(date(day.year, 7, 1), date(day.year, 12, 31), f"{day.year} H2")


def half_key(period: Period) -> str:
    """A half-year as --period takes it and a survey stores it: 2026H2."""
    return period.label.replace(" ", "")


def parse_half(text: str) -> Period:
    """'2026H2', '2026-H2' or '2026 h2'."""
    found = HALF.match(text)
    if not found:
        raise InvalidInput(f"--period {text!r} is not a half-year; write it like 2026H2")
    return half_of(date(int(found.group(1)), 6 * int(found.group(2)) - 5, 1))
