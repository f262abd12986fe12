"""Readable by everyone in the room: the themes and how one is chosen, reduced motion,
no colour, and every state that has a colour also said in words or a symbol."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from test_live_tui import plain
from test_snapshots import live_at, resume
from textual.widgets import Input, Static

from facilitator.display import (
    COP_THEMES,
    TEXTUAL_THEMES,
    THEMES,
    chosen_theme,
    reduced_motion,
    save_display,
)
from facilitator.errors import InvalidInput
from screens.agenda import AgendaScreen
from screens.format import clock_words

from conftest import SERVER_URL
from tui_helpers import make_app, until, until_shown


def test_cop_knows_every_theme_textual_has_and_its_own():
    from textual.theme import BUILTIN_THEMES

    assert set(TEXTUAL_THEMES) == set(BUILTIN_THEMES)
    assert set(THEMES) == set(BUILTIN_THEMES) | set(COP_THEMES)


def test_the_theme_is_chosen_by_option_then_variables_then_the_saved_one():
    assert chosen_theme(None, {}) == ("textual-dark", True)
    save_display(theme="cop-contrast-light")
    assert chosen_theme(None, {}) == ("cop-contrast-light", True)
    assert chosen_theme(None, {"TEXTUAL_THEME": "nord"}) == ("nord", False)
    env = {"TEXTUAL_THEME": "nord", "COP_THEME": "cop-contrast-dark"}
    assert chosen_theme(None, env) == ("cop-contrast-dark", False)
    assert chosen_theme("dracula", env) == ("dracula", False)
    with pytest.raises(InvalidInput, match="COP_THEME 'neon' is not one cop knows"):
        chosen_theme(None, {"COP_THEME": "neon"})


def test_cop_config_theme_and_motion(cop, berlin_circle):
    assert cop("config", "theme", "cop-contrast-dark").code == 0
    listed = cop("config", "theme").out
    assert "* cop-contrast-dark  (high contrast)" in listed and "  ansi-light" in listed
    bad = cop("config", "theme", "neon")
    assert bad.code == 2 and "choose one of cop-contrast-dark" in bad.err
    assert cop("--theme", "neon", "roster", "list").code == 2
    assert cop("config", "motion", "reduced").code == 0
    assert reduced_motion({}) is True
    assert cop("config", "motion", "slow").code == 2


async def test_a_theme_picked_in_the_app_is_kept_but_not_one_given_for_the_run(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "cop-contrast-light"  # what the palette's theme picker does
        await pilot.pause()
    assert chosen_theme(None, {}) == ("cop-contrast-light", True)
    given = make_app(demo_db, theme="nord")
    async with given.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert given.theme == "nord"
        given.theme = "dracula"
        await pilot.pause()
    assert chosen_theme(None, {}) == ("cop-contrast-light", True)


async def test_reduced_motion_stops_animation_and_blinking(demo_db, monkeypatch):
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.animation_level == "none"
        await pilot.press("r")  # the roster, with its filter box
        await pilot.press("slash")
        await until(pilot, lambda: isinstance(app.focused, Input))
        assert app.focused.cursor_blink is False


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (121, ""),
        (120, "2 min left"),
        (61, "2 min left"),
        (60, "1 min left"),
        (0.5, "1 min left"),
        (0, "OVER 0:00"),
        (-80, "OVER 1:20"),
    ],
)
def test_the_clocks_colour_is_said_in_words(seconds, words):
    assert clock_words(seconds) == words


@pytest.mark.parametrize(
    ("part", "seconds_in", "talk", "said"),
    [
        (0, 17 * 60, False, "Input  ·  15 min  ·  OVER 2:00"),
        (1, 23 * 60 + 10, False, "Practice sharing  ·  25 min  ·  2 min left"),
        (1, 6 * 60 + 5, True, "Talk  Chen Wei  ·  OVER 1:05"),
    ],
)
async def test_the_agenda_says_what_its_colours_mean(demo_db, part, seconds_in, talk, said):
    fake = live_at(demo_db, part, seconds_in, talk)
    app = make_app(demo_db, fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await resume(pilot)
        await until_shown(pilot, AgendaScreen)
        await until(
            pilot, lambda: said in plain(app.screen.query_one("#part-name", Static).render())
        )


def test_with_no_color_no_command_prints_colour(cop, demo_db, db_path, tmp_path):
    """Forced to a terminal's colours, a warning is yellow; told NO_COLOR too, no command
    prints a colour escape, and the words are all there ("warning: …")."""
    colour = re.compile(r"\x1b\[[0-9;]*(3[0-9]|4[0-9]|9[0-7]|10[0-7])[0-9;]*m")

    def run(*args: str, no_color: bool) -> str:
        env = {**os.environ, "FORCE_COLOR": "1"}
        env.pop("COP_NOW", None)
        if no_color:
            env["NO_COLOR"] = "1"
        if not SERVER_URL:
            env["COP_DB"] = str(db_path)
        done = subprocess.run(
            [sys.executable, "-m", "facilitator", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        return done.stdout + done.stderr

    coloured = run("invite", "-o", str(tmp_path / "a.ics"), no_color=False)
    assert colour.search(coloured) and "warning: " in coloured  # the check can see colour
    plain_text = run("invite", "-o", str(tmp_path / "b.ics"), no_color=True)
    assert not colour.search(plain_text) and "warning: " in plain_text
    for args in (["roster", "list"], ["followup", "list"], ["report"], ["topic", "list"]):
        assert not colour.search(run(*args, no_color=True)), args


async def test_every_coloured_state_also_has_words(demo_db):
    """A talk's state, an overdue commitment and an inactive member read as words in the
    app, whatever the colours: the styles only repeat them."""
    from datetime import timedelta

    from textual.widgets import DataTable

    from screens.review import ReviewScreen
    from screens.roster import RosterScreen

    from conftest import FROZEN_NOW
    from tui_helpers import FakeTime

    def cells(app, selector: str) -> str:
        table = app.screen.query_one(selector, DataTable)
        return " ".join(plain(cell) for i in range(table.row_count) for cell in table.get_row_at(i))

    from sqlmodel import select

    from store.models import Member

    with demo_db.session() as s:
        gone = s.exec(select(Member).where(Member.name == "Liam O'Brien")).one()
        gone.active = False
        s.add(gone)
    late = FakeTime(FROZEN_NOW + timedelta(days=30))  # the sample's commitments are overdue
    app = make_app(demo_db, late)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"Chen Wei", "enter")  # who reviews
        await until_shown(pilot, ReviewScreen)
        await until(pilot, lambda: "overdue" in cells(app, "#open"))
        await pilot.press("escape")
        await pilot.press("r")
        await until_shown(pilot, RosterScreen)
        await pilot.press("i")  # inactive members too
        await until(pilot, lambda: "(inactive)" in cells(app, "#members"))
    fake = live_at(demo_db, 1, 60, talk=True)
    app = make_app(demo_db, fake)
    async with app.run_test(size=(120, 40)) as pilot:
        await resume(pilot)
        await pilot.press("l")
        await until(pilot, lambda: "running" in cells(app, "#queue"))
