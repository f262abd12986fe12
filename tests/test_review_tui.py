"""The champions' review screen: bulk marking, filters, a person's history, nudges."""

from __future__ import annotations

import pytest
from sqlmodel import select
from test_live_tui import plain
from textual.widgets import DataTable, Static

from screens.prompt import PromptScreen
from screens.review import HistoryOfScreen, ReviewScreen
from store.models import CommitmentReview, Member

from tui_helpers import make_app, type_text


@pytest.fixture
def demo(demo_db):
    return demo_db


def owners(app) -> list[str]:
    table = app.screen.query_one("#open", DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


async def open_review(pilot, app, reviewer: str) -> None:
    await pilot.pause()
    await pilot.press("f")
    await pilot.pause()
    assert isinstance(app.screen, PromptScreen)
    await type_text(pilot, reviewer)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)


async def test_bulk_marking_filters_history_and_nudges(demo):
    app = make_app(demo)
    async with app.run_test(size=(120, 36)) as pilot:
        await open_review(pilot, app, "Elif Demir")  # a Sales champion
        assert owners(app)[0] == "Farid Haddad"  # her department first
        assert len(owners(app)) == 5
        rates = plain(app.screen.query_one("#rates", Static).render())
        assert (
            "Reviewing as Elif Demir" in rates
            and "Follow-through over 12 months: Engineering" in rates
        )

        await pilot.press("space", "space")  # select the first two
        await pilot.press("x")  # dropped, both at once
        await pilot.pause()
        assert len(owners(app)) == 3
        assert "Marked 2 dropped." in plain(app.screen.query_one("#rates", Static).render())

        await pilot.press("slash")
        await type_text(pilot, "market")
        await pilot.press("enter")
        await pilot.pause()
        assert owners(app) == ["Hugo Martin", "Jonas Berg"]
        await pilot.press("up", "y")
        await pilot.pause()
        assert app.clipboard.startswith("Hi Hugo, a quick nudge from AI Practice Circle")
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, HistoryOfScreen)
        shown = plain(app.screen.query_one("#person", Static).render())
        assert shown.startswith("Hugo Martin\nMade ") and "[open]" in shown
        await pilot.press("escape", "o")
        await pilot.pause()
        assert owners(app) == []  # nothing is overdue yet
    with demo.session() as s:
        reviews = s.exec(select(CommitmentReview).where(CommitmentReview.outcome == "dropped"))
        marked = list(reviews.all())
        elif_id = s.exec(select(Member.id).where(Member.name == "Elif Demir")).one()
    recent = [r for r in marked if r.reviewer_id == elif_id]
    assert len(recent) == 2
