"""Dialogue topics (Lean Coffee): proposed before, voted in the room within the dots,
talked through in timeboxes read from stored events, rolled over when not reached, and
told in the exports and the call for talks."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from sqlmodel import select

from facilitator.errors import InvalidInput
from facilitator.live_session import LiveSession, shorter_timebox
from facilitator.services import live
from facilitator.services.export import session_report
from facilitator.services.topics import add_topic
from facilitator.vocabulary import TopicStatus
from store.models import DialogueTopic, StudySession, Takeaway

from conftest import FROZEN_NOW
from tui_helpers import FakeTime


def in_dialogue(db, fake: FakeTime, present: int = 2) -> LiveSession:
    """A live session of the Berlin circle with `present` people checked in, its clock
    in Dialogue (Input and Practice sharing took 10 minutes each)."""
    session_id = live.begin_session(db, None, FROZEN_NOW, "Chen Wei", "Agents")
    session = LiveSession(db, session_id, fake.session_time())
    for row in session.attendance()[:present]:
        session.set_attendance(row.member_id, "present")
    session.start()
    for _ in range(2):
        fake.advance(600)
        session.goto(+1)
    return session


@pytest.fixture
def dialogue(db, berlin_circle):
    fake = FakeTime()
    return in_dialogue(db, fake), fake


def test_topics_are_proposed_listed_and_withdrawn_from_the_command_line(cop, berlin_circle):
    assert cop("session", "plan", "--date", "2026-12-03").code == 0
    first = cop("topic", "add", "How do we measure time saved?", "--by", "Ana Lima")
    assert first.code == 0 and "for the next session" in first.out
    assert cop("topic", "add", "Agents & <risks>", "--session", "2026-12-03").code == 0
    listed = json.loads(cop("topic", "list", "--json").out)
    assert [(t["text"], t["proposed_by"]) for t in listed] == [
        ("How do we measure time saved?", "Ana Lima"),
        ("Agents & <risks>", None),
    ]
    assert cop("topic", "withdraw", "Agents & <risks>").code == 0
    assert [t["text"] for t in json.loads(cop("topic", "list", "--json").out)] == [
        "How do we measure time saved?"
    ]
    announced = cop("announce").out
    assert "Topics for Dialogue (1):" in announced and "How do we measure time saved?" in announced
    assert 'cop topic add "Your topic" --session 2026-12-03' in announced


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["topic", "add", "  "], "topic"),
        (["topic", "add", "a\nb"], "one line"),
        (["topic", "add", "x" * 301], "300"),
        (["topic", "add", "x", "--by", "Nobody Here"], "Nobody Here"),
        (["topic", "add", "x", "--session", "2020-01-01"], "2020-01-01"),
        (["topic", "withdraw", "zz"], "no open topic"),
        (["community", "edit", "--dots", "11"], "between 1 and 10"),
        (["community", "edit", "--topic-minutes", "0"], "1 to 30 minutes"),
    ],
)
def test_bad_topic_input_is_a_clear_message_and_exit_2(cop, berlin_circle, args, said):
    done = cop(*args)
    assert done.code == 2 and said in done.err, done.err
    assert "Traceback" not in done.err


def test_votes_stay_within_the_rooms_dots(db, dialogue):
    session, _ = dialogue
    topic = session.add_topic("Which model for review?")
    board = session.topic_board()
    assert (board.votes_cast, board.dots) == (0, 9)  # the host and 2 more present × 3 dots
    for _ in range(9):
        board = session.vote_topic(topic.id, +1)
    assert board.votes_cast == 9 and board.topics[0].votes == 9
    with pytest.raises(InvalidInput, match="votes cast 9 of 9: every dot is used"):
        session.vote_topic(topic.id, +1)
    assert session.vote_topic(topic.id, -1).votes_cast == 8
    other = session.add_topic("Prompt libraries")
    with pytest.raises(InvalidInput, match="no vote to take back"):
        session.vote_topic(other.id, -1)


def test_nobody_present_has_no_dots(db, berlin_circle):
    session = in_dialogue(db, FakeTime(), present=0)
    for row in session.attendance():  # the host too
        session.set_attendance(row.member_id, "absent")
    topic = session.add_topic("Anything")
    with pytest.raises(InvalidInput, match="nobody is checked in"):
        session.vote_topic(topic.id, +1)


def test_the_most_voted_topic_runs_in_its_timebox_then_goes_on_or_moves_on(db, dialogue):
    session, fake = dialogue
    first = session.add_topic("First")
    second = session.add_topic("Second")
    session.vote_topic(second.id, +1)
    started = session.start_next_topic()
    assert started.id == second.id  # the most voted
    reading = session.reading()
    assert reading.topic_id == second.id and reading.topic_budget_seconds == 5 * 60
    fake.advance(5 * 60)
    assert session.reading().topic_remaining_seconds == 0
    assert session.continue_topic() == 3 * 60  # half of 5, in whole minutes
    fake.advance(4 * 60)
    assert session.reading().topic_remaining_seconds == -60  # a minute over
    following = session.move_on()
    assert following is not None and following.id == first.id
    with db.session() as s:
        row = s.get(DialogueTopic, second.id)
        assert (row.status, row.seconds, row.session_id) == ("discussed", 9 * 60, session.id)


def test_a_timebox_never_outlasts_dialogue(db, dialogue):
    session, fake = dialogue
    session.add_topic("Long one")
    fake.advance(12 * 60 + 30)  # Dialogue (15 min) has 2 min 30 s left
    session.start_next_topic()
    assert session.reading().topic_budget_seconds == 2 * 60  # whole minutes only
    fake.advance(2 * 60)
    with pytest.raises(InvalidInput, match="no whole minute left"):
        session.continue_topic()


def test_topics_wait_for_dialogue_and_a_running_clock(db, berlin_circle):
    fake = FakeTime()
    session_id = live.begin_session(db, None, FROZEN_NOW, "Chen Wei", "Agents")
    session = LiveSession(db, session_id, fake.session_time())
    session.start()
    session.add_topic("Early")
    with pytest.raises(InvalidInput, match="talked through during Dialogue; it is Input now"):
        session.start_next_topic()
    session.goto(+1)
    session.goto(+1)
    session.toggle_pause()
    with pytest.raises(InvalidInput, match="the clock is paused"):
        session.start_next_topic()


@pytest.mark.parametrize(("last", "shorter"), [(300, 180), (180, 120), (120, 60), (60, 60)])
def test_each_timebox_the_room_adds_is_shorter(last, shorter):
    assert shorter_timebox(last) == shorter


def test_a_kill_in_the_middle_of_a_topic_resumes_with_the_time_it_had_left(db, dialogue):
    session, fake = dialogue
    topic = session.add_topic("Survives a crash")
    session.start_next_topic()
    fake.advance(100)
    again = LiveSession(db, session.id, fake.session_time())  # a new process, same events
    reading = again.reading()
    assert reading.topic_id == topic.id and reading.topic_remaining_seconds == 200
    assert again.running_topic(reading).text == "Survives a crash"


def test_a_takeaway_is_linked_to_the_topic_being_talked_through(db, dialogue):
    session, _ = dialogue
    topic = session.add_topic("Linked")
    before = session.add_takeaway("Said before any topic", "tip", None)
    session.start_next_topic()
    during = session.add_takeaway("Said during the topic", "tip", None)
    with db.session() as s:
        assert s.get(Takeaway, before.id).topic_id is None
        assert s.get(Takeaway, during.id).topic_id == topic.id
    from facilitator.services.library import search

    found = search(db, topic="LINKED", limit=None).entries
    assert [e.text for e in found] == ["Said during the topic"]
    assert search(db, topic="nothing like it", limit=None).entries == []


def test_ending_rolls_over_what_was_not_reached_and_the_summary_says_so(db, dialogue):
    session, fake = dialogue
    talked = session.add_topic("Talked")
    session.vote_topic(talked.id, +1)
    add_topic(db, None, "Proposed before")  # waiting for the next session: on this board
    session.start_next_topic()
    fake.advance(200)
    session.goto(+1)  # Handoff: the topic was talked through
    session.end(None, None)
    report = session_report(db, None, session.id)
    assert [(t.text, t.votes, t.seconds) for t in report.discussed_topics] == [("Talked", 1, 200)]
    assert [t.text for t in report.rolled_over_topics] == ["Proposed before"]
    with db.session() as s:
        waiting = s.exec(
            select(DialogueTopic).where(DialogueTopic.status == TopicStatus.OPEN)
        ).all()
        assert [(t.text, t.session_id, t.rolled_from_id is not None) for t in waiting] == [
            ("Proposed before", None, True)
        ]


def test_the_board_survives_any_sequence(db, berlin_circle):
    """Any sequence of proposing, voting, starting, going on, moving on, time passing and
    restarting the app: the dots are never overspent, a running topic's countdown is what
    its timeboxes minus its time say, and a restart reads the same board and clock."""
    from datetime import timedelta

    from hypothesis.stateful import run_state_machine_as_test

    started = [0]

    class TopicBoardMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            with db.session() as s:  # the previous example's session, out of the way
                live_ids = s.exec(
                    select(StudySession.id).where(StudySession.status == "live")
                ).all()
            for session_id in live_ids:
                live.cancel_live_session(db, session_id, FROZEN_NOW, None, "next example")
            started[0] += 1
            self.fake = FakeTime(FROZEN_NOW + timedelta(hours=started[0]))
            self.session = in_dialogue(db, self.fake, present=2)

        @rule(text=st.sampled_from(["A", "B", "C"]))
        def propose(self, text: str) -> None:
            self.session.add_topic(text)

        @rule(index=st.integers(0, 5), delta=st.sampled_from([1, -1]))
        def vote(self, index: int, delta: int) -> None:
            board = self.session.topic_board()
            if not board.waiting:
                return
            topic = board.waiting[index % len(board.waiting)]
            try:
                self.session.vote_topic(topic.id, delta)
            except InvalidInput:
                assert (delta > 0 and board.votes_cast >= board.dots) or (
                    delta < 0 and topic.votes == 0
                )

        @rule()
        def start(self) -> None:
            with contextlib.suppress(InvalidInput):
                self.session.start_next_topic()

        @rule()
        def go_on(self) -> None:
            with contextlib.suppress(InvalidInput):
                self.session.continue_topic()

        @rule()
        def move_on(self) -> None:
            with contextlib.suppress(InvalidInput):
                self.session.move_on()

        @rule(seconds=st.sampled_from([30, 60, 200]))
        def time_passes(self, seconds: int) -> None:
            self.fake.advance(seconds)

        @rule()
        def restart(self) -> None:
            before = self.session.reading()
            self.session = LiveSession(db, self.session.id, self.fake.session_time())
            after = self.session.reading()
            assert (after.topic_id, after.topic_remaining_seconds) == (
                before.topic_id,
                before.topic_remaining_seconds,
            )

        @invariant()
        def within_the_dots(self) -> None:
            board = self.session.topic_board()
            assert 0 <= board.votes_cast <= board.dots
            assert all(t.votes >= 0 for t in board.topics)
            reading = self.session.reading()
            if reading.topic_id is not None:
                assert reading.topic_budget_seconds >= 60
                assert reading.topic_id in {t.id for t in board.topics}
                assert reading.topic_remaining_seconds == reading.topic_budget_seconds - (
                    reading.topic_elapsed_seconds
                )

    run_state_machine_as_test(
        TopicBoardMachine,
        settings=settings(
            max_examples=15,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
