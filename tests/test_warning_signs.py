"""Each warning sign, triggered and not, on hand-made measures."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from facilitator.insight_data import Applying, Newcomers, Reach, Regularity, Turnout, Voices
from facilitator.warning_signs import Measures, Sign, Thresholds, warnings

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)

HEALTHY = Measures(
    regularity=Regularity(held=6, expected=6, cancelled=0, longest_gap_days=14, cadence_days=14),
    turnout=Turnout(average=12, own_average=12, recent_average=12, participants=20, roster=25),
    inactive=("Dev",),
    newcomers=Newcomers(names=("Fay", "Gus"), returned=2, known=2),
    voices=Voices(
        talks=8,
        presenters=6,
        first_time_presenters=(),
        presenter_absence_factor=3,
        hosts=5,
        first_time_hosts=(),
        host_absence_factor=3,
    ),
    reach=Reach(per_session=3.0, departments=4, dominance=2, first_time=()),
    applying=Applying(
        made=30,
        committed_share=0.8,
        tried=20,
        resolved=25,
        carried=2,
        without_commitments=0,
        stories=(),
    ),
    next_session=NOW + timedelta(days=5),
    queued_talks=0,
)


def test_a_healthy_community_shows_no_warning():
    assert warnings(HEALTHY, NOW) == []


@pytest.mark.parametrize(
    ("change", "sign", "evidence"),
    [
        (
            {"regularity": replace(HEALTHY.regularity, longest_gap_days=35)},
            Sign.GAP,
            "35 days without a session, against a cadence of 14",
        ),
        (
            {"turnout": replace(HEALTHY.turnout, recent_average=8, own_average=13)},
            Sign.ATTENDANCE_FALLING,
            "attendance 8.0 over the last sessions against an average of 13.0",
        ),
        (
            {"voices": replace(HEALTHY.voices, presenter_absence_factor=1)},
            Sign.FEW_PRESENTERS,
            "half of the 8 talks were given by one person",
        ),
        (
            {"voices": replace(HEALTHY.voices, host_absence_factor=2)},
            Sign.FEW_HOSTS,
            "half of the 6 sessions were hosted by 2 people",
        ),
        (
            {"applying": replace(HEALTHY.applying, without_commitments=2)},
            Sign.NO_COMMITMENTS,
            "2 sessions ended without a commitment",
        ),
        (
            {"applying": replace(HEALTHY.applying, tried=4, resolved=10)},
            Sign.LOW_FOLLOW_THROUGH,
            "4 of 10 commitments were tried (40%)",
        ),
        (
            {"newcomers": Newcomers(names=("A", "B", "C"), returned=1, known=3)},
            Sign.NEWCOMERS_NOT_RETURNING,
            "1 of 3 newcomers came back within two sessions",
        ),
        (
            {"next_session": NOW + timedelta(days=1, hours=23)},
            Sign.EMPTY_TALK_QUEUE,
            "no lightning talk is queued for the next session",
        ),
        (
            {"reach": replace(HEALTHY.reach, dominance=1)},
            Sign.ONE_DEPARTMENT,
            "one of the 4 departments makes up half the attendance",
        ),
    ],
)
def test_each_sign_with_its_evidence(change, sign, evidence):
    (found,) = warnings(replace(HEALTHY, **change), NOW)
    assert (found.sign, found.evidence) == (sign, evidence)
    assert found.next_step == NEXT_STEPS[sign]


NEXT_STEPS = {
    Sign.GAP: "plan the next session now and announce it",
    Sign.ATTENDANCE_FALLING: "invite the inactive member personally: Dev",
    Sign.FEW_PRESENTERS: "ask a newcomer or a quiet regular for a five-minute talk",
    Sign.FEW_HOSTS: "let the rotation pick the next hosts",
    Sign.NO_COMMITMENTS: "keep the last five minutes for everyone's thing to try this week",
    Sign.LOW_FOLLOW_THROUGH: (
        "make the next commitments smaller, and review them at the start of each session"
    ),
    Sign.NEWCOMERS_NOT_RETURNING: (
        "pair each newcomer with a regular and invite them to the next session"
    ),
    Sign.EMPTY_TALK_QUEUE: "ask two people for a five-minute talk today",
    Sign.ONE_DEPARTMENT: "ask the champions of the other departments to bring a colleague",
}


def test_the_attendance_warning_suggests_inviting_the_inactive_members():
    falling = replace(HEALTHY, turnout=replace(HEALTHY.turnout, recent_average=8, own_average=13))
    (found,) = warnings(falling, NOW)
    assert found.next_step == "invite the inactive member personally: Dev"
    (found,) = warnings(replace(falling, inactive=("Dev", "Eli")), NOW)
    assert found.next_step == "invite the 2 inactive members personally: Dev, Eli"
    (found,) = warnings(replace(falling, inactive=()), NOW)
    assert found.next_step == "ask the regulars what would bring them back"


@pytest.mark.parametrize(
    "change",
    [
        {"regularity": replace(HEALTHY.regularity, longest_gap_days=21)},  # 1.5 × 14 = 21
        {"turnout": replace(HEALTHY.turnout, recent_average=9, own_average=12)},  # 25% down
        {"voices": replace(HEALTHY.voices, talks=3, presenter_absence_factor=1)},  # too few
        {"voices": replace(HEALTHY.voices, talks=4, presenter_absence_factor=2)},  # 4 people
        {"applying": replace(HEALTHY.applying, tried=1, resolved=4)},  # too few resolved
        {"newcomers": Newcomers(names=("A",), returned=0, known=1)},  # one is not a pattern
        {"queued_talks": 1, "next_session": NOW + timedelta(days=1)},
        {"next_session": NOW + timedelta(days=3)},  # not yet two days before
        {"reach": replace(HEALTHY.reach, dominance=1, departments=1)},  # only one exists
        {"regularity": replace(HEALTHY.regularity, longest_gap_days=None)},
    ],
)
def test_at_the_threshold_or_without_evidence_nothing_is_raised(change):
    assert warnings(replace(HEALTHY, **change), NOW) == []


def test_thresholds_can_be_tuned():
    gap = replace(HEALTHY, regularity=replace(HEALTHY.regularity, longest_gap_days=21))
    assert [w.sign for w in warnings(gap, NOW, Thresholds(gap_multiple=1.2))] == [Sign.GAP]


@pytest.mark.parametrize(
    ("returned", "known", "raised"),
    [
        (0, 1, False),  # one newcomer is not a pattern
        (0, 2, True),  # two are: the smallest number that raises the sign
        (1, 2, False),  # half came back: at the floor (50%), not below it
        (2, 5, True),  # 40%: below the floor
        (3, 5, False),  # 60%: above it
    ],
)
def test_the_newcomers_sign_at_its_edges(returned, known, raised):
    names = tuple(f"N{i}" for i in range(known))
    found = warnings(replace(HEALTHY, newcomers=Newcomers(names, returned, known)), NOW)
    assert [w.sign for w in found] == ([Sign.NEWCOMERS_NOT_RETURNING] if raised else [])


def _raised(**change) -> list[Sign]:
    return [w.sign for w in warnings(replace(HEALTHY, **change), NOW)]


def _voices(talks: int, factor: int):
    return replace(HEALTHY.voices, talks=talks, presenter_absence_factor=factor)


@pytest.mark.parametrize(
    ("talks", "factor", "raised"),
    [
        (4, 1, True),  # min_talks (4) exactly: judged
        (3, 1, False),  # one below: too few to judge
        (5, 2, True),  # 2 people behind half of 5: fewer than everyone once (2.5)
        (4, 2, False),  # 2 behind half of 4 is everyone once: no sign of a few
        (12, 2, True),  # absence_factor (2) exactly
        (12, 3, False),  # one above
    ],
)
def test_few_presenters_at_each_edge(talks, factor, raised):
    assert _raised(voices=_voices(talks, factor)) == ([Sign.FEW_PRESENTERS] if raised else [])


@pytest.mark.parametrize(
    ("tried", "resolved", "raised"),
    [
        (2, 5, True),  # min_resolved (5) exactly, 40%
        (1, 4, False),  # one below: too few to judge
        (5, 10, False),  # the floor (50%) exactly is not below it
        (4, 9, True),  # 44%
        (6, 11, False),  # 55%
    ],
)
def test_follow_through_at_each_edge(tried, resolved, raised):
    applying = replace(HEALTHY.applying, tried=tried, resolved=resolved)
    assert _raised(applying=applying) == ([Sign.LOW_FOLLOW_THROUGH] if raised else [])


@pytest.mark.parametrize(
    ("ahead", "raised"),
    [
        (timedelta(0), True),  # the session is now
        (timedelta(days=2), True),  # queue_days (2) exactly
        (timedelta(days=2, seconds=1), False),
        (timedelta(seconds=-1), False),  # already begun: no longer the next one to fill
    ],
)
def test_the_empty_queue_at_each_edge(ahead, raised):
    assert _raised(next_session=NOW + ahead) == ([Sign.EMPTY_TALK_QUEUE] if raised else [])


@pytest.mark.parametrize(("departments", "raised"), [(2, True), (1, False), (3, True)])
def test_one_department_needs_another_to_exist(departments, raised):
    reach = replace(HEALTHY.reach, dominance=1, departments=departments)
    assert _raised(reach=reach) == ([Sign.ONE_DEPARTMENT] if raised else [])


@pytest.mark.parametrize(
    ("recent", "own", "raised"),
    [(9, 12, False), (8.99, 12, True), (8, None, False), (8, 0, False), (None, 12, False)],
)
def test_falling_attendance_at_its_edges(recent, own, raised):
    turnout = replace(HEALTHY.turnout, recent_average=recent, own_average=own)
    assert _raised(turnout=turnout) == ([Sign.ATTENDANCE_FALLING] if raised else [])


@pytest.mark.parametrize(("gap", "raised"), [(21, False), (22, True), (20, False)])
def test_the_gap_at_its_edges(gap, raised):
    regularity = replace(HEALTHY.regularity, longest_gap_days=gap)
    assert _raised(regularity=regularity) == ([Sign.GAP] if raised else [])


@pytest.mark.parametrize(
    ("pulses", "raised"),
    [
        ((3.5, 3.5, 3.5), False),  # the floor (3.5) exactly is not below it
        ((3.6, 3.4, 3.5), False),  # averaged 3.5: at the floor
        ((3.5, 3.4, 3.5), False),  # 3.47 is judged as shown, 3.5: at the floor
        ((3.5, 3.4, 3.4), True),  # 3.43, shown 3.4: below
        ((3.4, 3.4, 3.4), True),  # below
        ((2.0, 4.0, 4.0, 4.0), False),  # only the latest three count
        ((3.0,), True),  # a single pulse is judged on itself
        ((), False),  # no pulse taken
    ],
)
def test_the_low_pulse_at_its_edges(pulses, raised):
    found = _raised(pulses=pulses)
    assert (Sign.PULSE_LOW in found) == raised, found


@pytest.mark.parametrize(
    ("pulses", "raised"),
    [
        ((4.5, 4.2, 4.0, 3.8), True),  # three falls in a row
        ((4.2, 4.0, 3.8), False),  # only two falls: three sessions are not enough
        ((4.5, 4.2, 4.2, 3.8), False),  # level once: not a fall
        ((4.0, 4.5, 4.2, 4.0), False),  # a rise among them
        ((5.0, 4.9, 4.8, 4.7), True),  # small falls are falls, even above the floor
    ],
)
def test_the_falling_pulse_at_its_edges(pulses, raised):
    found = _raised(pulses=pulses)
    assert (Sign.PULSE_FALLING in found) == raised, found


def test_the_pulse_signs_say_what_and_what_next():
    found = warnings(replace(HEALTHY, pulses=(5.0, 4.9, 4.52, 4.0, 3.5)), NOW)
    assert [(w.sign, w.evidence, w.next_step) for w in found] == [
        (
            Sign.PULSE_FALLING,
            "the pulse fell 3 sessions in a row (4.9 → 4.5 → 4.0 → 3.5)",
            "ask the room what would add one point, and change one thing next time",
        )
    ]
    found = warnings(replace(HEALTHY, pulses=(3.0, 3.1)), NOW)
    assert [(w.evidence, w.next_step) for w in found] == [
        (
            "the pulse averaged 3.0 over the latest 2 sessions, below 3.5",
            "read the notes on what would add one point with the champions",
        )
    ]


def test_the_pulse_floor_can_be_tuned():
    tuned = Thresholds(pulse_floor=3.0)
    found = warnings(replace(HEALTHY, pulses=(3.2, 3.1, 3.0)), NOW, tuned)
    assert [w.sign for w in found] == []
    found = warnings(replace(HEALTHY, pulses=(3.0, 2.9, 2.9)), NOW, tuned)
    assert [w.evidence for w in found if w.sign is Sign.PULSE_LOW] == [
        "the pulse averaged 2.9 over the latest 3 sessions, below 3"
    ]


def test_every_threshold_is_described_with_its_range_and_default():
    from facilitator.warning_signs import threshold_specs

    specs = {s.name: s for s in threshold_specs()}
    described = {
        name: (s.attribute, s.low, s.high, s.whole, s.default) for name, s in specs.items()
    }
    assert described == {
        "gap-multiple": ("gap_multiple", 1.0, 10.0, False, 1.5),
        "attendance-drop": ("attendance_drop", 0.05, 0.95, False, 0.25),
        "absence-factor": ("absence_factor", 1, 10, True, 2),
        "min-talks": ("min_talks", 1, 100, True, 4),
        "follow-through-floor": ("follow_through_floor", 0.05, 1.0, False, 0.5),
        "min-resolved": ("min_resolved", 1, 100, True, 5),
        "return-floor": ("return_floor", 0.05, 1.0, False, 0.5),
        "queue-days": ("queue_days", 1, 14, True, 2),
        "inactive-sessions": ("inactive_sessions", 1, 26, True, 4),
        "pulse-floor": ("pulse_floor", 1.0, 5.0, False, 3.5),
    }
    assert (
        specs["min-talks"].meaning == "judge presenters and hosts from this many talks or sessions"
    )
    assert all(s.meaning for s in specs.values())
