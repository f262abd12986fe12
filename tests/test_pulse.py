"""The pulse: "was it worth your time?" counted per score, anonymous, tallied or recorded."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect
from sqlmodel import select

from facilitator.errors import InvalidInput
from facilitator.pulse_tally import Pulse, as_counts, counts_given, counts_of_votes, falling
from facilitator.services import session_pulse
from facilitator.services.session_pulse import MoreVotesThanPresent
from facilitator.vocabulary import SessionStatus
from store.models import PulseNote, SessionPulse, StudySession

from conftest import stored_bytes

WHEN = datetime(2026, 11, 19, 12, 0, tzinfo=UTC)


def pulse(counts, present=10, notes=()) -> Pulse:
    return Pulse(session_id="s", scheduled_at=WHEN, counts=counts, present=present, notes=notes)


# The tally's arithmetic


def test_the_figures_of_a_pulse():
    p = pulse((1, 0, 2, 4, 3), present=12)
    assert p.votes == 10
    assert p.average == pytest.approx((1 + 6 + 16 + 15) / 10)
    assert p.spread == pytest.approx(1.36**0.5)
    assert p.response_rate == pytest.approx(10 / 12)
    assert p.distribution() == "5: 3 · 4: 4 · 3: 2 · 2: 0 · 1: 1"
    assert p.headline() == "10 of 12 present voted (83%) · average 3.8 · spread 1.2"


def test_a_split_room_and_an_agreeing_room_average_alike_but_spread_apart():
    split, agreeing = pulse((5, 0, 0, 0, 5)), pulse((0, 0, 10, 0, 0))
    assert split.average == agreeing.average == 3
    assert (split.spread, agreeing.spread) == (2, 0)


def test_no_votes_and_nobody_present_say_so():
    assert pulse((0, 0, 0, 0, 0)).average is None
    assert pulse((0, 0, 0, 0, 0)).headline() == "no votes yet"
    nobody = pulse((0, 0, 0, 1, 0), present=0)
    assert nobody.response_rate is None
    assert nobody.headline() == "1 voted (nobody checked in) · average 4.0 · spread 0.0"


@pytest.mark.parametrize(
    ("text", "counts"),
    [("5,4,4,3", (0, 0, 1, 2, 1)), ("1 1 5", (2, 0, 0, 0, 1)), (" 2 , 3 ", (0, 1, 1, 0, 0))],
)
def test_votes_are_counted_per_score(text, counts):
    assert counts_of_votes(text) == counts


@pytest.mark.parametrize("text", ["", "0", "6", "5,x", "4.5", "-1", "5,,"])
def test_a_vote_outside_one_to_five_is_refused(text):
    if text == "5,,":
        assert counts_of_votes(text) == (0, 0, 0, 0, 1)  # empty places between commas
        return
    with pytest.raises(InvalidInput):
        counts_of_votes(text)


def test_counts_given_per_score():
    assert counts_given({5: 3, 4: 6}) == (0, 0, 0, 6, 3)
    assert counts_given({1: 1, 2: 2, 3: 3, 4: 4, 5: 5}) == (1, 2, 3, 4, 5)
    assert counts_given({5: 0}) == (0, 0, 0, 0, 0)  # nobody gave 5: said, and allowed
    assert counts_given({1: 2}) == (2, 0, 0, 0, 0)  # the scores not given are 0


def test_counts_read_back_from_the_database():
    assert as_counts([1, None, 2, 0, 3]) == (1, 0, 2, 0, 3)  # an empty SUM is None
    with pytest.raises(InvalidInput, match=r"^--3 counts the votes for 3, so it cannot be -1$"):
        counts_given({3: -1})


def test_the_refusals_of_votes_say_what_is_wrong():
    with pytest.raises(InvalidInput, match=r"^--votes lists one score per vote, such as 5,4,4,3$"):
        counts_of_votes(" , ")
    with pytest.raises(InvalidInput, match=r"^a pulse vote is a score from 1 to 5, not 'x'$"):
        counts_of_votes("5,x")


@pytest.mark.parametrize(
    ("averages", "times", "fell"),
    [
        ([4.0, 3.9, 3.8, 3.7], 3, True),
        ([5.0, 4.0, 3.9, 3.8, 3.7], 3, True),  # only the latest four are read
        ([3.0, 4.0, 3.9, 3.8], 3, False),
        ([4.0, 3.9, 3.8], 2, True),
        ([4.0, 3.9, 3.8], 3, False),
    ],
)
def test_falling_reads_the_latest_times_plus_one(averages, times, fell):
    assert falling(averages, times) is fell


# Stored: counts only, committed vote by vote


def latest_held(db) -> StudySession:
    with db.session() as s:
        return s.exec(
            select(StudySession)
            .where(StudySession.status == SessionStatus.ENDED)
            .order_by(StudySession.scheduled_at.desc())
        ).first()


def test_votes_add_up_and_are_taken_back(demo_db):
    session = latest_held(demo_db)
    session_pulse.record_pulse(demo_db, None, session.id[:8], (0, 0, 0, 0, 0), [])
    for score in (5, 4, 4):
        shown = session_pulse.add_vote(demo_db, session.id, score)
    assert shown.counts == (0, 0, 0, 2, 1)
    assert session_pulse.take_back(demo_db, session.id, 4).counts == (0, 0, 0, 1, 1)
    with pytest.raises(InvalidInput, match="no vote for 2"):
        session_pulse.take_back(demo_db, session.id, 2)
    assert session_pulse.pulse_of(demo_db, session.id).counts == (0, 0, 0, 1, 1)


def test_more_votes_than_present_asks_first_and_stores_nothing_until_confirmed(demo_db):
    session = latest_held(demo_db)
    present = session_pulse.pulse_of(demo_db, session.id).present
    session_pulse.record_pulse(demo_db, None, session.id[:8], (0, 0, 0, 0, present), [])
    with pytest.raises(MoreVotesThanPresent) as asked:
        session_pulse.add_vote(demo_db, session.id, 3)
    assert (asked.value.votes, asked.value.present) == (present + 1, present)
    assert session_pulse.pulse_of(demo_db, session.id).votes == present
    confirmed = session_pulse.add_vote(demo_db, session.id, 3, over_present=True)
    assert confirmed.votes == present + 1 and confirmed.more_votes_than_present


def test_a_session_not_held_has_no_pulse(demo_db):
    with demo_db.session() as s:
        planned = s.exec(
            select(StudySession).where(StudySession.status == SessionStatus.PLANNED)
        ).first()
    with pytest.raises(InvalidInput, match="was not held"):
        session_pulse.add_vote(demo_db, planned.id, 5)


def test_no_table_holds_a_member_next_to_a_pulse(demo_db):
    """Anonymous by design: neither table has a member column or a key to the roster."""
    with demo_db.session() as s:
        schema = inspect(s.connection())
        for table in (SessionPulse.__tablename__, PulseNote.__tablename__):
            columns = {c["name"] for c in schema.get_columns(table)}
            assert not [c for c in columns if "member" in c or "author" in c or "by" in c]
            keys = {k["referred_table"] for k in schema.get_foreign_keys(table)}
            assert keys == {"study_session"}


# The command


def test_recording_a_pulse_after_the_fact(demo_db, cop):
    said = cop("pulse", "latest", "--votes", "5,4,4,3", "--note", "More <b>practice</b>")
    assert said.code == 0, said.err
    assert "4 of 14 present voted (29%) · average 4.0 · spread 0.7" in said.out
    assert "5: 1 · 4: 2 · 3: 1 · 2: 0 · 1: 0" in said.out
    corrected = cop("pulse", "latest", "--5", "3", "--4", "6")
    assert "9 of 14 present voted" in corrected.out
    listed = json.loads(cop("pulse", "list", "--json").out)
    assert len(listed) == 6  # the sample's, newest first
    assert (listed[0]["counts"], listed[0]["notes"]) == (
        {"1": 0, "2": 0, "3": 0, "4": 6, "5": 3},
        ["More <b>practice</b>"],
    )
    table = cop("pulse", "list").out
    assert "Thu 2026-11-19 12:00  9      64% of 14   4.3      0.5     3  6  0  0  0  1" in table


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("latest", "--votes", "5,6"), "score from 1 to 5, not 6"),
        (("latest", "--votes", "5", "--5", "1"), "not both"),
        (("latest",), "give the votes"),
        (("latest", "--3", "-2"), "cannot be -2"),
        (("latest", "--5", "40"), "40 votes but only 14 people checked in as present; add --yes"),
        (("2026-12-03", "--votes", "5"), "was not held"),
        (("1999-01-01", "--votes", "5"), "no session"),
        (("list", "--votes", "5"), "only lists"),
        (("latest", "--note", "  "), "empty"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_stored(demo_db, cop, db_path, args, says):
    before = stored_bytes(db_path)
    said = cop("pulse", *args)
    assert said.code == 2, said.out
    assert says in said.err
    assert len(said.err.strip().splitlines()) == 1
    assert stored_bytes(db_path) == before


def test_yes_stores_more_votes_than_present(demo_db, cop):
    said = cop("pulse", "latest", "--5", "20", "--yes")
    assert said.code == 0, said.err
    assert "20 of 14 present voted (143%)" in said.out


def test_no_pulse_yet_is_said(db, berlin_circle, cop):
    assert "No session has a pulse yet" in cop("pulse", "list").out
    assert json.loads(cop("pulse", "list", "--json").out) == []


# The lifecycle: whatever the order of votes, take-backs, corrections and notes, what is
# stored is what the room gave, and a refusal stores nothing.


def test_any_sequence_of_tallying_keeps_the_stored_counts_right(demo_db):
    from hypothesis import HealthCheck, settings
    from hypothesis import strategies as st
    from hypothesis.stateful import (
        RuleBasedStateMachine,
        invariant,
        rule,
        run_state_machine_as_test,
    )

    session = latest_held(demo_db)
    present = session_pulse.pulse_of(demo_db, session.id).present
    scores = st.integers(min_value=1, max_value=5)

    class Tallying(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            session_pulse.record_pulse(demo_db, None, session.id[:8], (0, 0, 0, 0, 0), [])
            self.counts = [0, 0, 0, 0, 0]
            self.notes = len(session_pulse.pulse_of(demo_db, session.id).notes)

        @rule(score=scores, confirmed=st.booleans())
        def vote(self, score, confirmed):
            over = sum(self.counts) + 1 > present
            if over and not confirmed:
                with pytest.raises(MoreVotesThanPresent):
                    session_pulse.add_vote(demo_db, session.id, score)
                return
            session_pulse.add_vote(demo_db, session.id, score, over_present=confirmed)
            self.counts[score - 1] += 1

        @rule(score=scores)
        def take_back(self, score):
            if not self.counts[score - 1]:
                with pytest.raises(InvalidInput):
                    session_pulse.take_back(demo_db, session.id, score)
                return
            session_pulse.take_back(demo_db, session.id, score)
            self.counts[score - 1] -= 1

        @rule(counts=st.tuples(*[st.integers(0, 6)] * 5))
        def correct(self, counts):
            if sum(counts) > present:
                with pytest.raises(MoreVotesThanPresent):
                    session_pulse.record_pulse(demo_db, None, session.id[:8], counts, [])
                return
            session_pulse.record_pulse(demo_db, None, session.id[:8], counts, [])
            self.counts = list(counts)

        @rule(text=st.text(min_size=1, max_size=20))
        def note(self, text):
            if not text.strip() or any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text):
                return  # the text rules are tested with the other free text
            session_pulse.add_note(demo_db, session.id, text)
            self.notes += 1

        @invariant()
        def stored_as_given(self):
            stored = session_pulse.pulse_of(demo_db, session.id)
            assert list(stored.counts) == self.counts
            assert len(stored.notes) == self.notes

    run_state_machine_as_test(
        Tallying,
        settings=settings(
            max_examples=20,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture],
        ),
    )
