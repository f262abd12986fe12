"""The Insights screen (i on home) and the warning count on home, pressed as a person would."""

from __future__ import annotations

import io

import pytest
from confluence_server import PARENT_ID, FakeConfluence
from test_insights import circle  # noqa: F401  (the hand-built history, as a fixture)
from test_live_tui import plain
from textual.widgets import Sparkline, Static

from exporters import insight_markdown
from facilitator.config import ConfluenceConfig, save_confluence
from facilitator.insight_period import parse_quarter
from facilitator.services.insight_report import active_warnings, insight_report
from screens.home import HomeScreen
from screens.insights import InsightsScreen
from screens.prompt import PromptScreen

from conftest import FROZEN_NOW
from tui_helpers import exports_of, make_app, type_text, until, until_shown


@pytest.fixture
def demo(demo_db):
    return demo_db


def text_of(app, selector: str) -> str:
    from rich.console import Console

    console = Console(width=300, record=True, file=io.StringIO())
    console.print(app.screen.query_one(selector, Static).content)
    return console.export_text()


def keys(app) -> str:
    return plain(app.screen.query_one("KeyBar", Static).render())


async def open_insights(pilot, app) -> None:
    await until_shown(pilot, HomeScreen)
    await pilot.press("i")
    await until_shown(pilot, InsightsScreen)
    await pilot.pause()


async def test_insights_show_the_quarter_and_step_through_quarters(demo):
    app = make_app(demo)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_insights(pilot, app)
        title = text_of(app, "#insights-title")
        assert "2026 Q4: 01 Oct – 31 Dec 2026  (so far)" in title
        report = insight_report(demo, None, parse_quarter("2026Q4"), FROZEN_NOW)
        chart = app.screen.query_one("#chart-attendance", Sparkline)
        assert list(chart.data) == [p.people for p in report.sessions]
        figures = text_of(app, "#figures-attendance").strip()
        assert figures == " ".join(str(p.people) for p in report.sessions)
        headlines = text_of(app, "#headlines")
        assert "Sessions held" in headlines and "2026 Q3" in headlines
        assert "Launch checklist: " in text_of(app, "#checklist")
        assert "Quarter before" in keys(app) and "Quarter after" not in keys(app)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "2026 Q3: 01 Jul – 30 Sep 2026" in text_of(app, "#insights-title")
        assert "Quarter after" in keys(app)
        await pilot.press("left_square_bracket", "right_square_bracket")
        await pilot.pause()
        assert "2026 Q3" in text_of(app, "#insights-title")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "2026 Q4" in text_of(app, "#insights-title")
        await pilot.press("right_square_bracket")  # no quarter still to come
        await pilot.pause()
        assert "2026 Q4" in text_of(app, "#insights-title")
        await pilot.press("escape")
        await until_shown(pilot, HomeScreen)


async def test_warnings_show_with_their_evidence_and_the_count_on_home(circle):  # noqa: F811
    expected = active_warnings(circle, None, FROZEN_NOW)
    assert len(expected) >= 2  # the hand-built quarter has several
    app = make_app(circle)
    async with app.run_test(size=(100, 40)) as pilot:
        await until_shown(pilot, HomeScreen)
        await until(pilot, lambda: "…" not in text_of(app, "#stats"))
        stats = text_of(app, "#stats")
        assert f"Warning signs    {len(expected):>3}" in stats and "i for insights" in stats
        await pilot.press("i")
        await until_shown(pilot, InsightsScreen)
        await pilot.pause()
        shown = text_of(app, "#warnings")
        assert f"Warning signs ({len(expected)})" in shown
        for warning in expected:
            assert warning.evidence in " ".join(shown.split())
        assert "missed the latest 4 sessions: Dev" in shown


async def test_a_quarter_without_sessions_says_so(circle):  # noqa: F811
    app = make_app(circle)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_insights(pilot, app)
        for _ in range(3):  # back to 2026 Q1, before the first session
            await pilot.press("left_square_bracket")
            await pilot.pause()
        assert "2026 Q1" in text_of(app, "#insights-title")
        assert text_of(app, "#figures-attendance").strip() == "no session held"
        assert not app.screen.query_one("#chart-attendance", Sparkline).display


async def test_x_saves_the_report_as_markdown(demo, isolated_home):
    app = make_app(demo)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_insights(pilot, app)
        for _ in range(2):
            await pilot.press("x")
            await until_shown(pilot, PromptScreen)
            await pilot.press("enter")  # the default place, next to the database
            await until_shown(pilot, InsightsScreen)
            await pilot.pause()
        target = exports_of(demo, isolated_home) / "ai-practice-circle-insights-2026-q4.md"
        assert f"{target} was already up to date" in text_of(app, "#status")
        report = insight_report(demo, None, parse_quarter("2026Q4"), FROZEN_NOW)
        assert target.read_text(encoding="utf-8") == insight_markdown.render(report)


async def test_p_publishes_the_quarter_once(demo, monkeypatch):
    app = make_app(demo)
    async with app.run_test(size=(100, 40)) as pilot:
        await open_insights(pilot, app)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Confluence is not set up" in text_of(app, "#status")
        with FakeConfluence("datacenter") as fake:
            save_confluence(ConfluenceConfig(fake.url, "datacenter", "AI", PARENT_ID))
            monkeypatch.setenv("COP_CONFLUENCE_TOKEN", fake.token)
            await pilot.press("p")
            await app.workers.wait_for_complete()
            await pilot.pause()
            [page_id] = [p for p in fake.pages if p != PARENT_ID]
            assert f"Published: {fake.url}/spaces/AI/pages/{page_id}" in text_of(app, "#status")
            assert fake.pages[page_id]["title"] == "AI Practice Circle — Insights 2026 Q4"
            checklist = " ".join(text_of(app, "#checklist").split())
            assert "the report for 2026 Q4 is published" in checklist
            await pilot.press("p")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert "Already up to date" in text_of(app, "#status")
            assert fake.violations == []


async def test_the_palette_opens_insights_and_the_library(demo):
    from screens.library import LibraryScreen

    app = make_app(demo)
    async with app.run_test(size=(100, 30)) as pilot:
        await until_shown(pilot, HomeScreen)
        for name, screen in (("Insights", InsightsScreen), ("Library", LibraryScreen)):
            await pilot.press("ctrl+p")
            await pilot.pause()
            await type_text(pilot, name)
            await pilot.pause()
            await pilot.press("enter")
            await until_shown(pilot, screen)
            await pilot.press("escape")
            await until_shown(pilot, HomeScreen)
