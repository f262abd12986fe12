"""The live-session services against a real SQLite file: what is stored is what comes back."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text
from sqlmodel import select

from facilitator.errors import CopError, InvalidInput, NotFound
from facilitator.live_session import LiveSession
from facilitator.services import live, talks
from facilitator.services.roster import MemberFields, add_member
from facilitator.services.roster_pages import list_members
from store.models import AgendaPart, Attendance, LightningTalk, StudySession

from conftest import FROZEN_NOW
from tui_helpers import FakeTime

NASTY = "[b]bold?[/b] <script> | pipe & ampersand 🧪 مرحبا"


@pytest.fixture
def circle(berlin_circle, db):
    return db


def start(db, fake: FakeTime | None = None, host: str | None = "Ana Lima") -> LiveSession:
    session_id = live.begin_session(db, None, FROZEN_NOW, host, "Prompt patterns")
    return LiveSession(db, session_id, (fake or FakeTime()).session_time())


def test_begin_creates_todays_session_with_the_communitys_agenda(circle):
    proposal = live.start_proposal(circle, None, FROZEN_NOW)
    assert proposal.session_id is None and proposal.scheduled_at.date() == date(2026, 11, 21)
    session = start(circle)
    with circle.session() as s:
        parts = s.exec(select(AgendaPart).order_by(AgendaPart.position)).all()
        row = s.get(StudySession, session.id)
    assert [(p.name, p.planned_seconds) for p in parts] == [
        ("Input", 900),
        ("Practice sharing", 1500),
        ("Dialogue", 900),
        ("Handoff", 300),
    ]
    assert row.status == "live" and row.topic == "Prompt patterns"
    assert [r.name for r in session.attendance() if r.status == "present"] == ["Ana Lima"]
    again = live.start_proposal(circle, None, FROZEN_NOW)
    assert again.session_id == session.id and again.status == "live"


def test_begin_opens_the_planned_session_of_that_day_and_refuses_a_second_live_one(circle, cop):
    assert cop("session", "plan", "--date", "2026-11-26").code == 0
    proposal = live.start_proposal(circle, None, FROZEN_NOW, "2026-11-26")
    assert proposal.session_id is not None and proposal.status == "planned"
    first = live.begin_session(circle, None, FROZEN_NOW, None, None, "2026-11-26")
    assert first == proposal.session_id
    with pytest.raises(CopError, match="is live; end or abandon it"):
        live.begin_session(circle, None, FROZEN_NOW, None, None, "2026-12-10")


def test_an_unknown_host_is_refused_with_a_suggestion(circle):
    with pytest.raises(NotFound, match="did you mean 'Ana Lima'"):
        live.begin_session(circle, None, FROZEN_NOW, "Ana Lim", None)
    with circle.session() as s:
        assert s.exec(select(StudySession)).all() == []


def test_the_clock_is_restored_from_stored_events(circle):
    fake = FakeTime()
    session = start(circle, fake)
    session.start()
    fake.advance(300)
    session.goto(+1)
    fake.advance(100)
    session.adjust(60)
    fake.advance(20)
    session.toggle_pause()
    fake.advance(5000)
    # A new process: a fresh anchor on the same wall clock, the same events.
    reopened = LiveSession(circle, session.id, fake.session_time())
    reading = reopened.reading()
    assert reading.part.name == "Practice sharing" and not reading.running
    assert reading.parts[0].elapsed_seconds == 300
    assert reading.part.elapsed_seconds == 120
    assert reading.part.budget_seconds == 26 * 60


def test_a_running_clock_counts_the_time_the_app_was_down(circle):
    fake = FakeTime()
    session = start(circle, fake)
    session.start()
    fake.advance(60)
    session.goto(+1)
    fake.advance(42)  # killed here; relaunched 42 s later
    reopened = LiveSession(circle, session.id, fake.session_time())
    assert reopened.reading().part.elapsed_seconds == 42


def test_sleep_is_noticed_and_can_be_taken_off(circle):
    fake = FakeTime()
    session = start(circle, fake)
    session.start()
    fake.advance(60)
    fake.sleep(900)
    gap = session.notice_sleep()
    assert gap == 900
    assert session.reading().part.elapsed_seconds == 960  # counted until told otherwise
    session.discount(gap)
    assert session.reading().part.elapsed_seconds == 60
    assert session.notice_sleep() == 0


def test_sleep_while_paused_is_not_asked_about(circle):
    fake = FakeTime()
    session = start(circle, fake)
    session.start()
    session.toggle_pause()
    fake.sleep(900)
    assert session.notice_sleep() == 0


def test_talks_run_in_practice_sharing_and_roll_over_when_not_given(circle, cop):
    fake = FakeTime()
    session = start(circle, fake)
    session.start()
    first = session.add_talk("Ben Okafor", "My agent setup")
    second = session.add_talk("Chen Wei", "Prompt linting", minutes=3)
    third = session.add_talk("Ana Lima", "Withdrawn one")
    with pytest.raises(InvalidInput, match="talks run during Practice sharing"):
        session.start_talk(first.id)
    session.goto(+1)
    session.move_talk(second.id, -1)
    assert [t.title for t in session.talks()] == [
        "Prompt linting",
        "My agent setup",
        "Withdrawn one",
    ]
    session.start_talk(second.id)
    with pytest.raises(InvalidInput, match="still running"):
        session.start_talk(first.id)
    fake.advance(200)
    reading = session.reading()
    assert reading.talk_id == second.id and reading.talk_elapsed_seconds == 200
    session.finish_talk(second.id, "given")
    session.finish_talk(third.id, "withdrawn")
    session.end(None, None)
    with circle.session() as s:
        rows = s.exec(select(LightningTalk).order_by(LightningTalk.created_at)).all()
    statuses = {(r.title, r.status, r.session_id is None) for r in rows}
    assert ("Prompt linting", "given", False) in statuses
    assert ("My agent setup", "rolled_over", False) in statuses
    assert ("My agent setup", "queued", True) in statuses  # waiting for the next session
    assert ("Withdrawn one", "withdrawn", False) in statuses
    assert len(rows) == 4


def test_captured_text_is_stored_exactly_as_typed(circle):
    session = start(circle)
    long_text = ("a prompt that goes on " * 500)[:10_000]
    item = session.add_takeaway(NASTY, "prompt", "ben okafor")
    session.add_takeaway(long_text, "workflow", None)
    assert item.author == "Ben Okafor"
    assert [t.text for t in session.takeaways()] == [NASTY, long_text]
    with pytest.raises(InvalidInput, match="the takeaway is empty"):
        session.add_takeaway("   \n ", "tip", None)
    with pytest.raises(InvalidInput, match="unknown kind 'gossip'"):
        session.add_takeaway("text", "gossip", None)
    edited = session.edit_takeaway(item.id, "edited", "risk", None)
    assert (edited.text, edited.kind, edited.author) == ("edited", "risk", None)


def test_deleting_a_takeaway_keeps_the_commitment_it_inspired(circle):
    session = start(circle)
    item = session.add_takeaway("Use a rubric", "tip", None)
    commitment = session.add_commitment(
        "Ana Lima", "Write a rubric", date(2026, 12, 3), None, item.id
    )
    assert commitment.inspired_by == "tip: Use a rubric"
    session.delete_takeaway(item.id)
    assert session.takeaways() == []
    assert session.commitments()[0].inspired_by is None


def test_the_handoff_queue_walks_through_everyone_present(circle):
    session = start(circle)
    people = {r.name: r for r in session.attendance()}
    session.set_attendance(people["Ben Okafor"].member_id, "present")
    session.set_attendance(people["Chen Wei"].member_id, "excused")
    assert [r.name for r in session.handoff_queue()] == ["Ana Lima", "Ben Okafor"]
    session.add_commitment("Ana Lima", "Try it", session.info.default_due)
    session.pass_commitment(people["Ben Okafor"].member_id)
    assert session.handoff_queue() == []
    with pytest.raises(InvalidInput, match="only someone checked in as present can pass"):
        session.pass_commitment(people["Chen Wei"].member_id)
    with pytest.raises(InvalidInput, match="before the session"):
        session.add_commitment("Ben Okafor", "Late", date(2026, 1, 1))
    assert session.summary().passes == ["Ben Okafor"]


def test_a_newcomer_joins_the_roster_checked_in(circle):
    session = start(circle)
    row = session.add_newcomer("Zoe Adams", "Legal", date(2026, 11, 21))
    assert row.newcomer and row.status == "present"
    with pytest.raises(CopError, match="already on the roster"):
        session.add_newcomer("zoe adams", None, date(2026, 11, 21))
    assert session.summary().newcomers == ["Zoe Adams"]


def test_ending_records_next_host_and_topic_on_the_next_session(circle):
    fake = FakeTime()
    session = start(circle, fake)
    session.start()
    fake.advance(3600)
    session.end("Agents in practice", "Chen Wei")
    with circle.session() as s:
        rows = s.exec(select(StudySession).order_by(StudySession.scheduled_at)).all()
    ended, upcoming = rows
    assert ended.status == "ended" and ended.next_topic == "Agents in practice"
    assert upcoming.status == "planned" and upcoming.topic == "Agents in practice"
    # Every other Thursday, in phase with this week's session: the Thursday after next.
    assert upcoming.scheduled_at.date() == date(2026, 12, 3)
    summary_parts = LiveSession(circle, ended.id, fake.session_time()).reading()
    assert summary_parts.ended and summary_parts.session_elapsed_seconds == 3600
    with pytest.raises(InvalidInput, match="not live"):
        session.end(None, None)


def test_the_roster_counts_ended_sessions_where_someone_was_present(circle):
    fake = FakeTime()
    session = start(circle, fake)
    people = {r.name: r for r in session.attendance()}
    session.set_attendance(people["Ben Okafor"].member_id, "present")
    session.set_attendance(people["Chen Wei"].member_id, "excused")

    def figures() -> dict[str, tuple[int, object]]:
        return {
            m.name: (m.sessions_attended, m.last_hosted and m.last_hosted.date())
            for m in list_members(circle, None)
        }

    assert set(figures().values()) == {(0, None)}  # a live session counts for nobody yet
    session.start()
    fake.advance(3600)
    session.end(None, None)
    counted = figures()
    assert counted["Ana Lima"] == (1, date(2026, 11, 21))
    assert counted["Ben Okafor"] == (1, None)
    assert counted["Chen Wei"] == (0, None)  # excused is not attended


def test_abandon_and_cancel_keep_what_was_captured(circle, db_path):
    session = start(circle)
    session.start()
    session.add_takeaway("kept", "tip", None)
    session.goto(+1)
    running = session.add_talk("Ben Okafor", "Cut short")
    session.start_talk(running.id)
    session.abandon()
    assert [(t.title, t.status) for t in session.talks()] == [("Cut short", "given")]
    add_member(circle, None, MemberFields(name="Dan Brown"), date(2026, 11, 21))
    second = live.begin_session(circle, None, FROZEN_NOW, None, None, "2026-11-26")
    LiveSession(circle, second, FakeTime().session_time()).cancel("fire drill")
    with circle.session() as s:
        rows = s.exec(
            text("SELECT status, abandoned, cancel_reason FROM study_session ORDER BY scheduled_at")
        ).all()
        kept = s.exec(text("SELECT text FROM takeaway")).all()
    assert [tuple(r) for r in rows] == [("ended", True, None), ("cancelled", False, "fire drill")]
    assert [tuple(r) for r in kept] == [("kept",)]


def test_drafts_survive_until_saved(circle):
    session = start(circle)
    session.save_draft("takeaway", {"text": "half a thou", "kind": "tip"})
    assert LiveSession(circle, session.id, FakeTime().session_time()).load_draft("takeaway") == {
        "text": "half a thou",
        "kind": "tip",
    }
    session.clear_draft("takeaway")
    assert session.load_draft("takeaway") is None


def test_attendance_marks_are_stored_as_they_are_made(circle, db_path):
    session = start(circle)
    ben = next(r for r in session.attendance() if r.name == "Ben Okafor")
    session.set_attendance(ben.member_id, "present")
    session.set_attendance(ben.member_id, "absent")
    with circle.session() as s:
        marks = s.exec(select(Attendance)).all()
    assert sorted(m.status for m in marks) == ["absent", "present"]


def test_the_check_in_lists_the_active_roster_and_whoever_is_already_marked(circle, cop):
    """Read as plain columns in one statement: the active members by name, an inactive one
    only once marked, never a forgotten one, nobody of another community (the host is
    checked in as the session begins)."""
    assert cop("roster", "add", "Dana Ruiz").code == 0
    assert cop("roster", "add", "Eve Stone").code == 0
    assert cop("community", "create", "Elsewhere", "--cadence", "weekly on friday").code == 0
    assert cop("roster", "add", "Zed Other", "--community", "Elsewhere").code == 0
    assert cop("community", "use", "Circle").code == 0
    session = start(circle)
    dana = next(r for r in session.attendance() if r.name == "Dana Ruiz")
    session.set_attendance(dana.member_id, "excused")
    assert cop("roster", "deactivate", "Dana Ruiz").code == 0
    assert cop("roster", "deactivate", "Chen Wei").code == 0
    assert cop("roster", "forget", "Eve Stone", "--yes").code == 0
    rows = session.attendance()
    assert [r.name for r in rows] == ["Ana Lima", "Ben Okafor", "Dana Ruiz"]
    assert [str(r.status) if r.status else None for r in rows] == ["present", None, "excused"]
    assert [(r.newcomer, r.passed) for r in rows] == [(False, False)] * 3
    assert rows[1].department == "Sales"


def test_cop_talk_add_and_list(cop, berlin_circle):
    assert cop("session", "plan", "--date", "2026-11-26").code == 0
    added = cop("talk", "add", "Ben Okafor", NASTY, "--minutes", "7")
    assert added.code == 0 and "Thu 2026-11-26" in added.out and NASTY in added.out
    listed = cop("talk", "list")
    assert NASTY in listed.out and "Ben Okafor" in listed.out
    assert cop("talk", "add", "Ben Okafr", "x").err.strip().endswith("did you mean 'Ben Okafor'?")
    too_long = cop("talk", "add", "Ben Okafor", "x", "--minutes", "90")
    assert too_long.code == 2 and "between 1 and 60 minutes" in too_long.err
    no_session = cop("talk", "add", "Ben Okafor", "x", "--date", "2026-12-24")
    assert no_session.code == 2 and "no planned session on 2026-12-24" in no_session.err
    empty = cop("talk", "add", "Ben Okafor", "  ")
    assert empty.code == 2 and "the talk title is empty" in empty.err


def test_talks_signed_up_without_a_session_join_the_next_one_to_start(cop, circle):
    assert cop("talk", "add", "Chen Wei", "Waiting talk").out.strip().endswith("the next session")
    session = start(circle)
    assert [t.title for t in session.talks()] == ["Waiting talk"]


def test_cop_session_start_refuses_bad_input_before_opening_the_app(cop, berlin_circle):
    bad = cop("session", "start", "--date", "someday")
    assert bad.code == 2 and "cannot understand the date 'someday'" in bad.err
    unknown = cop("session", "start", "--community", "Nope")
    assert unknown.code == 2 and "no community named 'Nope'" in unknown.err


def test_waiting_talks_listing_without_a_session(circle):
    talks.add_talk(circle, None, "Ana Lima", "Queued", FROZEN_NOW)
    session, items = talks.upcoming_talks(circle, None, FROZEN_NOW)
    assert session is None and [t.title for t in items] == ["Queued"]
