"""The agenda clock: a pure function of stored events, checked by hand and against a model."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from facilitator.agenda_clock import (
    MIN_BUDGET_SECONDS,
    ClockEvent,
    PartPlan,
    propose_rebalance,
    read_clock,
)
from facilitator.session_time import SessionTime

from conftest import FROZEN_NOW
from tui_helpers import FakeTime

PARTS = [
    PartPlan("i", "Input", 15 * 60),
    PartPlan("p", "Practice sharing", 25 * 60),
    PartPlan("d", "Dialogue", 15 * 60),
    PartPlan("h", "Handoff", 5 * 60),
]
T0 = FROZEN_NOW


def at(seconds: float):
    return T0 + timedelta(seconds=seconds)


def test_before_the_start_nothing_runs():
    reading = read_clock(PARTS, [], at(100))
    assert not reading.started and not reading.running
    assert reading.remaining_seconds == 15 * 60
    assert propose_rebalance(reading) is None


def test_counts_down_from_the_start():
    reading = read_clock(PARTS, [ClockEvent("start", at(0), "i")], at(90))
    assert reading.running and reading.part.name == "Input"
    assert reading.remaining_seconds == 15 * 60 - 90
    assert reading.planned_end == at(60 * 60)
    assert reading.projected_end == at(60 * 60)


def test_paused_time_does_not_count_but_moves_the_projected_end():
    events = [
        ClockEvent("start", at(0), "i"),
        ClockEvent("pause", at(100)),
        ClockEvent("resume", at(400)),
    ]
    reading = read_clock(PARTS, events, at(500))
    assert reading.part.elapsed_seconds == 200
    assert reading.session_elapsed_seconds == 500
    assert reading.late_seconds == 300
    paused = read_clock(PARTS, events[:2], at(10_000))
    assert not paused.running and paused.part.elapsed_seconds == 100


def test_overtime_counts_up_past_zero():
    reading = read_clock(PARTS, [ClockEvent("start", at(0), "i")], at(15 * 60 + 75))
    assert reading.remaining_seconds == -75
    assert reading.overtime_seconds == 75
    assert reading.late_seconds == 75


def test_adjust_changes_only_the_budget_and_never_below_a_minute():
    events = [
        ClockEvent("start", at(0), "i"),
        ClockEvent("adjust", at(10), "i", delta_seconds=60),
        ClockEvent("adjust", at(20), "h", delta_seconds=-10_000),
    ]
    reading = read_clock(PARTS, events, at(30))
    assert reading.parts[0].budget_seconds == 16 * 60
    assert reading.parts[0].planned_seconds == 15 * 60
    assert reading.parts[3].budget_seconds == MIN_BUDGET_SECONDS
    assert reading.remaining_seconds == 16 * 60 - 30


def test_going_back_continues_the_earlier_part():
    events = [
        ClockEvent("start", at(0), "i"),
        ClockEvent("goto", at(600), "p"),
        ClockEvent("goto", at(700), "i"),
    ]
    reading = read_clock(PARTS, events, at(760))
    assert reading.part.name == "Input"
    assert reading.parts[0].elapsed_seconds == 660
    assert reading.parts[1].elapsed_seconds == 100


def test_a_talk_runs_inside_the_part_and_pauses_with_it():
    events = [
        ClockEvent("start", at(0), "i"),
        ClockEvent("goto", at(60), "p"),
        ClockEvent("talk_start", at(100), ref_id="talk-1"),
        ClockEvent("pause", at(160)),
        ClockEvent("resume", at(1000)),
    ]
    reading = read_clock(PARTS, events, at(1030))
    assert reading.talk_id == "talk-1"
    assert reading.talk_elapsed_seconds == 90
    ended = read_clock(
        PARTS, [*events, ClockEvent("talk_end", at(1040), ref_id="talk-1")], at(2000)
    )
    assert ended.talk_id is None


def test_time_asleep_can_be_taken_off():
    events = [ClockEvent("start", at(0), "i"), ClockEvent("sleep", at(900), delta_seconds=600)]
    assert read_clock(PARTS, events, at(900)).part.elapsed_seconds == 300


def test_the_end_freezes_the_clock():
    events = [ClockEvent("start", at(0), "i"), ClockEvent("end", at(3000))]
    reading = read_clock(PARTS, events, at(9000))
    assert reading.ended and not reading.running
    assert reading.session_elapsed_seconds == 3000
    assert reading.parts[0].elapsed_seconds == 3000


def test_rebalance_spreads_the_cuts_and_never_touches_handoff():
    # 10 minutes of overtime in Input: the rest must give 10 minutes back.
    reading = read_clock(PARTS, [ClockEvent("start", at(0), "i")], at(25 * 60))
    proposal = propose_rebalance(reading)
    assert proposal is not None and proposal.late_seconds == 600
    cut = dict(proposal.cuts)
    assert 3 not in cut  # Handoff
    assert 0 not in cut  # Input has no time left to give
    assert sum(cut.values()) == 600 and proposal.still_late_seconds == 0
    assert cut[1] > cut[2]  # the longer part gives more


def test_rebalance_says_what_it_cannot_recover():
    events = [ClockEvent("start", at(0), "i"), ClockEvent("goto", at(60), "d")]
    reading = read_clock(PARTS, events, at(60 + 15 * 60 + 3600))
    proposal = propose_rebalance(reading)
    assert proposal.cuts == ()
    assert proposal.still_late_seconds == proposal.late_seconds > 0


def test_session_time_follows_the_monotonic_clock_and_notices_sleep():
    fake = FakeTime()
    time = SessionTime(fake.wall, fake.monotonic)
    fake.advance(30)
    assert time.now() == T0 + timedelta(seconds=30)
    assert time.unexplained_gap() == 0
    fake.sleep(600)
    assert time.now() == T0 + timedelta(seconds=30)
    assert time.unexplained_gap() == 600
    time.reanchor()
    assert time.now() == T0 + timedelta(seconds=630)


class ClockMatchesAModel(RuleBasedStateMachine):
    """Any sequence of key presses and waiting: the event replay equals simple bookkeeping."""

    def __init__(self) -> None:
        super().__init__()
        self.now = 0
        self.events = [ClockEvent("start", at(0), "i")]
        self.current = 0
        self.running = True
        self.elapsed = [0] * len(PARTS)
        self.budget = [p.planned_seconds for p in PARTS]

    @rule(seconds=st.integers(min_value=0, max_value=2000))
    def wait(self, seconds):
        self.now += seconds
        if self.running:
            self.elapsed[self.current] += seconds

    @rule()
    def pause_or_resume(self):
        self.events.append(ClockEvent("resume" if not self.running else "pause", at(self.now)))
        self.running = not self.running

    @precondition(lambda self: self.current < len(PARTS) - 1)
    @rule()
    def next_part(self):
        self.current += 1
        self.events.append(ClockEvent("goto", at(self.now), PARTS[self.current].id))

    @precondition(lambda self: self.current > 0)
    @rule()
    def back(self):
        self.current -= 1
        self.events.append(ClockEvent("goto", at(self.now), PARTS[self.current].id))

    @rule(minutes=st.sampled_from([-1, 1]))
    def adjust(self, minutes):
        part = PARTS[self.current]
        self.events.append(ClockEvent("adjust", at(self.now), part.id, delta_seconds=minutes * 60))
        self.budget[self.current] = max(
            MIN_BUDGET_SECONDS, self.budget[self.current] + minutes * 60
        )

    @invariant()
    def agrees(self):
        reading = read_clock(PARTS, self.events, at(self.now))
        assert reading.current == self.current
        assert reading.running == self.running
        assert [p.elapsed_seconds for p in reading.parts] == self.elapsed
        assert [p.budget_seconds for p in reading.parts] == self.budget
        proposal = propose_rebalance(reading)
        if proposal is None:
            assert not reading.started or reading.late_minutes <= 0
        else:
            assert proposal.late_seconds == reading.late_minutes * 60 > 0
            cut = dict(proposal.cuts)
            assert len(PARTS) - 1 not in cut
            assert proposal.recovered_seconds + proposal.still_late_seconds >= proposal.late_seconds
            for i, seconds in cut.items():
                left = reading.parts[i].budget_seconds - (
                    reading.parts[i].elapsed_seconds if i == reading.current else 0
                )
                assert left - seconds >= MIN_BUDGET_SECONDS
            applied = [
                ClockEvent("adjust", at(self.now), PARTS[i].id, delta_seconds=-seconds)
                for i, seconds in proposal.cuts
            ]
            after = read_clock(PARTS, self.events + applied, at(self.now))
            # The panel and the proposal share one definition of late: a full cut lands on time.
            assert after.late_minutes == proposal.still_late_seconds // 60


TestClockMatchesAModel = ClockMatchesAModel.TestCase
TestClockMatchesAModel.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)


@pytest.mark.parametrize("late_minutes", [1, 7, 30])
def test_rebalance_recovers_whole_minutes(late_minutes):
    reading = read_clock(PARTS, [ClockEvent("start", at(0), "i")], at(15 * 60 + late_minutes * 60))
    proposal = propose_rebalance(reading)
    assert all(seconds % 60 == 0 for _, seconds in proposal.cuts)
    assert proposal.recovered_seconds == late_minutes * 60


@pytest.mark.parametrize(("late_seconds", "shown"), [(20, 0), (29, 0), (30, 1), (301, 5)])
def test_late_is_one_definition_for_panel_and_rebalance(late_seconds, shown):
    """On time on the panel means nothing to rebalance; cutting "5 min late" lands on time."""
    reading = read_clock(PARTS, [ClockEvent("start", at(0), "i")], at(15 * 60 + late_seconds))
    assert reading.late_minutes == shown
    proposal = propose_rebalance(reading)
    if shown <= 0:
        assert proposal is None
        return
    assert proposal.late_seconds == shown * 60
    cuts = [
        ClockEvent("adjust", at(15 * 60 + late_seconds), PARTS[i].id, delta_seconds=-seconds)
        for i, seconds in proposal.cuts
    ]
    after = read_clock(PARTS, [ClockEvent("start", at(0), "i"), *cuts], at(15 * 60 + late_seconds))
    assert after.late_minutes == 0


# A Dialogue topic's timeboxes


def topic_events(*more: ClockEvent) -> list[ClockEvent]:
    return [
        ClockEvent("start", at(0), "i"),
        ClockEvent("goto", at(60), "d"),
        ClockEvent("topic_start", at(100), ref_id="t1", delta_seconds=300),
        *more,
    ]


def test_a_topic_counts_down_its_timebox_and_no_other():
    reading = read_clock(PARTS, topic_events(), at(160))
    assert (reading.topic_id, reading.topic_budget_seconds) == ("t1", 300)
    assert (reading.topic_elapsed_seconds, reading.topic_remaining_seconds) == (60, 240)
    before = read_clock(PARTS, topic_events()[:2], at(160))
    assert (before.topic_id, before.topic_elapsed_seconds, before.topic_budget_seconds) == (
        None,
        0.0,
        0,
    )


def test_going_on_adds_to_the_running_topic_only():
    events = topic_events(
        ClockEvent("topic_extend", at(400), ref_id="other", delta_seconds=999),
        ClockEvent("topic_extend", at(410), ref_id="t1", delta_seconds=180),
        ClockEvent("topic_extend", at(420), ref_id="t1", delta_seconds=60),
    )
    reading = read_clock(PARTS, events, at(500))
    assert reading.topic_budget_seconds == 540
    assert reading.topic_remaining_seconds == 540 - 400


def test_a_topic_pauses_with_the_clock_and_loses_a_discounted_sleep():
    events = topic_events(
        ClockEvent("pause", at(200)),
        ClockEvent("resume", at(500)),
        ClockEvent("sleep", at(560), delta_seconds=30),
    )
    reading = read_clock(PARTS, events, at(600))
    assert reading.topic_elapsed_seconds == 100 + 100 - 30
    slept = topic_events(ClockEvent("sleep", at(110), delta_seconds=600))
    assert read_clock(PARTS, slept, at(110)).topic_elapsed_seconds == 0.0


def test_a_finished_topic_leaves_the_clock_and_a_new_one_starts_from_zero():
    ended = topic_events(ClockEvent("topic_end", at(200), ref_id="t1"))
    reading = read_clock(PARTS, ended, at(300))
    assert (reading.topic_id, reading.topic_elapsed_seconds, reading.topic_budget_seconds) == (
        None,
        0.0,
        0,
    )
    extended_late = [*ended, ClockEvent("topic_extend", at(250), ref_id="t1", delta_seconds=60)]
    assert read_clock(PARTS, extended_late, at(300)).topic_budget_seconds == 0
    again = [
        *ended,
        ClockEvent("topic_start", at(250), ref_id="t2", delta_seconds=120),
    ]
    second = read_clock(PARTS, again, at(300))
    assert (second.topic_id, second.topic_elapsed_seconds, second.topic_budget_seconds) == (
        "t2",
        50,
        120,
    )
    assert read_clock(PARTS, again, at(250)).topic_elapsed_seconds == 0.0


def test_events_after_the_end_change_nothing():
    events = [
        ClockEvent("start", at(0), "i"),
        ClockEvent("end", at(100)),
        ClockEvent("goto", at(200), "d"),
    ]
    reading = read_clock(PARTS, events, at(300))
    assert reading.ended and reading.part.name == "Input" and reading.part.elapsed_seconds == 100
