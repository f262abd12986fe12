"""Helpers for Pilot tests: a frozen-clock app on a real database, and typing text."""

from __future__ import annotations

from facilitator.app import CopApp
from facilitator.workspace import Workspace
from store.database import Database

from conftest import FROZEN_NOW


def make_app(db: Database) -> CopApp:
    return CopApp(Workspace(db, clock=lambda: FROZEN_NOW))


async def type_text(pilot, text: str) -> None:
    """Type as a person would, one key press per character."""
    await pilot.press(*text)
