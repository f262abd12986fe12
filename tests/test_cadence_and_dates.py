"""Cadence phrases, their dates (across DST), and dates as people type them."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.cadence import Cadence, parse_cadence, parse_time
from facilitator.dates import parse_when
from facilitator.errors import InvalidInput

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("weekly on thursday", Cadence(weekday=3)),
        ("Weekly on Thursday", Cadence(weekday=3)),
        ("every thursday", Cadence(weekday=3)),
        ("thursdays", Cadence(weekday=3)),
        ("every other thursday", Cadence(weekday=3, weeks=2)),
        ("biweekly on tue", Cadence(weekday=1, weeks=2)),
        ("every 3 weeks on friday", Cadence(weekday=4, weeks=3)),
        ("every three weeks on friday", Cadence(weekday=4, weeks=3)),
        ("monthly on the first wednesday", Cadence(weekday=2, nth=1)),
        ("monthly on the second monday", Cadence(weekday=0, nth=2)),
        ("monthly on the last friday", Cadence(weekday=4, nth=-1)),
        ("last friday of the month", Cadence(weekday=4, nth=-1)),
    ],
)
def test_cadence_phrases(phrase, expected):
    assert parse_cadence(phrase) == expected


@pytest.mark.parametrize(
    "phrase",
    [
        "",
        "sometimes",
        "every other blursday",
        "every 0 weeks on mon",
        "monthly on the fifth friday",
        "every 99 weeks on monday",
    ],
)
def test_unknown_cadences_list_the_phrases_that_work(phrase):
    with pytest.raises(InvalidInput, match="every other thursday"):
        parse_cadence(phrase)


def test_weekly_without_a_day_asks_for_the_day():
    with pytest.raises(InvalidInput, match="say which weekday"):
        parse_cadence("weekly")


cadences = st.one_of(
    st.builds(Cadence, weekday=st.integers(0, 6), weeks=st.integers(1, 8)),
    st.builds(Cadence, weekday=st.integers(0, 6), nth=st.sampled_from([1, 2, 3, 4, -1])),
)


@given(cadences)
def test_the_canonical_phrase_parses_back_to_the_same_cadence(cadence):
    assert parse_cadence(cadence.phrase()) == cadence


@given(cadences, st.dates(date(2020, 1, 1), date(2035, 1, 1)))
def test_occurrences_are_on_the_weekday_at_the_time_and_in_order(cadence, anchor):
    after = datetime.combine(anchor, time(0), tzinfo=BERLIN)
    found = cadence.occurrences(anchor, time(12, 0), BERLIN, after=after, count=6)
    assert len(found) == 6
    assert all(m.weekday() == cadence.weekday and m.time() == time(12, 0) for m in found)
    assert found == sorted(found) and all(m > after for m in found)
    if cadence.nth is None:
        gaps = {(b.date() - a.date()).days for a, b in itertools.pairwise(found)}
        assert gaps == {7 * cadence.weeks}


def test_a_fortnightly_meeting_stays_at_noon_across_the_dst_change():
    found = parse_cadence("every other sunday").occurrences(
        date(2026, 10, 11), time(12), BERLIN, after=datetime(2026, 10, 12, tzinfo=BERLIN), count=2
    )
    assert [m.isoformat() for m in found] == [
        "2026-10-25T12:00:00+01:00",  # the day clocks go back: still noon local time
        "2026-11-08T12:00:00+01:00",
    ]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12:00", time(12)),
        ("9:30", time(9, 30)),
        ("12pm", time(12)),
        ("1:15 pm", time(13, 15)),
    ],
)
def test_times(typed, expected):
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["25:00", "12:60", "noon", "13pm", "12"])
def test_bad_times(typed):
    with pytest.raises(InvalidInput):
        parse_time(typed)


NOW = datetime(2026, 11, 21, 10, 0, tzinfo=BERLIN)  # a Saturday


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("next thursday 12:00", "2026-11-26T12:00"),
        ("next thursday at 1pm", "2026-11-26T13:00"),
        ("thursday", "2026-11-26T12:00"),
        ("saturday", "2026-11-21T12:00"),
        ("next saturday", "2026-11-28T12:00"),
        ("tomorrow 9:30", "2026-11-22T09:30"),
        ("2027-03-04", "2027-03-04T12:00"),
        ("2027-03-04 09:30", "2027-03-04T09:30"),
    ],
)
def test_dates_people_type(typed, expected):
    assert parse_when(typed, BERLIN, NOW, time(12)).isoformat().startswith(expected)


@pytest.mark.parametrize("typed", ["", "soonish", "2027-13-45", "next blursday"])
def test_unparseable_dates_are_named(typed):
    with pytest.raises(InvalidInput):
        parse_when(typed, BERLIN, NOW, time(12))
