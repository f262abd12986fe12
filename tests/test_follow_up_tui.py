"""The opening check-in on earlier commitments, during a running session, by keys."""

from __future__ import annotations

from datetime import date

from sqlmodel import select
from test_followup import held
from test_live_tui import countdown, plain
from textual.widgets import Static

from facilitator.live_session import LiveSession
from facilitator.services import live
from screens.agenda import AgendaScreen
from screens.checkin import CheckInScreen
from screens.follow_up import FollowUpScreen
from store.models import CommitmentReview, Member

from conftest import FROZEN_NOW
from tui_helpers import FakeTime, make_app, type_text, until


async def test_check_in_on_earlier_commitments_while_the_clock_runs(berlin_circle, db):
    held(db, date(2026, 11, 5), {"Ana Lima": ["Rubric prompt"], "Ben Okafor": ["Summaries"]})
    held(db, date(2026, 11, 12), {"Chen Wei": ["Job ad rewrite"]})
    fake = FakeTime()
    session_id = live.begin_session(db, None, FROZEN_NOW, "Ana Lima", "Agents")
    app = make_app(db, fake)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("y")  # resume: the agenda opens on check-in
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        await type_text(pilot, "ben")  # the host, Ana, is already checked in
        await pilot.press("space")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, FollowUpScreen)  # Chen is not here: not asked
        rows = app.screen.query_one("#open").row_count
        assert rows == 2
        fake.advance(65)
        await until(pilot, lambda: countdown(app) == "13:55")
        assert countdown(app) == "13:55"  # the clock runs behind the check-in
        await pilot.press("d")  # Ana: done
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "only one thread")
        await pilot.press("enter", "p")  # Ben: partly, with a note
        await pilot.pause()
        assert "All reviewed (2 this time)" in plain(app.screen.query_one("#message").render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        assert plain(app.screen.query_one("#talk", Static).render()).strip() == ""
        await pilot.press("e")  # from Input: cop warns that Handoff would be skipped
        await pilot.pause()
        assert "Close during Input?" in plain(app.screen.query_one("#question").render())
        await pilot.press("y")
        await pilot.pause()
        summary = plain(app.screen.query_one("#summary", Static).content)
        assert "Follow-up (2)" in summary
        assert "Ben Okafor: Summaries (partly) — only one thread" in summary
    assert LiveSession(db, session_id, fake.session_time()).reading().running  # never paused
    with db.session() as s:
        reviews = s.exec(select(CommitmentReview).order_by(CommitmentReview.reviewed_at)).all()
        host = s.get(Member, reviews[0].reviewer_id).name
    assert [(r.outcome, r.note) for r in reviews] == [("done", None), ("partly", "only one thread")]
    assert {r.session_id for r in reviews} == {session_id} and host == "Ana Lima"
