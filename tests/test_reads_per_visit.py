"""Each screen reads its data once per visit: not twice on opening, not on every keystroke."""

from __future__ import annotations

from collections import Counter

import pytest

from screens.home import HomeScreen
from screens.review import ReviewScreen

from tui_helpers import make_app, type_text, until_shown


def counting(app, *names: str) -> Counter:
    """Count calls of the named Workspace methods."""
    calls: Counter = Counter()
    for name in names:
        real = getattr(app.workspace, name)

        def counted(*args, _real=real, _name=name, **kwargs):
            calls[_name] += 1
            return _real(*args, **kwargs)

        setattr(app.workspace, name, counted)
    return calls


@pytest.fixture
def demo(demo_db):
    return demo_db


async def test_home_reads_its_overview_once_per_visit(demo):
    app = make_app(demo)
    calls = counting(app, "overview")
    async with app.run_test(size=(100, 30)) as pilot:
        await until_shown(pilot, HomeScreen)
        await pilot.pause()
        assert calls["overview"] == 1
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert calls["overview"] == 2  # back home: read again, once


async def test_the_review_reads_once_and_filters_what_it_read(demo):
    app = make_app(demo)
    calls = counting(app, "open_commitments", "follow_through")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f")
        await pilot.pause()
        await type_text(pilot, "Chen Wei")
        await pilot.press("enter")  # who is reviewing: their departments first, no new read
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("slash")
        await type_text(pilot, "Sales")
        await pilot.pause()
        assert calls == Counter({"open_commitments": 1, "follow_through": 1})
