"""Community health measures on hand-built histories whose answers are worked out here."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from facilitator.errors import InvalidInput
from facilitator.insight_period import days_between, parse_quarter, quarter_of
from facilitator.services.communities import create_community
from facilitator.services.insights import attendance, regularity
from facilitator.services.roster import MemberFields, add_member
from facilitator.vocabulary import AttendanceStatus, SessionStatus
from store.models import Attendance, Community, Member, StudySession

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
Q4 = parse_quarter("2026Q4")


def test_quarters_parse_and_step_back():
    assert (Q4.first, Q4.last, Q4.label) == (date(2026, 10, 1), date(2026, 12, 31), "2026 Q4")
    assert parse_quarter(" 2026-q1 ").last == date(2026, 3, 31)
    assert Q4.before() == quarter_of(date(2026, 9, 30))
    assert parse_quarter("2026Q1").before().label == "2025 Q4"
    weeks = days_between(date(2026, 11, 1), date(2026, 11, 14))
    assert weeks.before() == days_between(date(2026, 10, 18), date(2026, 10, 31))
    with pytest.raises(InvalidInput, match="write it like 2026Q4"):
        parse_quarter("2026Q5")
    with pytest.raises(InvalidInput, match="ends"):
        days_between(date(2026, 2, 1), date(2026, 1, 1))


def test_the_quarter_starts_at_local_midnight():
    start, end = Q4.bounds(BERLIN)
    assert start == datetime(2026, 9, 30, 22, 0, tzinfo=UTC)  # CEST
    assert end == datetime(2026, 12, 31, 23, 0, tzinfo=UTC)  # CET


PEOPLE = ["Ana", "Ben", "Cleo", "Dev", "Eli"]
# (day, status, present): Sep 24 is before the quarter; Oct 15 was cancelled.
SESSIONS = [
    (date(2026, 9, 24), SessionStatus.ENDED, "Ana Ben Cleo Dev"),
    (date(2026, 10, 1), SessionStatus.ENDED, "Ana Ben"),
    (date(2026, 10, 8), SessionStatus.ENDED, "Ana Ben Cleo"),
    (date(2026, 10, 15), SessionStatus.CANCELLED, ""),
    (date(2026, 10, 29), SessionStatus.ENDED, "Ana"),
    (date(2026, 11, 5), SessionStatus.ENDED, "Ana Ben Eli"),
    (date(2026, 11, 12), SessionStatus.ENDED, ""),
    (date(2026, 12, 3), SessionStatus.PLANNED, ""),
]


@pytest.fixture
def circle(db):
    create_community(db, "Circle", "weekly on thursday", "12:00", "Europe/Berlin")
    for name in PEOPLE:
        add_member(db, None, MemberFields(name=name), date(2026, 1, 1))
    with db.session() as s:
        crow = s.exec(select(Community)).one()
        people = dict(s.exec(select(Member.name, Member.id)).all())
        s.get(Member, people["Eli"]).active = False
        for day, status, present in SESSIONS:
            row = StudySession(
                community_id=crow.id,
                scheduled_at=datetime.combine(day, time(12), tzinfo=BERLIN),
                status=status,
            )
            s.add(row)
            s.flush()
            for name in present.split():
                s.add(Attendance(session_id=row.id, member_id=people[name]))
            if day == date(2026, 10, 1):  # excused people are not present
                s.add(
                    Attendance(
                        session_id=row.id, member_id=people["Cleo"], status=AttendanceStatus.EXCUSED
                    )
                )
    return db


def test_regularity_counts_against_the_cadence(circle):
    with circle.session() as s:
        crow = s.exec(select(Community)).one()
        found = regularity(s, crow, Q4, NOW)
    # 14 Thursdays from 1 October to 31 December; the gap 8 → 29 October is the longest.
    assert (found.held, found.expected, found.cancelled) == (5, 14, 1)
    assert (found.longest_gap_days, found.cadence_days) == (21, 7)


def test_attendance_against_its_own_average(circle):
    with circle.session() as s:
        crow = s.exec(select(Community)).one()
        found = attendance(s, crow, Q4)
    assert found.average == pytest.approx(9 / 5)  # 2, 3, 1, 3 and an empty session
    assert found.own_average == pytest.approx(13 / 6)  # with 24 September's 4
    assert found.recent_average == pytest.approx(4 / 3)  # 12 Nov, 5 Nov, 29 Oct
    assert (found.participants, found.roster, found.share_of_roster) == (4, 4, 1.0)


def test_a_quarter_without_sessions(circle):
    with circle.session() as s:
        crow = s.exec(select(Community)).one()
        empty = parse_quarter("2025Q1")
        assert regularity(s, crow, empty, NOW).longest_gap_days is None
        found = attendance(s, crow, empty)
    assert (found.average, found.own_average, found.participants) == (None, None, 0)
