"""The queries behind what grows with the history read only what they need: the engine's
own plan is checked for a full scan of a table that grows with the history. SQLite's
EXPLAIN QUERY PLAN says SCAN; PostgreSQL's EXPLAIN says Seq Scan, which it prefers on a
test's small tables even where an index serves, so it is asked with sequential scans
turned off: a Seq Scan that remains is one no index can serve."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text
from sqlmodel import select

from facilitator.services import export
from store.models import StudySession

from conftest import FROZEN_NOW, SERVER_URL, sqlite_only

GROWING = (
    "attendance",
    "commitment",
    "commitment_review",
    "lightning_talk",
    "rotation_record",
    "study_session",
    "takeaway",
    "timer_event",
    "session_pulse",
    "pulse_note",
    "chat_post",
    "publish_record",
    "dialogue_topic",
)


MAX_PARAMETERS = 30
"""No statement may carry a list that grows with the history (old SQLite stops at 999).
Counted as distinct values: a look-up repeated for the 1st, 2nd, 3rd latest session binds
the same statuses and times again, which is not a list."""


def distinct_values(parameters) -> int:
    values = parameters.values() if isinstance(parameters, dict) else parameters or ()
    return len({repr(value) for value in values})


def selects(db, work) -> list[tuple[str, object]]:
    """Run `work` and return every SELECT it sent, with its parameters."""
    sent: list[tuple[str, object]] = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
    return sent


def scans(db, work) -> list[str]:
    """Run `work`, then explain every statement it sent: the full scans of growing tables,
    and any statement with more distinct bound values than a fixed query needs (an IN list
    of ids)."""
    sent = selects(db, work)
    found = [
        f"{distinct_values(parameters)} values  ←  {statement.split(chr(10))[0][:120]}"
        for statement, parameters in sent
        if distinct_values(parameters) > MAX_PARAMETERS
    ]
    with db.engine.connect() as conn:
        if SERVER_URL:
            conn.exec_driver_sql("SET enable_seqscan = off")
        for statement, parameters in sent:
            found.extend(
                f"{scan}  ←  {statement.split(chr(10))[0][:120]}"
                for scan in full_scans(conn, statement, parameters)
            )
        if SERVER_URL:
            conn.exec_driver_sql("RESET enable_seqscan")
    return found


def full_scans(conn, statement: str, parameters) -> list[str]:
    """The steps of a statement's plan that read a growing table whole."""
    return [step for step in plan_steps(conn, statement, parameters) if reads_whole(step, GROWING)]


def reads_whole(step: str, tables) -> bool:
    """Whether a plan's step reads one of `tables` whole: SQLite's SCAN without an index,
    PostgreSQL's Seq Scan."""
    words = step.split()
    if step.startswith("Seq Scan on "):
        return words[3] in tables
    return words[:1] == ["SCAN"] and words[1] in tables and "USING" not in words


@pytest.fixture
def demo(demo_db):
    return demo_db


def test_a_sessions_report_reads_by_index(demo):
    with demo.session() as s:
        latest = s.exec(
            select(StudySession.id)
            .where(StudySession.status == "ended")
            .order_by(StudySession.scheduled_at.desc())
        ).first()
    assert scans(demo, lambda: export.report_by_id(demo, latest)) == []


@sqlite_only
def test_the_review_index_exists_after_migrating(demo):
    with demo.engine.connect() as conn:
        names = {r[1] for r in conn.execute(text("PRAGMA index_list('commitment_review')"))}
    assert "ix_commitment_review_session_id" in names


def test_the_follow_up_queries_read_by_index(demo):
    from facilitator.services import followup, live

    today = FROZEN_NOW.date()
    checks = {
        "open": lambda: followup.list_open(demo, None, today),
        "by department": lambda: followup.list_open(demo, None, today, department="Sales"),
        "follow-through": lambda: followup.follow_through(demo, None, FROZEN_NOW.date()),
        "a person's history": lambda: followup.history(demo, None, "Ana Lima", today),
        "nudges": lambda: followup.nudges(demo, None, today),
    }
    session_id = live.begin_session(demo, None, FROZEN_NOW, "Ana Lima", "Agents")
    checks["check-in"] = lambda: followup.open_for_check_in(demo, session_id, today)
    found = {name: scans(demo, work) for name, work in checks.items()}
    assert found == {name: [] for name in checks}


def test_rotation_counts_turns_in_the_database(demo):
    from facilitator.services import rotation

    work = lambda: rotation.rotate(demo, None, FROZEN_NOW, dry_run=True)  # noqa: E731
    assert scans(demo, work) == []


def test_listing_every_session_carries_no_list_of_ids(demo):
    from datetime import timedelta

    from facilitator.services import sessions
    from store.models import Community

    with demo.session() as s:
        community = s.exec(select(Community)).one()
        for week in range(60):
            s.add(
                StudySession(
                    community_id=community.id,
                    scheduled_at=FROZEN_NOW + timedelta(weeks=10 + week),
                )
            )
    listed: list = []
    assert scans(demo, lambda: listed.extend(sessions.list_sessions(demo, None))) == []
    assert len(listed) == 73
    held = [row for row in listed if row.status == "ended"]
    assert held and all(row.attendees > 0 for row in held)


def test_the_home_overview_reads_by_index(demo):
    from facilitator.services.home_overview import home_overview, left_live

    assert scans(demo, lambda: home_overview(demo, None, FROZEN_NOW)) == []
    assert scans(demo, lambda: left_live(demo)) == []


def test_the_schedule_reads_by_index(demo):
    """Every question the schedule answers, on both of its paths (a planned session next,
    and a cadence date still to plan)."""
    from datetime import date, timedelta

    from facilitator.services import schedule
    from facilitator.services.communities import community_row

    def ask() -> None:
        with demo.session() as s:
            crow = community_row(s, None)
            held = schedule.latest_held(s, crow)
            schedule.next_session(s, crow, FROZEN_NOW)
            schedule.following(s, crow, held, FROZEN_NOW)
            schedule.missed(s, crow, FROZEN_NOW)
            schedule.held_against_expected(s, crow, date(2026, 10, 1), date(2027, 1, 1), FROZEN_NOW)
            schedule.period_dates(s, crow, date(2027, 1, 1), date(2027, 3, 31), FROZEN_NOW)
            schedule.free_date(s, crow, FROZEN_NOW.date() + timedelta(days=30), FROZEN_NOW)
            schedule.slot_for(s, crow, FROZEN_NOW)

    assert scans(demo, ask) == []


def test_a_page_of_the_roster_counts_its_members_history_by_index(demo):
    """The figures of a roster page are counted for the page's members only, through the
    attendance's member index and the sessions' host index, filtered or not."""
    from facilitator.services.roster_pages import member_page

    checks = {
        "first page": lambda: member_page(demo, None, False, 0, 5),
        "a later page, inactive too": lambda: member_page(demo, None, True, 5, 5),
        "filtered": lambda: member_page(demo, None, False, 0, 5, "engineering a"),
    }
    found = {name: scans(demo, work) for name, work in checks.items()}
    assert found == {name: [] for name in checks}


def test_the_latest_ended_session_is_read_alone(demo):
    """`cop export` without a session reads the newest ended one with LIMIT 1, never every
    ended session to keep the first."""
    from facilitator.services import export

    sent = []

    def remember(conn, cursor, statement, parameters, context, executemany):
        if "FROM study_session" in statement and "ORDER BY" in statement:
            sent.append(statement)

    event.listen(demo.engine, "before_cursor_execute", remember)
    try:
        export.session_report(demo, None, None)
    finally:
        event.remove(demo.engine, "before_cursor_execute", remember)
    assert sent and all("LIMIT" in statement for statement in sent)
    assert scans(demo, lambda: export.session_report(demo, None, None)) == []


def test_the_insight_reports_read_by_index(demo):
    """A community's report and the company-wide roll-up (the same statements, grouped by
    community), the warning signs home counts, and the checklist."""
    from facilitator.insight_period import quarter_of
    from facilitator.services.checklist import checklist_of
    from facilitator.services.insight_report import (
        active_warnings,
        every_insight_report,
        insight_report,
    )

    quarter = quarter_of(FROZEN_NOW.date())
    assert scans(demo, lambda: insight_report(demo, None, quarter, FROZEN_NOW)) == []
    assert scans(demo, lambda: every_insight_report(demo, quarter, FROZEN_NOW, True)) == []
    assert scans(demo, lambda: active_warnings(demo, None, FROZEN_NOW)) == []
    assert scans(demo, lambda: checklist_of(demo, None, FROZEN_NOW)) == []


def test_the_pulse_is_read_by_index(demo):
    """The pulse list walks the community's sessions by time and finds each one's pulse,
    votes present and notes through their keys; the warning signs' latest pulses are a
    LIMIT on the same index."""
    from facilitator.services.insight_pulse import latest_averages
    from facilitator.services.session_pulse import pulse_list
    from store.models import Community

    assert scans(demo, lambda: pulse_list(demo, None)) == []
    with demo.session() as s:
        community_id = s.exec(select(Community.id)).one()

    def latest() -> None:
        with demo.session() as s:
            latest_averages(s, community_id, FROZEN_NOW)

    assert scans(demo, latest) == []


def test_the_topic_board_is_read_by_index(demo):
    """The board, the call for talks' topics, the list, a summary's topics and the
    library's topic filter find their topics by session or id, never by reading them all."""
    from facilitator.services import topics
    from facilitator.services.announcement import announcement
    from facilitator.services.export import session_report
    from facilitator.services.library import search

    with demo.session() as s:
        latest = s.exec(
            select(StudySession.id)
            .where(StudySession.status == "ended")
            .order_by(StudySession.scheduled_at.desc())
        ).first()

    def read_them() -> None:
        topics.board(demo, latest)
        topics.list_topics(demo, None, FROZEN_NOW)
        announcement(demo, None, None, FROZEN_NOW)
        session_report(demo, None, latest)
        search(demo, topic="customer", limit=20)

    assert [line for line in scans(demo, read_them) if "dialogue_topic" in line] == []


def test_what_a_post_reads_is_found_by_index(demo):
    """Composing a summary, a report or nudges for a channel finds the published page by
    its key, and whether it went to the channel before by the post's subject: neither
    walks the records of every post and page."""
    from facilitator.chat_config import ChatChannel
    from facilitator.services import chat_posting
    from facilitator.vocabulary import ChatPlatform, PostSubject

    channel = ChatChannel("ai", ChatPlatform.SLACK, "AI Practice Circle", "…/AbCd")
    for subject in PostSubject:

        def compose_and_check(subject=subject) -> None:
            composed = chat_posting.compose(demo, subject, None, channel, FROZEN_NOW)
            chat_posting.last_post(demo, composed, channel)

        found = [
            line
            for line in scans(demo, compose_and_check)
            if "chat_post" in line or "publish_record" in line
        ]
        assert found == [], subject


@sqlite_only
def test_the_periods_reviews_and_entries_are_read_by_their_time(demo):
    """The report's stories of what worked and its count of entries curated start from the
    period's reviews and library entries through their time's index and take each to its
    community: started from the community's sessions, a ten-year history is walked whole
    (a search, not a scan, so the check above would not see it)."""
    from facilitator.insight_period import quarter_of
    from facilitator.services.insight_report import insight_report

    quarter = quarter_of(FROZEN_NOW.date())
    sent = selects(demo, lambda: insight_report(demo, None, quarter, FROZEN_NOW))
    driven = {"FROM commitment_review": "ix_commitment_review_reviewed_at"}
    driven["FROM library_entry"] = "ix_library_entry_created_at"
    with demo.engine.connect() as conn:
        for table, index in driven.items():
            found = [(st, p) for st, p in sent if table in st and "GROUP BY" in st]
            assert found, table
            for statement, parameters in found:
                plan = plan_steps(conn, statement, parameters)
                outer = next(step for step in plan if step.startswith(("SCAN", "SEARCH")))
                assert index in outer, (outer, statement[:200])


ROSTER = ("member", "member_unavailability")
"""Tables that grow with the people rather than the history: the next host of a large
roster reads neither whole, nor a whole community's members row by row."""


def roster_reads(db, work) -> list[str]:
    """The steps of `work`'s statements that read the roster whole, a whole community's
    members row by row (rather than from a covering index), or sort members (rather than
    read them in the index's order)."""
    sent = selects(db, work)
    found = []
    with db.engine.connect() as conn:
        if SERVER_URL:
            conn.exec_driver_sql("SET enable_seqscan = off")
        for statement, parameters in sent:
            on_members = " FROM member \n" in statement or statement.endswith(" FROM member")
            for step in plan_steps(conn, statement, parameters):
                whole = reads_whole(step, ROSTER)
                by_community = step.startswith("SEARCH member USING INDEX") and step.endswith(
                    "(community_id=?)"
                )
                sorted_ = on_members and (
                    step == "USE TEMP B-TREE FOR ORDER BY" or step.startswith("Sort ")
                )
                if whole or by_community or sorted_:
                    found.append(f"{step}  ←  {statement.split(chr(10))[0][:100]}")
        if SERVER_URL:
            conn.exec_driver_sql("RESET enable_seqscan")
    return found


def plan_steps(conn, statement: str, parameters) -> list[str]:
    if SERVER_URL:
        plan = conn.exec_driver_sql(f"EXPLAIN {statement}", parameters).all()
        return [row[0].strip().removeprefix("->").strip() for row in plan]
    return [row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)]


def test_a_large_rosters_next_host_reads_the_head_of_the_line_by_index(demo):
    """Ruled on as a roster of thousands is: the people the occasion names by id, who is
    away by the end of their periods, the head of the line in the standing index's order
    with a LIMIT, and the counts by reason from that index alone."""
    from unittest.mock import patch

    from facilitator.services import rotation, rotation_facts

    def next_host():
        with patch.object(rotation_facts, "WHOLE_ROSTER_UP_TO", -1):
            answer = rotation.look_ahead(demo, None, FROZEN_NOW)
        assert answer.suggestion is not None

    assert roster_reads(demo, next_host) == []
    assert scans(demo, next_host) == []
