"""The pure measures of a community's health (facilitator.insight_data), each at its edges:
what the insights service computes from the database is checked in test_insights."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.insight_data import (
    Applying,
    Learning,
    Regularity,
    SessionPoint,
    Turnout,
    absence_factor,
    longest_gap,
)
from facilitator.vocabulary import TakeawayKind

T0 = datetime(2026, 10, 1, 12, 0, tzinfo=UTC)


def _day(n: int) -> datetime:
    return T0 + timedelta(days=n)


@pytest.mark.parametrize(
    ("before", "held", "until", "gap"),
    [
        (None, [], _day(90), None),  # nothing held, nothing before: no gap to speak of
        (_day(-10), [], _day(20), 30),  # only the one before: from it to the end
        (None, [_day(0)], _day(14), 14),  # the last session to the end counts
        (None, [_day(0), _day(21)], _day(28), 21),
        (_day(-3), [_day(0), _day(7)], _day(8), 7),  # the session before the period counts
        (None, [_day(0), _day(13) + timedelta(hours=23)], _day(14), 13),  # whole days only
    ],
)
def test_the_longest_gap(before, held, until, gap):
    assert longest_gap(before, held, until) == gap


@given(st.lists(st.integers(0, 50), max_size=12))
def test_the_absence_factor_is_the_fewest_behind_half(counts):
    factor = absence_factor(counts)
    total = sum(counts)
    if total == 0:
        assert factor is None
        return
    most_first = sorted(counts, reverse=True)
    assert 2 * sum(most_first[:factor]) >= total  # they are behind half
    assert 2 * sum(most_first[: factor - 1]) < total  # and one fewer is not


@pytest.mark.parametrize(
    ("counts", "factor"), [([5, 5], 1), ([4, 3, 1], 1), ([3, 3, 3], 2), ([0, 0, 1], 1)]
)
def test_the_absence_factor_exactly_at_half(counts, factor):
    assert absence_factor(counts) == factor


def test_regularity_shows_extra_sessions_apart():
    plain = Regularity(held=4, expected=5, cancelled=1, longest_gap_days=14, cadence_days=14)
    assert (plain.shown, plain.sessions) == ("4 of 5", 4)
    extra = Regularity(4, 5, 0, 14, 14, extra=2)
    assert (extra.shown, extra.sessions) == ("4 of 5 (+2 extra)", 6)


def test_the_share_of_the_roster_counts_active_participants_only():
    turnout = Turnout(10.0, 9.0, 8.0, participants=12, roster=20, active_participants=10)
    assert turnout.share_of_roster == 0.5
    assert Turnout(None, None, None, participants=0, roster=0).share_of_roster is None


def test_prompts_and_workflows_add_up_and_default_to_none():
    both = Learning({TakeawayKind.PROMPT: 3, TakeawayKind.WORKFLOW: 2, TakeawayKind.TIP: 9}, 1)
    assert both.prompts_and_workflows == 5
    assert Learning({TakeawayKind.WORKFLOW: 2}, 0).prompts_and_workflows == 2
    assert Learning({TakeawayKind.PROMPT: 4}, 0).prompts_and_workflows == 4
    assert Learning({}, 0).prompts_and_workflows == 0


def test_follow_through_is_tried_over_resolved_and_none_without_any():
    applying = Applying(10, 0.5, tried=3, resolved=4, carried=0, without_commitments=0, stories=())
    assert applying.follow_through == 0.75
    none_yet = Applying(1, None, tried=0, resolved=0, carried=0, without_commitments=0, stories=())
    assert none_yet.follow_through is None
    point = SessionPoint(T0.date(), people=8, presenters=2, tried=1, resolved=4)
    assert point.follow_through == 0.25
    assert SessionPoint(T0.date(), 8, 2, 0, 0).follow_through is None
