"""The live session reports what happened in the room: the plan as run, all-or-nothing endings."""

from __future__ import annotations

import pytest
from sqlmodel import select

from facilitator.errors import CopError, NotPresent
from facilitator.live_session import LiveSession
from facilitator.report_data import ABSENT_NAMED_UP_TO
from facilitator.services import export, live
from store.models import LightningTalk, StudySession

from conftest import FROZEN_NOW
from tui_helpers import FakeTime


@pytest.fixture
def circle(berlin_circle, db):
    return db


def start(db, fake: FakeTime) -> LiveSession:
    session_id = live.begin_session(db, None, FROZEN_NOW, "Ana Lima", "Prompt patterns")
    return LiveSession(db, session_id, fake.session_time())


def test_the_report_shows_the_plan_as_run_with_the_original(circle):
    fake = FakeTime()
    session = start(circle, fake)
    session.start()
    for _ in range(6):
        session.adjust(60)
    fake.advance(21 * 60)  # six minutes late
    session.apply_rebalance(session.rebalance_proposal())
    for _ in range(3):
        session.goto(+1)
    for _ in range(4):
        session.adjust(-60)
    fake.advance(60)
    session.end(None, None)
    report = export.report_by_id(circle, session.id)
    plans = [(p.name, p.plan) for p in report.parts]
    assert plans[0] == ("Input", "21 min (planned 15)")
    assert plans[3] == ("Handoff", "1 min (planned 5)")
    summary = session.summary()
    assert [p.planned_minutes for p in summary.parts] == [
        int(p.plan.split()[0]) for p in report.parts
    ]
    assert sum(p.planned_minutes for p in summary.parts[:3]) < 15 + 25 + 15 + 6
    rendered = export.render(report, "markdown")
    assert "| Input | 21 min (planned 15) | 21 min |" in rendered


def test_a_refused_next_host_leaves_the_session_live_and_the_talk_running(circle):
    fake = FakeTime()
    session = start(circle, fake)
    session.start()
    session.goto(+1)
    talk = session.add_talk("Ben Okafor", "Running")
    session.start_talk(talk.id)
    fake.advance(120)
    with pytest.raises(CopError, match="did you mean"):
        session.end("Next topic", "Chen Wai")
    with circle.session() as s:
        assert s.get(StudySession, session.id).status == "live"
        assert s.get(LightningTalk, talk.id).status == "running"
        assert s.exec(select(StudySession)).all()[0].next_topic is None
    again = LiveSession(circle, session.id, fake.session_time()).reading()
    assert again.talk_id == talk.id and not again.ended
    session.end("Next topic", "Chen Wei")
    with circle.session() as s:
        assert s.get(LightningTalk, talk.id).status == "given"


def test_a_cancelled_session_rolls_a_running_talk_over(circle):
    fake = FakeTime()
    session = start(circle, fake)
    session.start()
    session.goto(+1)
    talk = session.add_talk("Ben Okafor", "Interrupted")
    session.start_talk(talk.id)
    session.cancel("fire drill")
    with circle.session() as s:
        rows = s.exec(select(LightningTalk).where(LightningTalk.title == "Interrupted")).all()
    assert sorted(r.status for r in rows) == ["queued", "rolled_over"]


def test_only_people_present_commit_unless_they_are_checked_in_with_it(circle):
    session = start(circle, FakeTime())
    with pytest.raises(NotPresent, match="Ben Okafor is not checked in as present"):
        session.add_commitment("ben okafor", "Try it", session.info.default_due)
    assert session.commitments() == []
    session.add_commitment("Ben Okafor", "Try it", session.info.default_due, mark_present=True)
    report = export.report_by_id(circle, session.id)
    assert "Ben Okafor" not in report.absent
    assert any("Ben Okafor" in names for _, names in report.present)
    assert [c.owner.name for c in report.commitments] == ["Ben Okafor"]


def test_someone_who_joined_later_is_not_absent_from_an_earlier_session(circle, cop):
    from datetime import date

    from facilitator.services.roster import MemberFields, add_member

    session = start(circle, FakeTime())
    session.end(None, None)
    add_member(circle, None, MemberFields(name="Zoe Later"), date(2027, 1, 10))
    add_member(circle, None, MemberFields(name="Yann Before"), date(2026, 11, 1))
    absent = export.report_by_id(circle, session.id).absent
    assert "Zoe Later" not in absent
    assert "Yann Before" in absent and "Ben Okafor" in absent


@pytest.mark.parametrize("absent", [ABSENT_NAMED_UP_TO, ABSENT_NAMED_UP_TO + 1])
def test_absentees_are_named_up_to_forty_and_counted_beyond(circle, absent):
    """Absent: marked absent in the room, or on the roster that day and not checked in.
    Up to the threshold every one is named; one more and the summary gives the number."""
    from datetime import date

    from facilitator.services.roster import MemberFields, add_member

    session = start(circle, FakeTime())
    rows = {row.name: row.member_id for row in session.attendance()}
    session.set_attendance(rows["Ana Lima"], "present")
    session.set_attendance(rows["Ben Okafor"], "absent")
    session.end(None, None)
    already = len(export.report_by_id(circle, session.id).absent)
    for number in range(absent - already):
        add_member(circle, None, MemberFields(name=f"Member {number:02}"), date(2026, 11, 1))
    add_member(circle, None, MemberFields(name="Joined Later"), date(2027, 1, 10))
    report = export.report_by_id(circle, session.id)
    rendered = export.render(report, "markdown")
    page = export.render(report, "confluence")
    if absent <= ABSENT_NAMED_UP_TO:
        assert len(report.absent) == absent and report.absent_count is None
        assert "Ben Okafor" in report.absent and "Joined Later" not in report.absent
        assert f"**Absent ({absent}):** Ben Okafor, " in rendered
        assert f"<strong>Absent ({absent}):</strong> Ben Okafor, " in page
    else:
        assert report.absent == [] and report.absent_count == absent
        assert f"**Absent ({absent}):** not named (more than {ABSENT_NAMED_UP_TO})" in rendered
        assert f"<strong>Absent ({absent}):</strong> not named (more than 40)</p>" in page
