"""Home's overview and the schedule's reads are made on the light tables (store.light_tables),
not the mapped ones: what they show must equal what the mapped rows give, and a read in
the middle of a change must see the change, as an ORM query would."""

from __future__ import annotations

from datetime import timedelta

from facilitator.services import schedule, sessions
from facilitator.services.communities import community_row
from facilitator.services.home_overview import home_overview, left_live
from facilitator.vocabulary import AttendanceStatus, SessionStatus
from store.models import StudySession

from conftest import FROZEN_NOW


def test_home_lists_each_session_as_the_mapped_rows_list_it(demo_db):
    """Every field of the next, missed and recent sessions, times, statuses, hosts' names
    and the four counts included, is what listing the mapped rows gives."""
    with demo_db.session() as s:
        crow = community_row(s, None)
        late = schedule.new_session(s, crow, FROZEN_NOW - timedelta(days=3), topic="Missed one")
        late_id = late.id
    overview = home_overview(demo_db, None, FROZEN_NOW)
    listed = {item.id: item for item in sessions.list_sessions(demo_db, None)}
    assert overview.next_session == listed[overview.next_session.id]
    assert overview.next_session.status == SessionStatus.PLANNED
    assert [m.id for m in overview.missed] == [late_id]
    assert overview.missed == [listed[late_id]]
    assert len(overview.recent) == 5
    assert overview.recent == [listed[item.id] for item in overview.recent]
    held = [item for item in listed.values() if item.status == SessionStatus.ENDED]
    assert {item.id for item in overview.recent} <= {item.id for item in held}
    assert any(item.attendees and item.commitments and item.takeaways for item in overview.recent)
    assert overview.next_session.scheduled_at.utcoffset() is not None


def test_the_overview_counts_equal_counting_the_mapped_rows(demo_db):
    from sqlmodel import func, select

    from store.models import Commitment, Member

    overview = home_overview(demo_db, None, FROZEN_NOW)
    with demo_db.session() as s:
        crow = community_row(s, None)
        mine = select(StudySession.id).where(StudySession.community_id == crow.id)
        open_commitments = s.exec(
            select(func.count())
            .select_from(Commitment)
            .where(Commitment.session_id.in_(mine))
            .where(Commitment.outcome.is_(None))
        ).one()
        active = s.exec(
            select(func.count())
            .select_from(Member)
            .where(Member.community_id == crow.id, Member.active)
        ).one()
    assert (overview.open_commitments, overview.active_members) == (open_commitments, active)
    assert open_commitments > 0 and active > 0


def test_the_schedule_sees_a_session_not_yet_flushed(demo_db):
    """A service that adds a session and asks the schedule in the same transaction gets the
    answer that counts the new session (the ORM would have flushed it first)."""
    with demo_db.session() as s:
        crow = community_row(s, None)
        before = schedule.peek_next(s, crow, FROZEN_NOW)
        earlier = before.at - timedelta(days=1)
        s.add(StudySession(community_id=crow.id, scheduled_at=earlier, topic="Added"))
        coming = schedule.peek_next(s, crow, FROZEN_NOW)
        assert coming.row is not None and coming.row.topic == "Added"
        assert schedule.next_session(s, crow, FROZEN_NOW).row.topic == "Added"
        s.rollback()


def test_next_session_is_the_mapped_row_of_the_one_peeked_at(demo_db):
    with demo_db.session() as s:
        crow = community_row(s, None)
        peeked = schedule.peek_next(s, crow, FROZEN_NOW)
        mapped = schedule.next_session(s, crow, FROZEN_NOW)
        assert isinstance(mapped.row, StudySession)
        assert (mapped.row.id, mapped.at, mapped.cadence_on) == (
            peeked.row.id,
            peeked.at,
            peeked.cadence_on,
        )


def test_a_session_left_live_is_found_with_its_community(demo_db):
    from facilitator.services import live

    assert left_live(demo_db) is None
    started = live.begin_session(demo_db, None, FROZEN_NOW, None, None)
    with demo_db.session() as s:
        name = community_row(s, None).name
    assert left_live(demo_db) == (started, name)


def test_each_listed_session_counts_what_its_mapped_rows_hold(demo_db):
    """The four counts of one statement (a UNION of four GROUP BYs) each land on their own
    session and field: present people only, every takeaway, commitment and talk."""
    from sqlmodel import func, select

    from store.models import Attendance, Commitment, LightningTalk, Takeaway

    overview = home_overview(demo_db, None, FROZEN_NOW)
    with demo_db.session() as s:

        def count(model, *where):
            return s.exec(select(func.count()).select_from(model).where(*where)).one()

        for item in [overview.next_session, *overview.recent]:
            assert item.attendees == count(
                Attendance,
                Attendance.session_id == item.id,
                Attendance.status == AttendanceStatus.PRESENT,
            )
            assert item.takeaways == count(Takeaway, Takeaway.session_id == item.id)
            assert item.commitments == count(Commitment, Commitment.session_id == item.id)
            assert item.talks == count(LightningTalk, LightningTalk.session_id == item.id)
    assert len({(i.attendees, i.takeaways, i.commitments) for i in overview.recent}) > 1
    assert any(i.talks for i in [overview.next_session, *overview.recent])
