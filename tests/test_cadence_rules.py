"""The cadence's rules at their edges: every date it gives checked against dateutil's
rrule (an independent oracle), month and year ends on purpose, and every phrase and time
at the boundary of what is accepted."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil import rrule
from hypothesis import example, given
from hypothesis import strategies as st

from facilitator.cadence import EXAMPLES, Cadence, parse_cadence, parse_time
from facilitator.errors import InvalidInput

BERLIN = ZoneInfo("Europe/Berlin")
NTHS = [1, 2, 3, 4, -1]


def _monthly_oracle(cadence: Cadence, start: date, end: date) -> list[date]:
    rule = rrule.rrule(
        rrule.MONTHLY,
        dtstart=datetime.combine(start.replace(day=1), time()),
        byweekday=rrule.weekdays[cadence.weekday](cadence.nth),
    )
    return [
        d.date()
        for d in rule.between(
            datetime.combine(start, time()), datetime.combine(end, time()), inc=True
        )
        if d.date() < end
    ]


def _weekly_oracle(cadence: Cadence, anchor: date, start: date, end: date) -> list[date]:
    anchor_monday = anchor - timedelta(days=anchor.weekday())
    days = (start + timedelta(days=i) for i in range((end - start).days))
    return [
        d
        for d in days
        if d.weekday() == cadence.weekday and (d - anchor_monday).days // 7 % cadence.weeks == 0
    ]


spans = st.tuples(st.dates(date(2024, 1, 1), date(2030, 12, 31)), st.integers(0, 120))


@given(st.integers(0, 6), st.sampled_from(NTHS), spans)
@example(3, -1, (date(2026, 12, 1), 70))  # the last Thursday of December, then January's
@example(0, 1, (date(2026, 11, 30), 40))  # from the last day of a month
@example(4, 4, (date(2027, 2, 1), 28))  # February of a common year, whole
@example(6, -1, (date(2028, 2, 1), 29))  # and of a leap year
@example(2, 1, (date(2026, 12, 2), 0))  # an empty span
@example(4, 1, (date(2026, 12, 1), 32))  # ends on 2 January, after Friday 1 January
def test_monthly_dates_are_the_rrule_dates(weekday, nth, span):
    start, days = span
    cadence = Cadence(weekday=weekday, nth=nth)
    end = start + timedelta(days=days)
    assert cadence.dates_between(start, start, end) == _monthly_oracle(cadence, start, end)


@given(st.integers(0, 6), st.integers(1, 8), st.dates(date(2024, 1, 1), date(2030, 12, 31)), spans)
@example(3, 2, date(2026, 12, 3), (date(2026, 12, 3), 14))  # starts on a meeting day
@example(3, 2, date(2026, 12, 3), (date(2026, 12, 4), 13))  # ends the day before one
@example(0, 3, date(2027, 1, 4), (date(2026, 12, 1), 60))  # the anchor after the span
def test_weekly_dates_keep_the_anchor_phase(weekday, weeks, anchor, span):
    start, days = span
    cadence = Cadence(weekday=weekday, weeks=weeks)
    end = start + timedelta(days=days)
    expected = _weekly_oracle(cadence, anchor, start, end)
    assert cadence.dates_between(anchor, start, end) == expected


@pytest.mark.parametrize("cadence", [Cadence(3), Cadence(3, weeks=2), Cadence(3, nth=-1)])
def test_an_empty_or_backward_span_has_no_date(cadence):
    day = date(2026, 12, 3)
    assert cadence.dates_between(day, day, day) == []
    assert cadence.dates_between(day, day, day - timedelta(days=30)) == []


@pytest.mark.parametrize("nth", NTHS)
def test_monthly_occurrences_are_the_dates_at_the_meeting_time(nth):
    cadence = Cadence(weekday=4, nth=nth)
    after = datetime(2026, 11, 30, 23, 0, tzinfo=BERLIN)
    found = cadence.occurrences(date(2026, 10, 2), time(12, 30), BERLIN, after, count=3)
    dates = cadence.dates_between(date(2026, 12, 1), date(2026, 12, 1), date(2027, 4, 1))[:3]
    assert found == [datetime.combine(d, time(12, 30), tzinfo=BERLIN) for d in dates]


def test_occurrences_start_strictly_after_and_give_one_by_default():
    cadence = Cadence(weekday=3)
    meeting = datetime(2026, 12, 3, 12, 0, tzinfo=BERLIN)
    assert cadence.occurrences(date(2026, 12, 3), time(12), BERLIN, meeting) == [
        meeting + timedelta(days=7)
    ]
    just_before = meeting - timedelta(seconds=1)
    assert cadence.occurrences(date(2026, 12, 3), time(12), BERLIN, just_before) == [meeting]


def test_the_typical_gap_is_the_weeks_or_a_month():
    assert Cadence(3, weeks=3).typical_gap == timedelta(weeks=3)
    assert Cadence(3, nth=2).typical_gap == timedelta(days=30)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Mondays", Cadence(0)),
        ("weekly on tues", Cadence(1)),
        ("every, other, sun", Cadence(6, weeks=2)),
        ("fortnightly on saturdays", Cadence(5, weeks=2)),
        ("every a wed at", Cadence(2)),  # the filler words go
        ("every 1 week on thu", Cadence(3)),
        ("every 8 weeks on thu", Cadence(3, weeks=8)),
        ("every six weeks on thu", Cadence(3, weeks=6)),
        ("monthly on the fourth sunday", Cadence(6, nth=4)),
        ("third tuesday of the month", Cadence(1, nth=3)),
    ],
)
def test_phrases_at_the_edges(phrase, expected):
    assert parse_cadence(phrase) == expected
    assert parse_cadence(expected.phrase()) == expected


@pytest.mark.parametrize(
    "phrase",
    [
        "every 9 weeks on thu",
        "every 0 week on thu",
        "th",  # too short to be a weekday
        "every other",
        "weekly on thursday extra",
        "monthly on the first",
        "first",
        "fridays please",
        "every two",
        "every other blah thursday",  # four words, the third not "weeks"
        "biweekly first friday",  # three words that are not "monthly …"
        "first friday please",  # an ordinal, then more than a day
    ],
)
def test_phrases_just_outside_are_refused_with_examples(phrase):
    with pytest.raises(InvalidInput) as refused:
        parse_cadence(phrase)
    assert str(refused.value) == f"cannot understand the cadence {phrase!r}; try one of {EXAMPLES}"


@pytest.mark.parametrize("word", ["weekly", "biweekly", "fortnightly", "monthly", " Monthly "])
def test_a_cadence_without_a_day_asks_which(word):
    with pytest.raises(InvalidInput) as refused:
        parse_cadence(word)
    head = word.strip().casefold()
    assert str(refused.value) == f"say which weekday, e.g. '{head} on thursday'"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("0:00", time(0)),
        ("23:59", time(23, 59)),
        ("12am", time(0)),
        ("12pm", time(12)),
        ("1am", time(1)),
        ("11:59 PM", time(23, 59)),
        (" 7:05 ", time(7, 5)),
    ],
)
def test_times_at_the_edges(typed, expected):
    assert parse_time(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("24:00", "'24:00' is not a valid time"),
        ("23:60", "'23:60' is not a valid time"),
        ("0am", "'0am' is not a valid time"),
        ("13pm", "'13pm' is not a valid time"),
        ("7", "cannot understand the time '7'; use HH:MM, e.g. 12:00"),
        ("7:5", "cannot understand the time '7:5'; use HH:MM, e.g. 12:00"),
    ],
)
def test_times_just_outside_name_the_problem(typed, message):
    with pytest.raises(InvalidInput) as refused:
        parse_time(typed)
    assert str(refused.value) == message


def test_a_monthly_meeting_on_the_first_of_the_anchor_month_is_the_next_one():
    cadence = Cadence(weekday=4, nth=1)  # the first Friday: 1 January 2027
    after = datetime(2026, 12, 31, 12, 0, tzinfo=BERLIN)
    found = cadence.occurrences(date(2027, 1, 1), time(12), BERLIN, after, count=2)
    assert [m.date() for m in found] == [date(2027, 1, 1), date(2027, 2, 5)]
