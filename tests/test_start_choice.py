"""Which session `s` starts: the live one, today's planned one, one planned soon, or a new one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import select

from facilitator.errors import Conflict
from facilitator.live_session import LiveSession
from facilitator.services import live
from store.models import StudySession

from tui_helpers import FakeTime

LATE_NIGHT = datetime(2026, 11, 26, 23, 48, tzinfo=UTC)
"""00:48 on Friday 27 November in Berlin: the community meets on Thursdays at 12:00."""


@pytest.fixture
def circle(db, berlin_circle):
    return db


def sessions(db) -> list[StudySession]:
    with db.session() as s:
        return list(s.exec(select(StudySession).order_by(StudySession.scheduled_at)).all())


def test_a_new_session_starts_at_the_actual_time_not_the_meeting_time(circle):
    proposal = live.start_proposal(circle, None, LATE_NIGHT)
    assert proposal.session_id is None
    assert f"{proposal.scheduled_at:%Y-%m-%d %H:%M}" == "2026-11-27 00:48"
    session_id = live.begin_session(circle, None, LATE_NIGHT, "Ana Lima", None)
    (row,) = sessions(circle)
    assert row.id == session_id
    assert row.scheduled_at == datetime(2026, 11, 26, 23, 48, tzinfo=UTC)


def test_starting_twice_at_the_same_minute_is_refused(circle):
    first = live.begin_session(circle, None, LATE_NIGHT, "Ana Lima", None)
    LiveSession(circle, first, FakeTime(LATE_NIGHT).session_time()).end(None, None)
    proposal = live.start_proposal(circle, None, LATE_NIGHT)
    assert proposal.also_today == [f"00:48 ended ({first[:8]})"]
    with pytest.raises(Conflict, match="already a session at 2026-11-27 00:48"):
        live.begin_session(circle, None, LATE_NIGHT, "Ana Lima", None)
    assert len(sessions(circle)) == 1


def test_the_planned_session_of_the_coming_days_is_offered_and_moves_to_now(circle, cop):
    cop("session", "plan", "--date", "2026-12-03", "--topic", "Agents")
    proposal = live.start_proposal(circle, None, LATE_NIGHT)
    (planned,) = sessions(circle)
    assert proposal.session_id == planned.id
    assert f"{proposal.moved_from:%d %b %H:%M}" == "03 Dec 12:00"
    assert f"{proposal.scheduled_at:%d %b %H:%M}" == "27 Nov 00:48"
    assert proposal.topic == "Agents"
    assert live.begin_session(circle, None, LATE_NIGHT, "Ana Lima", None) == planned.id
    (row,) = sessions(circle)
    assert row.status == "live" and row.topic == "Agents"
    assert row.scheduled_at == datetime(2026, 11, 26, 23, 48, tzinfo=UTC)


def test_todays_planned_session_comes_before_one_of_the_coming_days(circle, cop):
    cop("session", "plan", "--date", "2026-12-03")
    cop("session", "plan", "--date", "2026-11-27 18:00")
    proposal = live.start_proposal(circle, None, LATE_NIGHT)
    assert proposal.moved_from is None
    assert f"{proposal.scheduled_at:%d %b %H:%M}" == "27 Nov 18:00"


def test_a_session_planned_beyond_the_coming_days_is_not_offered(circle, cop):
    cop("session", "plan", "--date", "2026-12-17")
    assert live.start_proposal(circle, None, LATE_NIGHT).session_id is None


def test_the_live_session_comes_first(circle, cop):
    cop("session", "plan", "--date", "2026-11-27 18:00")
    first = live.begin_session(circle, None, LATE_NIGHT, "Ana Lima", None)
    proposal = live.start_proposal(circle, None, LATE_NIGHT)
    assert proposal.session_id == first and proposal.status == "live"
