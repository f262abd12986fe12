"""Invitation files exactly as written, from plain values: a series with its overrides,
exclusions, an extra session and people (a REQUEST), a monthly series (a PUBLISH) and both
kinds of cancellation. Golden files, then read back by icalendar to check what they say."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from exporters.calendar_invite import Invitation, render, render_cancellation
from facilitator.calendar_plan import Meeting, SeriesPlan
from facilitator.vocabulary import SessionStatus

GOLDEN = Path(__file__).parent / "golden"
BERLIN = ZoneInfo("Europe/Berlin")
STAMP = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
AGENDA = "Input 15 min · Practice sharing 20 min · Dialogue 15 min · Handoff 10 min"


def _at(day: int, month: int = 12, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=BERLIN)


FIRST = Meeting(
    "s1", _at(3), 90, SessionStatus.PLANNED, "Ana", "Prompts", ("Ben — Linter (5 min)",)
)
SECOND = Meeting("s2", _at(17, hour=14), 60, SessionStatus.PLANNED, None, None, ())
EXTRA = Meeting("s9", _at(22), 45, SessionStatus.PLANNED, "Eli", "Extra; one, more", ())


def _invitation(**changes) -> Invitation:
    values = {
        "community": "Berlin AI Circle",
        "timezone": "Europe/Berlin",
        "series_uid": "series-1@cop",
        "sequence": 3,
        "stamp": STAMP,
        "plan": SeriesPlan(
            first=_at(3),
            count=4,
            excluded=(_at(31),),
            instances=((_at(3), FIRST), (_at(17), SECOND)),
            extras=(EXTRA,),
        ),
        "weekday": 3,
        "weeks": 2,
        "nth": None,
        "agenda": AGENDA,
        "organizer": "host@example.com",
        "attendees": (("Ana Lima", "ana@example.com"), ("Ben, Jr.", "ben@example.com")),
    }
    return Invitation(**(values | changes))


MONTHLY = {
    "nth": -1,
    "weekday": 4,
    "organizer": None,
    "attendees": (("Chloé", "chloe@example.com"),),
    "plan": SeriesPlan(first=_at(25), count=3, excluded=(), instances=(), extras=()),
}

CASES = {
    "request": lambda: render(_invitation()),
    "monthly": lambda: render(_invitation(**MONTHLY)),
    "cancel-occurrence": lambda: render_cancellation(_invitation(), SECOND, _at(17)),
    "cancel-extra": lambda: render_cancellation(_invitation(), EXTRA, None),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_file_matches_its_golden_file(case):
    """Set COP_UPDATE_GOLDEN=1 to rewrite them on purpose, then review the diff."""
    text = CASES[case]()
    golden = GOLDEN / f"calendar-{case}.ics"
    if os.environ.get("COP_UPDATE_GOLDEN"):
        golden.write_bytes(text.encode("utf-8"))
    assert text == golden.read_bytes().decode("utf-8")


def _events(text: str) -> list:
    return Calendar.from_ical(text).walk("VEVENT")


def test_a_request_names_the_series_each_override_and_the_extra_session():
    calendar = Calendar.from_ical(CASES["request"]())
    assert str(calendar["method"]) == "REQUEST"
    assert str(calendar["x-wr-calname"]) == "Berlin AI Circle"
    master, first, second, extra = calendar.walk("VEVENT")
    rule = master["rrule"]
    assert (rule["freq"], rule["interval"], rule["byday"], rule["count"]) == (
        ["WEEKLY"],
        [2],
        ["TH"],
        [4],
    )
    assert (master.decoded("dtend") - master.decoded("dtstart")).total_seconds() == 90 * 60
    assert [d.dt for d in master["exdate"].dts] == [_at(31)]
    assert [str(e["uid"]) for e in (master, first, second)] == ["series-1@cop"] * 3
    assert first.decoded("recurrence-id") == _at(3)
    assert second.decoded("recurrence-id") == _at(17)
    assert second.decoded("dtstart") == _at(17, hour=14)
    assert str(extra["uid"]) == "session-s9@cop" and "recurrence-id" not in extra
    assert str(first["summary"]) == "Berlin AI Circle: Prompts"
    assert str(second["summary"]) == "Berlin AI Circle"
    assert str(second["description"]).startswith("Host: not assigned yet\nTopic: not set yet")
    assert str(first["description"]).endswith("Lightning talks:\n- Ben — Linter (5 min)")
    for event in (master, first, second, extra):
        assert event["sequence"] == 3 and event.decoded("dtstamp") == STAMP
        assert str(event["organizer"]) == "mailto:host@example.com"
        people = event["attendee"]
        assert [str(p) for p in people] == ["mailto:ana@example.com", "mailto:ben@example.com"]
        assert [dict(p.params) for p in people] == [
            {"CN": name, "ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
            for name in ("Ana Lima", "Ben, Jr.")
        ]


def test_a_published_monthly_series_asks_no_answer_and_lasts_an_hour_by_default():
    calendar = Calendar.from_ical(CASES["monthly"]())
    assert str(calendar["method"]) == "PUBLISH"
    (master,) = calendar.walk("VEVENT")
    assert master["rrule"]["freq"] == ["MONTHLY"] and master["rrule"]["byday"] == ["-1FR"]
    assert "interval" not in master["rrule"] and "exdate" not in master
    assert (master.decoded("dtend") - master.decoded("dtstart")).total_seconds() == 3600
    assert "organizer" not in master
    assert dict(master["attendee"].params) == {
        "CN": "Chloé",
        "ROLE": "REQ-PARTICIPANT",
        "PARTSTAT": "NEEDS-ACTION",
    }


@pytest.mark.parametrize(
    ("case", "uid", "original"),
    [("cancel-occurrence", "series-1@cop", _at(17)), ("cancel-extra", "session-s9@cop", None)],
)
def test_a_cancellation_names_the_occurrence_or_the_extra_event(case, uid, original):
    calendar = Calendar.from_ical(CASES[case]())
    assert str(calendar["method"]) == "CANCEL"
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]) == uid and str(event["status"]) == "CANCELLED"
    assert (event.decoded("recurrence-id") if original else None) == original
    assert ("recurrence-id" in event) == (original is not None)


def test_a_file_without_sessions_has_no_time_zone_and_no_event():
    empty = SeriesPlan(first=None, count=0, excluded=(), instances=(), extras=())
    calendar = Calendar.from_ical(render(_invitation(plan=empty)))
    assert calendar.walk("VEVENT") == [] and calendar.walk("VTIMEZONE") == []
