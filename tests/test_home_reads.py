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


def test_home_names_the_sample_s_next_session_its_host_and_today(demo_db):
    """Expected values from the sample itself, not from another read of the same code."""
    from datetime import date, datetime

    late_evening = datetime(2026, 11, 21, 23, 30, tzinfo=FROZEN_NOW.tzinfo)  # Sunday in Berlin
    overview = home_overview(demo_db, None, late_evening)
    assert overview.today == date(2026, 11, 22)
    assert overview.community.name == "AI Practice Circle"
    coming = overview.next_session
    assert coming.scheduled_at.date() == date(2026, 12, 3)
    assert coming.status == SessionStatus.PLANNED
    assert coming.facilitator == "Hugo Martin" and coming.co_facilitator is None
    assert overview.next_date is None and overview.missed == []
    whens = [item.scheduled_at for item in overview.recent]
    assert whens == sorted(whens, reverse=True)
    assert overview.recent[0].scheduled_at.date() == date(2026, 11, 19)
    assert overview.recent[0].facilitator == "Jonas Berg"


def test_with_nothing_planned_home_gives_the_cadence_date_to_plan(demo_db):
    from datetime import date

    from facilitator.services.sessions import cancel_session

    cancel_session(demo_db, None, "2026-12-03", None)
    overview = home_overview(demo_db, None, FROZEN_NOW)
    assert overview.next_session is None
    assert overview.next_date is not None and overview.next_date.date() == date(2026, 12, 17)


def test_a_live_session_is_home_s_next_in_its_own_community_only(demo_db):
    """A session live in another community is that one's; this community's home shows its
    own planned one, and its own live session when there is one (the newer of two)."""
    from datetime import datetime

    from facilitator.services import live
    from facilitator.services.communities import create_community

    create_community(demo_db, "Data Guild", "weekly on monday")
    other = live.begin_session(demo_db, "Data Guild", FROZEN_NOW, None, None)
    overview = home_overview(demo_db, "AI Practice Circle", FROZEN_NOW)
    assert overview.next_session.status == SessionStatus.PLANNED
    assert home_overview(demo_db, "data guild", FROZEN_NOW).next_session.id == other
    assert home_overview(demo_db, "Data Guild", FROZEN_NOW).community.name == "Data Guild"
    mine = live.begin_session(demo_db, "AI Practice Circle", FROZEN_NOW, None, None)
    overview = home_overview(demo_db, "AI Practice Circle", FROZEN_NOW)
    assert (overview.next_session.id, overview.next_session.status) == (mine, SessionStatus.LIVE)
    with demo_db.session() as s:
        newer = schedule.new_session(
            s,
            community_row(s, "AI Practice Circle"),
            datetime(2026, 11, 21, 18, 0, tzinfo=FROZEN_NOW.tzinfo),
            status=SessionStatus.LIVE,
        ).id
    assert home_overview(demo_db, "AI Practice Circle", FROZEN_NOW).next_session.id == newer
    assert left_live(demo_db)[0] == newer


def test_the_community_shown_first_and_the_choice_s_messages(db, monkeypatch, tmp_path):
    import pytest

    from facilitator.config import save_default_community
    from facilitator.errors import InvalidInput, NotFound
    from facilitator.services.communities import create_community, use_community
    from facilitator.services.community_choice import (
        chosen_community,
        chosen_community_id,
        shown_first,
    )
    from facilitator.services.home_overview import is_empty

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "settings"))
    assert shown_first(db) is None and is_empty(db)
    with db.session() as s, pytest.raises(NotFound) as none:
        chosen_community(s, None)
    assert str(none.value) == (
        "there is no community yet; create one with `cop community create NAME` "
        "or load the sample with `cop demo`"
    )
    create_community(db, "Zebra Club", "weekly on friday")
    assert shown_first(db) == "Zebra Club" and not is_empty(db)
    create_community(db, "Alpha Guild", "weekly on monday")
    assert shown_first(db) == "Alpha Guild"
    with db.session() as s:
        with pytest.raises(InvalidInput) as several:
            chosen_community(s, None)
        assert "several communities (Alpha Guild, Zebra Club)" in str(several.value)
        with pytest.raises(NotFound) as missing:
            chosen_community(s, "Beta")
        assert "no community named 'Beta'" in str(missing.value)
        assert chosen_community(s, " zebra club ").name == "Zebra Club"
        zebra = chosen_community(s, "Zebra Club").id
        assert chosen_community_id(s, "ZEBRA CLUB") == zebra
        with pytest.raises(InvalidInput) as also:
            chosen_community_id(s, None)
        assert "several communities (Alpha Guild, Zebra Club)" in str(also.value)
    save_default_community("Gone Club")  # a default since removed: the first by name
    assert shown_first(db) == "Alpha Guild"
    use_community(db, "zebra club")
    assert shown_first(db) == "Zebra Club"
    with db.session() as s:
        assert chosen_community(s, None).name == "Zebra Club"


def test_more_sessions_than_are_listed_by_id_count_alike(demo_db):
    """Past MAX_LISTED_IDS the counts are read for the community's sessions rather than
    by id: each session's counts are the same either way."""
    from facilitator.services.session_summaries import MAX_LISTED_IDS, session_counts

    with demo_db.session() as s:
        crow = community_row(s, None)
        for week in range(MAX_LISTED_IDS):
            schedule.new_session(s, crow, FROZEN_NOW + timedelta(weeks=20 + week))
    listed = sessions.list_sessions(demo_db, None)
    ids = [item.id for item in listed]
    assert len(ids) > MAX_LISTED_IDS
    with demo_db.session() as s:
        crow = community_row(s, None)
        whole = session_counts(s, crow.id, ids)
        by_id = {sid: session_counts(s, crow.id, [sid])[sid] for sid in ids}
    assert whole == by_id
    keys = ("attendees", "takeaways", "commitments", "talks")
    shown = {item.id: {k: getattr(item, k) for k in keys} for item in listed}
    assert shown == {sid: {k: by_id[sid].get(k, 0) for k in keys} for sid in ids}
    assert sum(c.get("attendees", 0) for c in whole.values()) > 0
