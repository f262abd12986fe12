"""Helpers for Pilot tests: a frozen-clock app on a real database, and typing text."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from facilitator.app import CopApp
from facilitator.session_time import SessionTime
from facilitator.workspace import Workspace
from store.database import Database

from conftest import FROZEN_NOW


class FakeTime:
    """A wall clock and a monotonic clock that move only when a test says so."""

    def __init__(self, start: datetime = FROZEN_NOW) -> None:
        self.wall_now = start
        self.mono_now = 1000.0

    def wall(self) -> datetime:
        return self.wall_now

    def monotonic(self) -> float:
        return self.mono_now

    def advance(self, seconds: float) -> None:
        """Time passes normally: both clocks move."""
        self.wall_now += timedelta(seconds=seconds)
        self.mono_now += seconds

    def sleep(self, seconds: float) -> None:
        """The laptop sleeps: the wall clock moves, the monotonic clock does not."""
        self.wall_now += timedelta(seconds=seconds)

    def session_time(self) -> SessionTime:
        return SessionTime(self.wall, self.monotonic)


def make_app(
    db: Database,
    fake: FakeTime | None = None,
    start: bool = False,
    when: str | None = None,
    theme: str | None = None,
) -> CopApp:
    fake = fake or FakeTime()
    workspace = Workspace(db, clock=fake.wall, time=fake.session_time())
    return CopApp(workspace, start=start, when=when, theme_option=theme)


async def type_text(pilot, text: str) -> None:
    """Type as a person would, one key press per character."""
    await pilot.press(*text)


async def until(pilot, condition, limit_seconds: float = 20.0) -> None:
    """Let the app run until `condition()` holds (the agenda repaints on an interval).

    Waits on the condition, never for a fixed time, so a busy machine only makes it slower;
    the limit only keeps a broken test from hanging, and the assertion after it says what
    was expected.
    """
    app = pilot.app
    waited = 0.0
    while not condition() and waited < limit_seconds and app._exception is None:
        await pilot.pause(0.05)
        waited += 0.05
    # A condition that never holds is a wrong test, not a slow machine: say so here
    # instead of waiting out the limit and passing on by chance, with what the app shows.
    assert condition(), (
        f"waited {waited:g} of {limit_seconds:g} s and the condition still does not hold; "
        f"{where_the_app_is(app)}"
    )


def where_the_app_is(app) -> str:
    """The screens, the messages shown and any crash: what a failing wait needs to say."""
    shown = [str(n.message) for n in app._notifications]
    stack = [type(screen).__name__ for screen in app.screen_stack]
    return f"screens {stack}, messages {shown}, crashed with {app._exception!r}"


async def until_shown(pilot, screen_type: type) -> None:
    """Let the app run until a `screen_type` screen is on top and mounted (its widgets
    composed and its keys live): being pushed is not yet being there."""
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, screen_type) and app.screen.is_mounted)


def exports_of(db: Database, home: Path) -> Path:
    """Where the app saves documents: next to the database file, or (on a server) in the
    user data folder."""
    path = db.location.path
    return path.parent / "exports" if path is not None else home / "data" / "cop" / "exports"
