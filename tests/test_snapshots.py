"""Screens as people see them, at fixed sizes with a frozen clock and the seeded sample.

Regenerate on purpose only: pytest tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from facilitator.services.demo import load_demo

from conftest import FROZEN_NOW
from tui_helpers import make_app

SIZES = [(80, 24), (120, 40)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare, db, size):
    load_demo(db, FROZEN_NOW)
    assert snap_compare(make_app(db), terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_roster(snap_compare, db, size):
    load_demo(db, FROZEN_NOW)
    assert snap_compare(make_app(db), terminal_size=size, press=["r"])


def test_onboarding(snap_compare, db):
    assert snap_compare(make_app(db), terminal_size=(80, 24))


def test_member_form(snap_compare, db):
    load_demo(db, FROZEN_NOW)
    assert snap_compare(make_app(db), terminal_size=(80, 24), press=["r", "e"])
