"""The history screen: read a past summary, save it as Markdown, publish it to Confluence."""

from __future__ import annotations

import io

import pytest
from confluence_server import PARENT_ID, FakeConfluence
from test_live_tui import plain
from textual.widgets import DataTable, Static

from facilitator.config import ConfluenceConfig, save_confluence
from screens.history import HistoryScreen
from screens.prompt import PromptScreen

from tui_helpers import exports_of, make_app, until


@pytest.fixture
def demo(demo_db):
    return demo_db


def status(app) -> str:
    return plain(app.screen.query_one("#status", Static).render())


def shown(app) -> str:
    """The summary as the screen draws it, in plain text."""
    from rich.console import Console

    console = Console(width=100, record=True, file=io.StringIO())
    console.print(app.screen.query_one("#summary-text", Static).content)
    return console.export_text().strip()


async def open_history(pilot, app) -> None:
    await pilot.pause()
    await pilot.press("h")
    await pilot.pause()
    assert isinstance(app.screen, HistoryScreen)


async def test_reading_and_saving_a_summary(demo, isolated_home):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_history(pilot, app)
        assert shown(app).startswith("AI Practice Circle — 2026-11-19: Measuring time saved")
        await pilot.press("down")
        await pilot.pause()
        assert "AI Practice Circle — 2026-11-05: Agents: hype and reality" in shown(app)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("enter")  # the default place
        await pilot.pause()
        saved = list(exports_of(demo, isolated_home).glob("*.md"))
        assert demo.location.path is None or saved[0].parent.parent == demo.location.path.parent
        assert [p.name[:10] for p in saved] == ["2026-11-05"]
        assert saved[0].read_text(encoding="utf-8").startswith("---\ncommunity: AI Practice")
        assert f"Saved to {saved[0]}" in status(app)


async def test_publishing_says_where_it_went_or_what_is_missing(demo, monkeypatch):
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_history(pilot, app)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Confluence is not set up" in status(app)
        with FakeConfluence("datacenter") as fake:
            save_confluence(ConfluenceConfig(fake.url, "datacenter", "AI", PARENT_ID))
            monkeypatch.setenv("COP_CONFLUENCE_TOKEN", fake.token)
            await pilot.press("p")
            await app.workers.wait_for_complete()
            await pilot.pause()
            [page_id] = [p for p in fake.pages if p != PARENT_ID]
            assert f"Published: {fake.url}/spaces/AI/pages/{page_id}" in status(app)
            await pilot.press("p")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert "Already up to date" in status(app)
            assert fake.violations == []


async def test_the_app_checks_publishing_as_the_cli_does(demo, monkeypatch):
    """Cloud without an e-mail is refused before anything is sent, as `cop export` does."""
    with FakeConfluence("cloud") as fake:
        save_confluence(ConfluenceConfig(fake.url, "cloud", "AI", PARENT_ID, email=None))
        monkeypatch.setenv("COP_CONFLUENCE_TOKEN", fake.token)
        app = make_app(demo)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_history(pilot, app)
            await pilot.press("p")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert "Confluence Cloud signs in with an e-mail" in status(app)
        assert fake.received == []


async def test_a_long_history_is_read_a_page_at_a_time(demo):
    """Sixty ended sessions: the list opens with the newest fifty and reads on at its end."""
    from datetime import timedelta

    from sqlmodel import select

    from screens.history import PAGE
    from store.models import Community, StudySession

    with demo.session() as s:
        community = s.exec(select(Community)).one()
        oldest = min(r.scheduled_at for r in s.exec(select(StudySession)).all())
        for weeks in range(1, 49):
            s.add(
                StudySession(
                    community_id=community.id,
                    scheduled_at=oldest - timedelta(weeks=weeks),
                    topic=f"Older session {weeks}",
                    status="ended",
                )
            )
    app = make_app(demo)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_history(pilot, app)
        table = app.screen.query_one("#sessions", DataTable)
        assert table.row_count == PAGE == 50
        await pilot.press(*["down"] * (PAGE - 1))
        await until(pilot, lambda: table.row_count == 60)
        await pilot.press(*["down"] * 10)
        await pilot.pause()
        assert "Older session 48" in shown(app)
