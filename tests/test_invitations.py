"""Calendar invitations and the call for talks, on hand-built histories.

Every file is parsed back with `icalendar` and its series expanded with
`recurring-ical-events`, an implementation independent of cop's: the occurrences must be
exactly the planned sessions, at the same local time across daylight-saving changes.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from hypothesis import assume, example, given, settings
from sqlmodel import select
from test_exporters import USER_TEXT

from exporters import announcement as announce_text
from facilitator.insight_period import parse_quarter
from facilitator.services.announcement import announcement
from facilitator.services.communities import create_community
from facilitator.services.invitations import series_invitation
from facilitator.services.roster import MemberFields, add_member
from facilitator.vocabulary import SessionStatus, TalkStatus
from store.models import Commitment, Community, LightningTalk, Member, StudySession

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)
Q4 = parse_quarter("2026Q4")
GOLDEN = Path(__file__).parent / "golden"
# Thursdays at 12:00 in Berlin, across the change to winter time on 25 October: 12 November
# moved to Friday 13th at 10:00, 19 November cancelled, 26 November not planned, and a second
# session on Friday 4 December (3 December is taken): an event of its own.
BERLIN_SESSIONS = [
    (datetime(2026, 10, 15, 12), SessionStatus.PLANNED, "Ana", "Prompts"),
    (datetime(2026, 10, 22, 12), SessionStatus.PLANNED, "Ben", None),
    (datetime(2026, 10, 29, 12), SessionStatus.PLANNED, "Ana", "Agents"),
    (datetime(2026, 11, 5, 12), SessionStatus.PLANNED, None, None),
    (datetime(2026, 11, 13, 10), SessionStatus.PLANNED, "Ben", "Moved"),
    (datetime(2026, 11, 19, 12), SessionStatus.CANCELLED, "Ana", None),
    (datetime(2026, 12, 3, 12), SessionStatus.PLANNED, "Ana", "Review"),
    (datetime(2026, 12, 4, 15), SessionStatus.PLANNED, "Ben", "Extra"),
]


def build(db, name: str, cadence: str, tz: ZoneInfo, meeting: str, sessions) -> None:
    create_community(db, name, cadence, meeting, str(tz))
    for person, email in (("Ana", "ana@example.com"), ("Ben", None)):
        add_member(db, name, MemberFields(name=person, email=email), date(2026, 1, 1))
    with db.session() as s:
        crow = s.exec(select(Community).where(Community.name == name)).one()
        people = dict(
            s.exec(select(Member.name, Member.id).where(Member.community_id == crow.id)).all()
        )
        for local, status, host, topic in sessions:
            s.add(
                StudySession(
                    community_id=crow.id,
                    scheduled_at=local.replace(tzinfo=tz),
                    status=status,
                    facilitator_id=people.get(host),
                    topic=topic,
                )
            )


@pytest.fixture
def berlin(db):
    build(db, "Circle", "weekly on thursday", BERLIN, "12:00", BERLIN_SESSIONS)
    return db


def expanded(text: str, first: date, last: date) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(text)
    return sorted(
        recurring_ical_events.of(calendar).between(first, last + timedelta(days=1)),
        key=lambda e: e.decoded("dtstart"),
    )


def planned(sessions, tz: ZoneInfo) -> list[datetime]:
    return [
        local.replace(tzinfo=tz)
        for local, status, *_ in sessions
        if status != SessionStatus.CANCELLED
    ]


def test_the_series_expands_to_exactly_the_planned_sessions_across_dst(berlin):
    written = series_invitation(berlin, None, Q4, NOW)
    events = expanded(written.text, Q4.first, Q4.last)
    starts = [e.decoded("dtstart") for e in events]
    assert starts == planned(BERLIN_SESSIONS, BERLIN)
    # Noon in Berlin is 10:00 UTC in summer time and 11:00 UTC after 25 October.
    assert [s.astimezone(UTC).hour for s in starts[:3]] == [10, 10, 11]
    assert str(events[0]["dtstart"].params["TZID"]) == "Europe/Berlin"
    summaries = [str(e["summary"]) for e in events]
    assert summaries == [
        "Circle: Prompts",
        "Circle",
        "Circle: Agents",
        "Circle",
        "Circle: Moved",
        "Circle: Review",
        "Circle: Extra",
    ]
    assert "Host: Ben" in str(events[1]["description"])
    assert "Host: not assigned yet" in str(events[3]["description"])
    calendar = icalendar.Calendar.from_ical(written.text)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    [master] = [e for e in calendar.walk("VEVENT") if "RRULE" in e]
    rule = master["RRULE"]
    assert (rule["FREQ"], rule["COUNT"], rule["BYDAY"]) == (["WEEKLY"], [8], ["TH"])
    excluded = [d.dt for d in master["EXDATE"].dts]
    # 19 November (cancelled) and 26 November (nothing planned), in Berlin's time.
    assert excluded == [
        datetime(2026, 11, 19, 12, tzinfo=BERLIN),
        datetime(2026, 11, 26, 12, tzinfo=BERLIN),
    ]
    moved = [e for e in calendar.walk("VEVENT") if str(e.get("summary")) == "Circle: Moved"]
    assert moved[0].decoded("recurrence-id") == datetime(2026, 11, 12, 12, tzinfo=BERLIN)
    extra = [e for e in calendar.walk("VEVENT") if str(e.get("summary")) == "Circle: Extra"]
    assert "RECURRENCE-ID" not in extra[0] and str(extra[0]["uid"]) != str(master["uid"])


def test_new_york_every_other_tuesday_across_its_dst_change(db):
    sessions = [
        (datetime(2026, 10, 20, 9), SessionStatus.PLANNED, "Ana", "One"),
        (datetime(2026, 11, 3, 9), SessionStatus.PLANNED, "Ben", "Two"),
        (datetime(2026, 11, 17, 9), SessionStatus.PLANNED, "Ana", "Three"),
    ]
    build(db, "Guild", "every other tuesday", NEW_YORK, "09:00", sessions)
    written = series_invitation(db, "Guild", Q4, NOW)
    starts = [e.decoded("dtstart") for e in expanded(written.text, Q4.first, Q4.last)]
    assert starts == planned(sessions, NEW_YORK)
    # 09:00 in New York: 13:00 UTC in daylight time, 14:00 UTC after 1 November.
    assert [s.astimezone(UTC).hour for s in starts] == [13, 14, 14]


def test_a_monthly_cadence_is_a_monthly_rule(db):
    sessions = [
        (datetime(2026, 10, 7, 16), SessionStatus.PLANNED, "Ana", None),
        (datetime(2026, 12, 2, 16), SessionStatus.PLANNED, "Ben", None),
    ]
    build(db, "Monthly", "monthly on the first wednesday", BERLIN, "16:00", sessions)
    written = series_invitation(db, "Monthly", Q4, NOW)
    starts = [e.decoded("dtstart") for e in expanded(written.text, Q4.first, Q4.last)]
    assert starts == planned(sessions, BERLIN)  # 4 November is excluded
    assert "RRULE:FREQ=MONTHLY;COUNT=3;BYDAY=1WE" in written.text


def test_uids_stay_and_the_sequence_rises_only_with_a_change(berlin):
    first = series_invitation(berlin, None, Q4, NOW)
    again = series_invitation(berlin, None, Q4, NOW + timedelta(days=1))
    assert (first.sequence, again.sequence) == (0, 0)
    uids = lambda text: sorted(  # noqa: E731
        {str(e["uid"]) for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}
    )
    with berlin.session() as s:
        crow = s.exec(select(Community)).one()
        session = s.exec(select(StudySession).order_by(StudySession.scheduled_at)).first()
        ben = s.exec(select(Member).where(Member.name == "Ben")).one()
        s.add(
            LightningTalk(
                community_id=crow.id, session_id=session.id, presenter_id=ben.id, title="Linting"
            )
        )
    changed = series_invitation(berlin, None, Q4, NOW)
    assert changed.sequence == 1 and uids(changed.text) == uids(first.text)
    events = expanded(changed.text, Q4.first, Q4.last)
    assert "- Ben — Linting (5 min)" in str(events[0]["description"])
    versions = {
        int(e["sequence"]) for e in icalendar.Calendar.from_ical(changed.text).walk("VEVENT")
    }
    assert versions == {1}


def test_a_cancellation_names_the_occurrence_it_cancels(cop, berlin, tmp_path):
    target = tmp_path / "cancel.ics"
    result = cop("invite", "--cancel", "2026-11-13", "-o", str(target))
    assert result.code == 0, result.err
    assert "still planned in cop" in result.err
    [event] = icalendar.Calendar.from_ical(target.read_text()).walk("VEVENT")
    assert icalendar.Calendar.from_ical(target.read_text())["METHOD"] == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    # The moved session cancels the occurrence it stands for: Thursday 12 November, 12:00.
    assert event.decoded("recurrence-id") == datetime(2026, 11, 12, 12, tzinfo=BERLIN)
    series = series_invitation(berlin, None, Q4, NOW)
    assert series.sequence > int(event["sequence"]) >= 1
    extra = cop("invite", "--cancel", "2026-12-04", "-o", str(tmp_path / "extra.ics"))
    [own] = icalendar.Calendar.from_ical((tmp_path / "extra.ics").read_text()).walk("VEVENT")
    assert extra.code == 0 and "RECURRENCE-ID" not in own and str(own["uid"]).startswith("session-")


def test_attendees_and_organizer_make_a_request(berlin):
    written = series_invitation(berlin, None, Q4, NOW, "host@example.com", attendees=True)
    calendar = icalendar.Calendar.from_ical(written.text)
    assert calendar["METHOD"] == "REQUEST" and written.without_email == 1  # Ben has none
    event = calendar.walk("VEVENT")[0]
    assert str(event["organizer"]) == "mailto:host@example.com"
    attendee = event["attendee"]
    assert str(attendee) == "mailto:ana@example.com" and attendee.params["CN"] == "Ana"


def test_the_invitation_matches_its_golden_file(berlin):
    """Set COP_UPDATE_GOLDEN=1 to rewrite it on purpose, then review the diff."""
    text = series_invitation(berlin, None, Q4, NOW).text
    text = "\n".join(
        line for line in text.splitlines() if not line.startswith("UID:")
    )  # the ids are random per database
    golden = GOLDEN / "invite.ics"
    if os.environ.get("COP_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--quarter", "2025Q1"], "has no session from 2025-01-01 to 2025-03-31"),
        (["--cancel", "nope"], "no session 'nope'"),
        (["--cancel", "2026-10-15", "--quarter", "2026Q4"], "--cancel names one session"),
        (["--organizer", "not an address"], "is not an e-mail address"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(cop, berlin, tmp_path, args, message):
    target = tmp_path / "out.ics"
    result = cop("invite", *args, "-o", str(target))
    assert result.code == 2 and message in result.err and not target.exists()


def test_a_held_session_and_a_community_without_a_time_zone(cop, berlin, tmp_path):
    with berlin.session() as s:
        first = s.exec(select(StudySession).order_by(StudySession.scheduled_at)).first()
        first.status = SessionStatus.ENDED
        s.add(first)
    held = cop("invite", "--cancel", "2026-10-15", "-o", str(tmp_path / "x.ics"))
    assert held.code == 2 and "was held on 2026-10-15" in held.err
    announced = cop("announce", "2026-10-15")
    assert announced.code == 2 and "already held" in announced.err
    with berlin.session() as s:
        crow = s.exec(select(Community)).one()
        crow.timezone = "Mars/Olympus"
        s.add(crow)
    zoneless = cop("invite", "--quarter", "2026Q4", "-o", str(tmp_path / "y.ics"))
    assert zoneless.code == 2 and "no usable time zone" in zoneless.err
    assert not (tmp_path / "x.ics").exists() and not (tmp_path / "y.ics").exists()


def test_the_call_for_talks(berlin):
    now = datetime(2026, 10, 13, 8, tzinfo=UTC)
    empty = announce_text.plain(announcement(berlin, None, None, now))
    assert empty == (
        "Circle — next session\n"
        "\n"
        "When:  Thursday 15 October 2026, 12:00–13:00 Europe/Berlin (10:00–11:00 UTC)\n"
        "Topic: Prompts\n"
        "Host:  Ana\n"
        "\n"
        "Agenda: Input 15 min · Practice sharing 25 min · Dialogue 15 min · Handoff 5 min\n"
        "\n"
        "No lightning talk yet. Five minutes on something you tried is enough. Sign up with:\n"
        '  cop talk add "Your Name" "Your title" --date 2026-10-15 --community Circle\n'
        "\n"
        "No topic for Dialogue yet. Propose one with:\n"
        '  cop topic add "Your topic" --session 2026-10-15 --community Circle\n'
    )
    with berlin.session() as s:
        crow = s.exec(select(Community)).one()
        session = s.exec(select(StudySession).order_by(StudySession.scheduled_at)).first()
        people = dict(s.exec(select(Member.name, Member.id)).all())
        s.add(
            LightningTalk(
                community_id=crow.id,
                session_id=session.id,
                presenter_id=people["Ben"],
                title="Linting prompts",
                status=TalkStatus.QUEUED,
            )
        )
        s.add(
            Commitment(
                session_id=session.id,
                member_id=people["Ana"],
                text="Try the *linter*",
                due_on=date(2026, 10, 15),
            )
        )
    found = announcement(berlin, None, None, now)
    text = announce_text.plain(found)
    assert "Lightning talks (1):\n  1. Ben — Linting prompts (5 min)\n" in text
    assert "Due at this session (bring how it went):\n  - Ana: Try the *linter*\n" in text
    markdown = announce_text.markdown(found)
    assert markdown.startswith("**Circle — next session**\n")
    assert "- Ana: Try the \\*linter\\*" in markdown and "cop talk add" not in markdown
    assert found.start.timetz().replace(tzinfo=None) == time(12)


@settings(max_examples=120, deadline=None)
@given(USER_TEXT)
@example("\\N")  # icalendar itself reads a backslash-N as a line break
@example("Regex \\n, \\N; and \\\\ tricks")
def test_an_invitation_keeps_any_topic_host_and_talk_as_text(text):
    """Parsed back by icalendar, the summary and description read as written: commas,
    semicolons, backslashes and line breaks are escaped for iCalendar, never lost."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from icalendar import Calendar

    from exporters.calendar_invite import Invitation, describe, render
    from exporters.text import clean, lines, one_line
    from facilitator.calendar_plan import Meeting, SeriesPlan
    from facilitator.vocabulary import SessionStatus

    assume(lines(text))
    start = datetime(2026, 12, 3, 12, tzinfo=ZoneInfo("Europe/Berlin"))
    meeting = Meeting("a" * 32, start, 60, SessionStatus.PLANNED, text, text, (text,))
    invite = Invitation(
        community="AI Circle",
        timezone="Europe/Berlin",
        series_uid="series@cop",
        sequence=0,
        stamp=datetime(2026, 12, 1, tzinfo=UTC),
        plan=SeriesPlan(None, 0, (), (), (meeting,)),
        weekday=3,
        weeks=2,
        nth=None,
        agenda="Input 15 min",
    )
    (event,) = Calendar.from_ical(render(invite)).walk("VEVENT")
    assert str(event["summary"]) == one_line(f"AI Circle: {text}")
    assert str(event["description"]) == clean(describe(meeting, "Input 15 min"))
