"""A second community: commands keep working with a default chosen by `cop community use`."""

from __future__ import annotations

import pytest

from facilitator.app import CopApp
from screens.home import HomeScreen

from tui_helpers import make_app


@pytest.fixture
def two(cop, berlin_circle):
    assert cop("community", "create", "Data Guild", "--cadence", "weekly on monday").code == 0
    assert cop("roster", "add", "Dana Lee", "-c", "Data Guild").code == 0


def test_without_a_default_a_second_community_asks_which(cop, two):
    result = cop("roster", "list")
    assert result.code == 2
    assert "pass --community NAME, or choose the default with `cop community use NAME`" in (
        result.err
    )


def test_community_use_sets_the_default_for_every_command(cop, two):
    result = cop("community", "use", "data guild")
    assert result.code == 0 and "Data Guild is now the default community." in result.out
    listed = cop("roster", "list", "--json")
    assert listed.code == 0 and "Dana Lee" in listed.out and "Ana Lima" not in listed.out
    assert cop("roster", "list", "-c", "Circle").code == 0  # naming one still wins
    assert "yes" in cop("community", "list").out
    assert cop("community", "use", "Data Gild").code == 2  # a typo is refused, with a hint
    assert "did you mean 'Data Guild'" in cop("community", "use", "Data Gild").err


async def test_switching_in_the_palette_makes_the_default(db, cop, two):
    app: CopApp = make_app(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.workspace.current_community() == "Circle"
        app.switch("Data Guild")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert cop("roster", "list", "--json").out.count("Dana Lee") == 1
    again = make_app(db)
    assert again.workspace.current_community() == "Data Guild"
