"""The agenda clock against a model that counts second by second: any sequence of stored
events (before the start, after the end, to unknown parts, without a delta) reads the
same. And the rebalance at each of its thresholds: exactly at, one below, one above."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from facilitator.agenda_clock import (
    MIN_BUDGET_SECONDS,
    ClockEvent,
    PartPlan,
    propose_rebalance,
    read_clock,
)
from facilitator.vocabulary import EventKind

T0 = datetime(2026, 12, 3, 11, 0, tzinfo=UTC)
PARTS = [PartPlan("p0", "Input", 600), PartPlan("p1", "Practice", 900), PartPlan("p2", "Hand", 300)]
IDS = {p.id: i for i, p in enumerate(PARTS)}


def _model(parts, events, now_second):
    """Second by second: each second of running time goes to the part (and talk) current
    during it; events at a second take effect before it is counted."""
    budgets = [p.planned_seconds for p in parts]
    elapsed = [0] * len(parts)
    state = {"started": None, "ended": None, "running": False, "current": 0, "talk": None}
    talk = 0
    pending = sorted(events, key=lambda e: e[0])  # stable: same-second events keep order
    last = now_second
    for second, *_ in pending:
        last = max(last, second)
    for tick in range(0, last + 1):
        for at, kind, part, delta, ref in [e for e in pending if e[0] == tick]:
            if state["ended"] is not None:
                continue
            if kind == EventKind.START:
                if state["started"] is None:
                    state.update(started=at, running=True, current=IDS.get(part or "", 0))
                continue
            if state["started"] is None:
                continue
            if kind == EventKind.PAUSE:
                state["running"] = False
            elif kind == EventKind.RESUME:
                state["running"] = True
            elif kind == EventKind.GOTO:
                state["current"] = IDS.get(part or "", state["current"])
            elif kind == EventKind.ADJUST:
                target = IDS.get(part or "", state["current"])
                budgets[target] = max(MIN_BUDGET_SECONDS, budgets[target] + (delta or 0))
            elif kind == EventKind.TALK_START:
                state["talk"], talk = ref, 0
            elif kind == EventKind.TALK_END:
                state["talk"] = None
            elif kind == EventKind.SLEEP:
                elapsed[state["current"]] = max(0, elapsed[state["current"]] - (delta or 0))
                talk = max(0, talk - (delta or 0))
            elif kind == EventKind.END:
                state.update(ended=at, running=False)
        if tick < now_second and state["running"] and state["ended"] is None:
            elapsed[state["current"]] += 1
            if state["talk"] is not None:
                talk += 1
    return budgets, elapsed, state, talk


events = st.lists(
    st.tuples(
        st.integers(0, 40),
        st.sampled_from(list(EventKind)),
        st.sampled_from([None, "p0", "p1", "p2", "elsewhere"]),
        st.one_of(st.none(), st.integers(-900, 900)),
        st.sampled_from(["t1", "t2"]),
    ),
    max_size=14,
)


@given(events, st.integers(0, 45))
def test_the_clock_reads_as_the_second_by_second_model(raw, now_second):
    raw = sorted(raw, key=lambda e: e[0])
    stored = [
        ClockEvent(kind, T0 + timedelta(seconds=at), part, delta, ref)
        for at, kind, part, delta, ref in raw
    ]
    now = T0 + timedelta(seconds=now_second)
    reading = read_clock(PARTS, stored, now)
    budgets, elapsed, state, talk = _model(PARTS, raw, now_second)
    assert [p.id for p in reading.parts] == [p.id for p in PARTS]
    assert [p.budget_seconds for p in reading.parts] == budgets
    if now_second >= max((e[0] for e in raw), default=0):
        assert [p.elapsed_seconds for p in reading.parts] == elapsed
        assert reading.talk_elapsed_seconds == talk
    assert reading.current == state["current"]
    assert reading.talk_id == state["talk"]
    expected_start = None if state["started"] is None else T0 + timedelta(seconds=state["started"])
    assert reading.started_at == expected_start
    expected_end = None if state["ended"] is None else T0 + timedelta(seconds=state["ended"])
    assert reading.ended_at == expected_end


def test_before_any_talk_there_is_no_talk_and_no_talk_time():
    reading = read_clock(PARTS, [ClockEvent(EventKind.START, T0)], T0 + timedelta(minutes=3))
    assert reading.talk_id is None and reading.talk_elapsed_seconds == 0.0
    assert reading.part.id == "p0"


def _late_by(parts, late_by_seconds, spent=0, extra_events=()):
    events = [ClockEvent(EventKind.START, T0), *extra_events]
    events.append(ClockEvent(EventKind.ADJUST, T0, parts[-1].id, late_by_seconds))
    return read_clock(parts, events, T0 + timedelta(seconds=spent))


def test_the_spare_minute_threshold_exactly_one_below_and_one_above():
    for left, cut in [(120, {0: 60}), (119, {}), (121, {0: 60})]:
        parts = [PartPlan("p0", "Input", left), PartPlan("h", "Handoff", 300)]
        reading = _late_by(parts, 60)
        proposal = propose_rebalance(reading)
        assert proposal is not None and reading.late_minutes == 1
        assert dict(proposal.cuts) == cut, left
        assert proposal.still_late_seconds == (0 if cut else 60)


def test_equal_shares_go_to_the_part_with_more_to_spare_first():
    parts = [PartPlan("a", "A", 360), PartPlan("b", "B", 660), PartPlan("h", "H", 300)]
    assert dict(propose_rebalance(_late_by(parts, 60)).cuts) == {1: 60}
    parts = [PartPlan("a", "A", 660), PartPlan("b", "B", 360), PartPlan("h", "H", 300)]
    assert dict(propose_rebalance(_late_by(parts, 60)).cuts) == {0: 60}


def test_a_small_part_gives_its_minute_before_a_huge_one_gives_a_second():
    parts = [PartPlan("a", "A", 7200), PartPlan("b", "B", 120), PartPlan("h", "H", 300)]
    assert dict(propose_rebalance(_late_by(parts, 120)).cuts) == {0: 60, 1: 60}


def test_longer_parts_give_more_in_proportion():
    parts = [PartPlan("a", "A", 660), PartPlan("b", "B", 360), PartPlan("h", "H", 300)]
    assert dict(propose_rebalance(_late_by(parts, 360)).cuts) == {0: 240, 1: 120}


def test_a_later_part_gives_from_its_budget_even_after_time_was_spent_in_it():
    parts = [PartPlan("a", "A", 600), PartPlan("b", "B", 180), PartPlan("h", "H", 300)]
    back_and_forth = (
        ClockEvent(EventKind.GOTO, T0, "b"),
        ClockEvent(EventKind.GOTO, T0 + timedelta(seconds=120), "a"),
    )
    reading = _late_by(parts, 600, spent=120, extra_events=back_and_forth)
    assert reading.parts[1].remaining_seconds == 60  # but its budget still has 120 spare
    assert reading.late_minutes == 12
    proposal = propose_rebalance(reading)
    assert dict(proposal.cuts) == {0: 540, 1: 120} and proposal.still_late_seconds == 60


def test_an_ended_or_unstarted_session_gets_no_proposal():
    parts = [PartPlan("a", "A", 600), PartPlan("h", "H", 300)]
    ended = read_clock(
        parts,
        [ClockEvent(EventKind.START, T0), ClockEvent(EventKind.END, T0 + timedelta(hours=2))],
        T0 + timedelta(hours=3),
    )
    assert ended.late_minutes > 0 and propose_rebalance(ended) is None
    assert propose_rebalance(read_clock(parts, [], T0)) is None


def test_a_sleep_without_a_length_takes_nothing_off():
    events = [
        ClockEvent(EventKind.START, T0),
        ClockEvent(EventKind.TALK_START, T0, ref_id="t1"),
        ClockEvent(EventKind.SLEEP, T0 + timedelta(seconds=30)),
    ]
    reading = read_clock(PARTS, events, T0 + timedelta(seconds=30))
    assert reading.parts[0].elapsed_seconds == 30.0 and reading.talk_elapsed_seconds == 30.0


def test_time_asleep_comes_off_the_part_and_the_talk_never_below_zero():
    events = [
        ClockEvent(EventKind.START, T0),
        ClockEvent(EventKind.TALK_START, T0, ref_id="t1"),
        ClockEvent(EventKind.SLEEP, T0 + timedelta(seconds=30), delta_seconds=10),
    ]
    reading = read_clock(PARTS, events, T0 + timedelta(seconds=30))
    assert (reading.parts[0].elapsed_seconds, reading.talk_elapsed_seconds) == (20.0, 20.0)
    events.append(ClockEvent(EventKind.SLEEP, T0 + timedelta(seconds=40), delta_seconds=100))
    reading = read_clock(PARTS, events, T0 + timedelta(seconds=40))
    assert (reading.parts[0].elapsed_seconds, reading.talk_elapsed_seconds) == (0.0, 0.0)
