"""The fair rotation rule on plain data: tie-breaks, eligibility, and its properties."""

from __future__ import annotations

import itertools
import random
from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.rotation_rule import (
    AwayPeriod,
    Occasion,
    Person,
    Turn,
    TurnTally,
    co_host_line,
    host_line,
)

DAY = date(2027, 1, 7)


def person(name: str, joined: date = date(2026, 1, 1), **fields) -> Person:
    fields.setdefault("has_attended", True)
    return Person(id=name.lower(), name=name, joined_on=joined, **fields)


def at(day: date) -> datetime:
    return datetime.combine(day, time(11), UTC)


def turn(who: str, day: date) -> Turn:
    return Turn(who.lower(), at(day))


def names(ruling) -> list[str]:
    return [s.person.name for s in ruling.line]


# Tie-breaks, one at a time


def test_fewest_turns_comes_first_whatever_the_other_facts():
    people = [person("Ana", date(2020, 1, 1)), person("Ben", date(2026, 6, 1))]
    turns = [turn("Ana", date(2026, 1, 8))]
    ruling = host_line(people, turns, Occasion(DAY))
    assert names(ruling) == ["Ben", "Ana"]
    assert ruling.reason() == "fewest turns so far (0; Ana has 1)"


def test_with_equal_turns_never_hosted_comes_first():
    people = [person("Ana"), person("Ben")]
    turns = [turn("Ana", date(2026, 1, 8)), turn("Ben", date(2026, 4, 8))]
    turns.append(turn("Ana", date(2026, 3, 8)))
    people.append(person("Cleo"))
    turns.append(turn("Cleo", date(2026, 2, 8)))
    ruling = host_line(people, turns, Occasion(DAY))
    # Ben and Cleo have one turn each; Cleo's was longer ago (though Ben comes first by name).
    assert names(ruling) == ["Cleo", "Ben", "Ana"]
    assert ruling.reason() == "longest since their last turn (2026-02-08; Ben: 2026-04-08)"


def test_the_line_is_the_same_from_turns_already_counted():
    people = [person("Ana"), person("Ben"), person("Cleo")]
    turns = [turn("Ana", date(2026, 1, 8)), turn("Ana", date(2026, 3, 8))]
    turns.append(turn("Ben", date(2026, 2, 8)))
    tally = TurnTally(
        counts={"ana": 2, "ben": 1},
        last={"ana": at(date(2026, 3, 8)), "ben": at(date(2026, 2, 8))},
    )
    listed, counted = (
        host_line(people, turns, Occasion(DAY)),
        host_line(people, tally, Occasion(DAY)),
    )
    assert names(listed) == names(counted) == ["Cleo", "Ben", "Ana"]
    assert listed.reason() == counted.reason() == "fewest turns so far (0; Ben has 1)"


def test_never_having_hosted_beats_an_old_turn_when_turns_are_equal():
    people = [person("Ana"), person("Ben", has_attended=True)]
    # Ana hosted once long ago; Ben's one turn is planned for later: both have one turn.
    turns = [turn("Ana", date(2025, 1, 1)), turn("Ben", date(2027, 2, 4))]
    assert names(host_line(people, turns, Occasion(DAY))) == ["Ana", "Ben"]
    newcomer_turns = [turn("Ana", date(2025, 1, 1))]
    people.append(person("Cleo"))
    ruling = host_line(people, [*newcomer_turns, turn("Cleo", date(2025, 6, 1))], Occasion(DAY))
    assert names(ruling)[0] == "Ben"
    assert ruling.reason().startswith("fewest turns so far (0; Ana has 1)")


def test_with_equal_turns_and_dates_the_earliest_joined_comes_first():
    people = [person("Ana", date(2026, 5, 1)), person("Ben", date(2026, 2, 1))]
    ruling = host_line(people, [], Occasion(DAY))
    assert names(ruling) == ["Ben", "Ana"]
    assert ruling.reason() == "as many turns as Ana, joined earlier (2026-02-01)"


def test_a_full_tie_is_broken_by_name_ignoring_case():
    people = [person("ben"), person("Ana"), person("Cleo")]
    ruling = host_line(people, [], Occasion(DAY))
    assert names(ruling) == ["Ana", "ben", "Cleo"]
    assert ruling.reason() == "tied with ben on turns and joining date; first by name"


def test_the_facts_of_each_place_read_plainly():
    people = [person("Ana"), person("Ben")]
    ruling = host_line(people, [turn("Ben", date(2026, 10, 1))], Occasion(DAY))
    assert [ruling.facts(s) for s in ruling.line] == [
        "never hosted, joined 2026-01-01",
        "1 turn, last 2026-10-01",
    ]


# Eligibility


def test_inactive_unwilling_away_and_skipped_members_are_left_out_with_the_reason():
    people = [
        person("Ana", active=False),
        person("Ben", willing=False),
        person("Cleo", away=(AwayPeriod(DAY, DAY + timedelta(days=3), "holiday"),)),
        person("Dan"),
        person("Eve"),
    ]
    ruling = host_line(people, [], Occasion(DAY, skipped={"dan": "keynote that day"}))
    assert names(ruling) == ["Eve"]
    assert dict((p.name, why) for p, why in ruling.not_eligible) == {
        "Ana": "not on the active roster",
        "Ben": "does not facilitate (roster: --no-facilitate)",
        "Cleo": "away 2027-01-07 to 2027-01-10 (holiday)",
        "Dan": "skipped: keynote that day",
    }
    assert ruling.reason() == "the only one eligible (never hosted, joined 2026-01-01)"


def test_an_away_period_covers_its_first_and_last_day_only():
    period = AwayPeriod(DAY, DAY + timedelta(days=2))
    for day, away in (
        (DAY - timedelta(days=1), False),
        (DAY, True),
        (DAY + timedelta(days=2), True),
    ):
        assert period.covers(day) is away
    assert AwayPeriod(DAY, DAY, None).describe() == "away 2027-01-07"


def test_newcomers_wait_until_they_have_attended_unless_nobody_else_can():
    people = [person("Ana", has_attended=False), person("Ben", has_attended=True)]
    ruling = host_line(people, [turn("Ben", date(2026, 12, 1))] * 3, Occasion(DAY))
    assert names(ruling) == ["Ben"]
    assert dict((p.name, w) for p, w in ruling.not_eligible) == {
        "Ana": "has not attended a session yet"
    }
    once = host_line(people, (t for t in [turn("Ben", date(2026, 12, 1))]), Occasion(DAY))
    assert names(once) == ["Ben"]  # turns may come as any iterable, read once
    only_new = host_line([person("Ana", has_attended=False)], [], Occasion(DAY))
    assert names(only_new) == ["Ana"]
    assert only_new.reason() == (
        "the only one eligible (never hosted, joined 2026-01-01); "
        "nobody eligible has attended a session yet, so newcomers count"
    )


def test_the_previous_and_following_hosts_wait_while_anyone_else_can_host():
    people = [person("Ana"), person("Ben"), person("Cleo")]
    ruling = host_line(people, [], Occasion(DAY, previous="ana", following="ben"))
    assert names(ruling) == ["Cleo"]
    assert dict((p.name, w) for p, w in ruling.not_eligible) == {
        "Ana": "hosted the previous session",
        "Ben": "already hosts the following session",
    }
    co = co_host_line(
        [person(n, department="HR") for n in ("Ana", "Ben", "Cleo")],
        [],
        Occasion(DAY, previous="ana", following="ben"),
    )
    assert dict((p.name, w) for p, w in co.not_eligible) == {
        "Ana": "co-hosted the previous session",
        "Ben": "already co-hosts the following session",
    }
    alone = host_line([person("Ana")], [], Occasion(DAY, previous="ana"))
    assert names(alone) == ["Ana"]
    assert alone.reason() == (
        "the only one eligible (never hosted, joined 2026-01-01); "
        "back to back: nobody else is eligible"
    )


def test_nobody_eligible_gives_an_empty_line_and_a_reason_for_everyone():
    people = [person("Ana", active=False), person("Ben", willing=False)]
    ruling = host_line(people, [], Occasion(DAY))
    assert ruling.choice is None and ruling.reason() == "nobody is eligible"
    assert [p.name for p, _ in ruling.not_eligible] == ["Ana", "Ben"]


def test_a_co_host_comes_from_another_department_by_the_same_rule():
    host = person("Ana", department="Engineering")
    people = [
        host,
        person("Ben", department="engineering"),
        person("Cleo", department="Sales"),
        person("Dan", department=None),
        person("Eve", department="HR"),
    ]
    co_turns = [turn("Cleo", date(2026, 11, 1))]
    ruling = co_host_line(people, co_turns, Occasion(DAY, host=host))
    assert names(ruling) == ["Eve", "Cleo"]
    assert ruling.reason() == "fewest turns so far (0; Cleo has 1)"
    assert dict((p.name, w) for p, w in ruling.not_eligible) == {
        "Ana": "is the host",
        "Ben": "same department as the host (Engineering)",
        "Dan": "no department on the roster",
    }
    assert ruling.facts(ruling.line[1]) == "1 co-host turn, last 2026-11-01"


def test_the_host_line_ignores_the_co_host_rules():
    """Departments only matter for a co-host: the host's line takes anyone eligible."""
    host = person("Ana", department=None)
    people = [person("Ben", department=None), person("Cleo", department="Sales")]
    ruling = host_line(people, [], Occasion(DAY, host=host))
    assert names(ruling) == ["Ben", "Cleo"] and ruling.not_eligible == ()
    assert ruling.reason() == "tied with Cleo on turns and joining date; first by name"
    co = co_host_line([host, *people], [], Occasion(DAY, host=host))
    assert names(co) == ["Cleo"]  # a co-host still needs a department of their own
    assert co.reason() == (
        "the only one eligible (never co-hosted, joined 2026-01-01); "
        "the host has no department on the roster, so any department pairs"
    )


# Properties

NAMES = st.lists(
    st.text(alphabet="abcdefghij", min_size=1, max_size=4), min_size=1, max_size=8, unique=True
)


@st.composite
def rosters(draw, min_eligible: int = 1):
    """People with random join dates and attendance; the first few are always eligible."""
    names = draw(NAMES.filter(lambda n: len(n) >= min_eligible))
    people = []
    for index, name in enumerate(names):
        eligible = index < min_eligible or draw(st.booleans())
        people.append(
            Person(
                id=f"id-{name}",
                name=name,
                joined_on=date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 3))),
                department=draw(st.sampled_from(["A", "B", None])),
                active=eligible or draw(st.booleans()),
                willing=eligible or draw(st.booleans()),
                has_attended=eligible or draw(st.booleans()),
            )
        )
    return people


def eligible_ids(people: list[Person]) -> set[str]:
    return {p.id for p in people if p.active and p.willing and p.has_attended}


def rotate_many(people: list[Person], rounds: int, turns: list[Turn] | None = None):
    """Rotate for consecutive fortnights; yields (ruling, turns so far) after each choice."""
    turns = list(turns or [])
    previous = None
    for index in range(rounds):
        day = DAY + timedelta(days=14 * index)
        ruling = host_line(people, turns, Occasion(day, previous=previous))
        chosen = ruling.choice.person.id
        turns.append(Turn(chosen, at(day)))
        previous = chosen
        yield ruling, turns


@settings(max_examples=150, deadline=None)
@given(rosters(), st.integers(1, 30))
def test_with_a_fixed_eligible_set_host_counts_never_differ_by_more_than_one(people, rounds):
    pool = eligible_ids(people) or {p.id for p in people if p.active and p.willing}
    for _, turns in rotate_many(people, rounds):
        counts = [sum(1 for t in turns if t.member_id == pid) for pid in pool]
        assert max(counts) - min(counts) <= 1


@settings(max_examples=150, deadline=None)
@given(rosters(min_eligible=2), st.integers(2, 30))
def test_nobody_hosts_twice_in_a_row_while_two_or_more_are_eligible(people, rounds):
    hosts = [turns[-1].member_id for _, turns in rotate_many(people, rounds)]
    assert all(a != b for a, b in itertools.pairwise(hosts))


@settings(max_examples=150, deadline=None)
@given(rosters(), st.data())
def test_away_inactive_and_unwilling_members_are_never_chosen(people, data):
    day = DAY + timedelta(days=data.draw(st.integers(0, 60)))
    away_ids = set()
    with_away = []
    for p in people:
        if data.draw(st.booleans()):
            start = day - timedelta(days=data.draw(st.integers(0, 5)))
            p = Person(**{**p.__dict__, "away": (AwayPeriod(start, day),)})
            away_ids.add(p.id)
        with_away.append(p)
    history = [
        Turn(data.draw(st.sampled_from([p.id for p in people])), at(DAY - timedelta(days=n)))
        for n in range(data.draw(st.integers(0, 10)))
    ]
    ruling = host_line(with_away, history, Occasion(day))
    chosen = ruling.choice
    if chosen is not None:
        assert chosen.person.active and chosen.person.willing
        assert chosen.person.id not in away_ids
    else:
        assert len(ruling.not_eligible) == len(people)


@settings(max_examples=100, deadline=None)
@given(rosters(), st.integers(0, 12), st.randoms(use_true_random=False))
def test_the_same_facts_in_any_order_give_the_same_line(people, rounds, rng: random.Random):
    history = [t for _, t in rotate_many(people, rounds)][-1] if rounds else []
    occasion = Occasion(DAY + timedelta(days=400), previous=people[0].id)
    first = host_line(people, history, occasion)
    shuffled_people, shuffled_turns = list(people), list(history)
    rng.shuffle(shuffled_people)
    rng.shuffle(shuffled_turns)
    again = host_line(shuffled_people, shuffled_turns, occasion)
    assert first == host_line(people, history, occasion)
    assert [s.person.id for s in again.line] == [s.person.id for s in first.line]
    assert again.reason() == first.reason()
    assert [p.id for p, _ in again.not_eligible] == [p.id for p, _ in first.not_eligible]


@settings(max_examples=100, deadline=None)
@given(rosters(min_eligible=2), st.lists(st.integers(0, 7), max_size=20), st.integers(1, 20))
def test_from_any_history_each_choice_has_the_fewest_turns_and_the_gap_never_grows(
    people, past, rounds
):
    pool = sorted(eligible_ids(people))
    history = [
        Turn(pool[i % len(pool)], at(DAY - timedelta(days=7 * (n + 1)))) for n, i in enumerate(past)
    ]

    def counts(turns):
        return {pid: sum(1 for t in turns if t.member_id == pid) for pid in pool}

    limit = max(max(counts(history).values()) - min(counts(history).values()), 1)
    before = history
    for _, turns in rotate_many(people, rounds, history):
        chosen = turns[-1].member_id
        previous = before[-1].member_id if len(before) > len(history) else None
        rivals = [pid for pid in pool if pid != previous]
        assert counts(before)[chosen] == min(counts(before)[pid] for pid in rivals)
        after = counts(turns).values()
        assert max(after) - min(after) <= limit
        before = list(turns)
