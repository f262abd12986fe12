"""The pulse: "was it worth your time?" counted per score, anonymous, tallied or recorded."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import inspect
from sqlmodel import select

from facilitator.errors import InvalidInput
from facilitator.pulse_tally import Pulse, counts_given, counts_of_votes
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
    assert nobody.headline().startswith("1 voted (nobody checked in)")


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
    with pytest.raises(InvalidInput, match="cannot be -1"):
        counts_given({3: -1})


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
