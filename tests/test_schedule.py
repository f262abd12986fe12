"""The schedule from the command line: plan a period, start early, miss one, cancel the next."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from facilitator.services import live, schedule
from facilitator.services.communities import community_row
from store.models import StudySession

from conftest import FROZEN_NOW

Q1 = ["Thu 2027-01-07", "Thu 2027-01-21", "Thu 2027-02-04", "Thu 2027-02-18", "Thu 2027-03-04"]


def planned_days(cop) -> list[str]:
    listed = json.loads(cop("session", "list", "--json").out)
    return sorted(s["scheduled_at"][:10] for s in listed if s["status"] == "planned")


def at(cop, monkeypatch, moment: datetime) -> None:
    monkeypatch.setenv("COP_NOW", moment.isoformat())


def test_planning_a_quarter_plans_each_free_cadence_date_once(cop, berlin_circle):
    first = cop("session", "plan", "--quarter", "2027Q1")
    assert first.code == 0, first.err
    assert "Planned 6 sessions for 2027 Q1:" in first.out
    for day in [*Q1, "Thu 2027-03-18"]:
        assert day in first.out
    again = cop("session", "plan", "--quarter", "2027q1")
    assert again.code == 0 and "Nothing to plan for 2027 Q1" in again.out
    assert "Left out (already planned or held): Thu 07 Jan, Thu 21 Jan" in again.out
    assert len(planned_days(cop)) == 6
    assert cop("session", "cancel", "2027-02-04").code == 0
    third = cop("session", "plan", "--from", "2027-01-01", "--to", "2027-02-28")
    assert "Left out (cancelled): Thu 04 Feb" in third.out
    assert len(planned_days(cop)) == 5


def test_a_period_started_today_leaves_out_the_dates_already_past(cop, berlin_circle):
    assert cop("session", "plan", "--date", "2026-11-26").code == 0  # sets the phase
    result = cop("session", "plan", "--from", "2026-11-01", "--to", "2026-12-31")
    assert result.code == 0, result.err
    assert "Planned 2 sessions" in result.out  # 10 and 24 Dec
    assert "Left out (already planned or held): Thu 26 Nov" in result.out
    assert "Left out (already past): Thu 12 Nov" in result.out
    assert planned_days(cop) == ["2026-11-26", "2026-12-10", "2026-12-24"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2027-03-01", "--to", "2027-01-01"], "the period ends (2027-01-01) before"),
        (["--from", "2027-01-01", "--to", "2029-06-30"], "is longer than two years"),
        (["--quarter", "2025Q1"], "the period 2025-01-01 – 2025-03-31 is in the past"),
        (["--from", "2026-01-01", "--to", "2026-11-20"], "is in the past"),
        (["--quarter", "2027Q5"], "--quarter '2027Q5' is not a quarter"),
        (["--quarter", "2027Q1", "--from", "2027-01-01"], "either --quarter or --from/--to"),
        (["--from", "2027-01-01"], "needs both --from and --to"),
        (["--from", "soon", "--to", "later"], "write the days as YYYY-MM-DD"),
        (["--quarter", "2027Q1", "--topic", "x"], "leave out --date and --topic"),
    ],
)
def test_planning_a_bad_period_plans_nothing(cop, berlin_circle, args, message):
    result = cop("session", "plan", *args)
    assert result.code == 2, result
    assert message in result.err and result.err.count("\n") == 1
    assert "Traceback" not in result.err
    assert planned_days(cop) == []


def test_cancelling_with_nothing_planned_is_one_line(cop, berlin_circle):
    result = cop("session", "cancel")
    assert result.code == 2 and result.err.count("\n") == 1
    assert "no planned session to cancel" in result.err


def test_a_missed_session_is_never_the_next_and_cancel_names_the_next(
    cop, berlin_circle, monkeypatch
):
    """26 Nov was planned and never held; on 5 Dec the next is 10 Dec."""
    assert cop("session", "plan", "--date", "2026-11-26", "--topic", "Missed").code == 0
    assert cop("session", "plan", "--date", "2026-12-10", "--topic", "Next").code == 0
    at(cop, monkeypatch, datetime(2026, 12, 5, 9, 0, tzinfo=FROZEN_NOW.tzinfo))
    cancelled = cop("session", "cancel")
    assert cancelled.code == 0
    assert "Cancelled the session of Thu 2026-12-10 12:00 — Next" in cancelled.out
    listed = {s["topic"]: s["status"] for s in json.loads(cop("session", "list", "--json").out)}
    assert listed == {"Missed": "planned", "Next": "cancelled"}


def test_starting_two_days_early_uses_up_that_date(cop, berlin_circle, db):
    """The issue as a room saw it: on Tue 1 Dec the Thu 3 Dec session is started."""
    assert cop("session", "plan", "--date", "2026-12-03").code == 0
    tuesday = datetime(2026, 12, 1, 11, 0, tzinfo=FROZEN_NOW.tzinfo)
    proposal = live.start_proposal(db, None, tuesday)
    assert proposal.moved_from is not None and proposal.moved_from.date() == date(2026, 12, 3)
    session_id = live.begin_session(db, None, tuesday, "Ana Lima", None)
    info = live.session_info(db, session_id)
    assert info.default_due == date(2026, 12, 17)  # not "due 03 Dec"
    live.end_session(db, session_id, tuesday + timedelta(hours=1), None, "Agents", None)
    with db.session() as s:
        crow = community_row(s, None)
        upcoming = schedule.next_session(s, crow, tuesday + timedelta(hours=2))
        assert upcoming.row is not None and upcoming.row.topic == "Agents"
        assert upcoming.at.date() == date(2026, 12, 17)
    start_again = live.start_proposal(db, None, tuesday + timedelta(hours=2))
    assert start_again.moved_from is None  # not "Start the 03 Dec session now?" again
    assert planned_days(cop) == ["2026-12-17"]


def test_invite_names_the_command_that_plans_the_missing_dates(cop, berlin_circle, tmp_path):
    assert cop("session", "plan", "--date", "2027-01-07").code == 0
    result = cop("invite", "--quarter", "2027Q1", "-o", str(tmp_path / "q1.ics"))
    assert result.code == 0, result.err
    assert "5 cadence dates of 2027 Q1 have no session" in result.err
    assert "cop session plan --quarter 2027Q1" in result.err
    nothing = cop("invite", "--quarter", "2027Q2", "-o", str(tmp_path / "q2.ics"))
    assert nothing.code == 2 and "cop session plan --quarter 2027Q2" in nothing.err


async def test_the_app_plans_a_quarter_and_home_shows_what_is_missed(
    db, berlin_circle, cop, monkeypatch
):
    from test_live_tui import plain
    from textual.widgets import Input

    from screens.home import HomeScreen
    from screens.plan_form import PlanFormScreen

    from tui_helpers import FakeTime, make_app, type_text, until, until_shown

    at(cop, monkeypatch, FROZEN_NOW - timedelta(days=10))
    assert cop("session", "plan", "--date", "2026-11-19", "--topic", "Missed").code == 0
    at(cop, monkeypatch, FROZEN_NOW)
    app = make_app(db, FakeTime())
    async with app.run_test(size=(80, 24)) as pilot:
        await until_shown(pilot, HomeScreen)
        shown = plain(app.screen.query_one("#next-session").render())
        assert "Missed: Thu 19 Nov" in shown and "cop session cancel 2026-11-19" in shown
        await pilot.press("p")
        await until_shown(pilot, PlanFormScreen)
        app.screen.query_one("#period", Input).focus()
        await type_text(pilot, "2027Q1")
        await pilot.press("enter")
        await until_shown(pilot, HomeScreen)
        await until(
            pilot, lambda: "Next session" in plain(app.screen.query_one("#next-session").render())
        )
    assert len(planned_days(cop)) == 1 + 6  # the missed one and 2027 Q1's six


def test_an_invitation_shows_a_session_held_early_in_its_own_place(
    cop, berlin_circle, db, tmp_path
):
    import icalendar

    assert cop("session", "plan", "--from", "2026-12-01", "--to", "2027-01-31").code == 0
    tuesday = datetime(2026, 12, 1, 11, 0, tzinfo=FROZEN_NOW.tzinfo)  # Thu 3 Dec, held early
    session_id = live.begin_session(db, None, tuesday, "Ana Lima", None)
    live.end_session(db, session_id, tuesday + timedelta(hours=1), None, None, None)
    target = tmp_path / "dec.ics"
    assert cop("invite", "--from", "2026-12-01", "--to", "2027-01-31", "-o", str(target)).code == 0
    events = icalendar.Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    moved = [e for e in events if "RECURRENCE-ID" in e]
    held = [e for e in moved if e["RECURRENCE-ID"].dt.date() == date(2026, 12, 3)]
    assert len(held) == 1 and held[0]["DTSTART"].dt.date() == date(2026, 12, 1)
    assert not [e for e in events if "RRULE" not in e and "RECURRENCE-ID" not in e]  # no extra


@pytest.mark.parametrize("then", ["held", "planned"])
def test_commitments_follow_the_group_to_its_next_meeting_after_dates_nobody_met_on(
    cop, berlin_circle, db, monkeypatch, then
):
    """Held on Thu 3 Dec, Ana's commitment is due on 17 Dec. Nobody meets on 17 or 31 Dec;
    the next session (held on 14 Jan, or planned for it on 5 Jan) is where it is due now,
    as if those dates had been cancelled."""
    from facilitator.services.captures import add_commitment
    from facilitator.services.followup import list_open

    thursday = datetime(2026, 12, 3, 11, 0, tzinfo=FROZEN_NOW.tzinfo)
    first = live.begin_session(db, None, thursday, "Ana Lima", None)
    due = live.session_info(db, first).default_due
    assert due == date(2026, 12, 17)
    add_commitment(db, first, "Ana Lima", "Try it", due, None, None, mark_present=True)
    live.end_session(db, first, thursday + timedelta(hours=1), None, None, None)
    january = datetime(2027, 1, 14, 11, 0, tzinfo=FROZEN_NOW.tzinfo)
    if then == "held":
        later = live.begin_session(db, None, january, None, None)
    else:
        at(cop, monkeypatch, january - timedelta(days=9))
        assert cop("session", "plan", "--date", "2027-01-14").code == 0
    with db.session() as s:
        crow = community_row(s, None)
        row = s.get(StudySession, first)
        assert schedule.following(s, crow, row).due_on == date(2027, 1, 14)
    [open_one] = list_open(db, None, date(2027, 1, 5))
    assert open_one.due_on == date(2027, 1, 14)
    if then == "held":
        assert live.session_info(db, later).default_due == date(2027, 1, 28)
