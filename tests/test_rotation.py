"""Rotation against a real SQLite file, through `cop rotate` and the service behind it."""

from __future__ import annotations

import itertools
import json
import shutil
import sqlite3
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from facilitator.services import rotation
from facilitator.services.roster import MemberFields, create_member
from store.database import Database, open_database
from store.location import resolve_location
from store.models import (
    Attendance,
    Community,
    Member,
    MemberUnavailability,
    RotationRecord,
    StudySession,
)

from conftest import FROZEN_NOW, SERVER_URL
from tui_helpers import FakeTime


def held(db: Database, day: date, host: str | None, present: list[str] | None = None) -> str:
    """A session held at noon UTC on `day`, hosted by `host`, with these members present."""
    with db.session() as s:
        community = s.exec(select(Community)).one()
        members = {m.name: m for m in s.exec(select(Member)).all()}
        row = StudySession(
            community_id=community.id,
            scheduled_at=datetime(day.year, day.month, day.day, 11, tzinfo=UTC),
            status="ended",
            facilitator_id=members[host].id if host else None,
        )
        s.add(row)
        s.flush()
        for name in present if present is not None else list(members):
            s.add(Attendance(session_id=row.id, member_id=members[name].id, status="present"))
        return row.id


@pytest.fixture
def circle(berlin_circle, db) -> Database:
    """Berlin circle after one session on Thu 12 Nov, hosted by Ana, everyone present."""
    held(db, date(2026, 11, 12), "Ana Lima")
    return db


def hosts(db: Database) -> dict[date, str | None]:
    with db.session() as s:
        names = {m.id: m.name for m in s.exec(select(Member)).all()}
        rows = s.exec(select(StudySession).order_by(StudySession.scheduled_at)).all()
        return {r.scheduled_at.date(): names.get(r.facilitator_id or "") for r in rows}


def records(db: Database) -> list[tuple[str, str, str | None]]:
    with db.session() as s:
        names = {m.id: m.name for m in s.exec(select(Member)).all()}
        rows = s.exec(select(RotationRecord).order_by(RotationRecord.created_at)).all()
        return [(names[r.member_id], r.action, r.reason) for r in rows]


def counts(db: Database) -> tuple[int, int]:
    with db.session() as s:
        sessions = len(s.exec(select(StudySession)).all())
        return sessions, len(s.exec(select(RotationRecord)).all())


def test_rotate_plans_the_next_session_assigns_a_host_and_says_why(cop, circle):
    result = cop("rotate")
    assert result.code == 0, result.err
    assert "Circle — Thu 2026-11-26 12:00 (planned now)" in result.out
    assert (
        "Host: Ben Okafor — chosen by rule: tied with Chen Wei on turns and joining date; "
        "first by name" in result.out
    )
    assert "1. Chen Wei — never hosted, joined 2026-11-21" in result.out
    assert "Ana Lima — hosted the previous session" in result.out
    assert hosts(circle)[date(2026, 11, 26)] == "Ben Okafor"
    assert records(circle) == [
        (
            "Ben Okafor",
            "chosen",
            "chosen by rule: tied with Chen Wei on turns and joining date; first by name",
        )
    ]
    again = cop("rotate")
    assert "Nothing to change: the session already has its host." in again.out
    assert len(records(circle)) == 1


def test_planned_hosts_count_as_turns_so_rotating_ahead_spreads_them(cop, circle):
    assert cop("rotate").code == 0
    assert cop("rotate", "--date", "2026-12-10").code == 0
    third = cop("rotate", "--date", "2026-12-24")
    assert third.code == 0
    assert [hosts(circle)[date(2026, 12, d)] for d in (10, 24)] == ["Chen Wei", "Ana Lima"]
    assert hosts(circle)[date(2026, 11, 26)] == "Ben Okafor"
    assert "longest since their last turn (2026-11-12; Ben Okafor: 2026-11-26)" in third.out


def test_a_skipped_member_keeps_the_head_of_the_line(cop, circle):
    result = cop("rotate", "--skip", "Ben Okafor", "--reason", "at a conference")
    assert result.code == 0, result.err
    assert "Ben Okafor — skipped: at a conference" in result.out
    assert hosts(circle)[date(2026, 11, 26)] == "Chen Wei"
    assert records(circle)[0] == ("Ben Okafor", "skipped", "at a conference")
    assert cop("rotate", "--date", "2026-12-10").code == 0
    assert hosts(circle)[date(2026, 12, 10)] == "Ben Okafor"


def test_skipping_the_assigned_host_hands_the_turn_to_the_next_in_line(cop, circle):
    assert cop("rotate").code == 0
    result = cop("rotate", "--skip", "Ben", "--reason", "sick")
    assert result.code == 2 and "did you mean 'Ben Okafor'?" in result.err
    result = cop("rotate", "--skip", "Ben Okafor", "--reason", "sick")
    assert "Ben Okafor no longer hosts" in result.out
    assert hosts(circle)[date(2026, 11, 26)] == "Chen Wei"
    assert [action for _, action, _ in records(circle)] == ["chosen", "skipped", "chosen"]


def test_an_away_member_is_left_out_on_those_dates_only(cop, circle):
    away = cop("roster", "away", "Ben Okafor", "--from", "2026-11-25", "--to", "2026-11-27")
    assert away.code == 0 and "Ben Okafor is away 2026-11-25 to 2026-11-27" in away.out
    result = cop("rotate")
    assert "Ben Okafor — away 2026-11-25 to 2026-11-27" in result.out
    assert hosts(circle)[date(2026, 11, 26)] == "Chen Wei"
    assert cop("rotate", "--date", "2026-12-10").code == 0
    assert hosts(circle)[date(2026, 12, 10)] == "Ben Okafor"


def test_swap_exchanges_two_planned_turns(cop, circle):
    cop("rotate")
    cop("rotate", "--date", "2026-12-10")
    result = cop("rotate", "--swap", "Ben Okafor", "Chen Wei", "--reason", "dentist")
    assert result.code == 0, result.err
    assert "Chen Wei takes Ben Okafor's turn on 2026-11-26" in result.out
    assert "Ben Okafor takes Chen Wei's turn on 2026-12-10" in result.out
    assert hosts(circle)[date(2026, 11, 26)] == "Chen Wei"
    assert hosts(circle)[date(2026, 12, 10)] == "Ben Okafor"
    assert records(circle)[-2:] == [
        ("Chen Wei", "swapped", "swapped with Ben Okafor: dentist"),
        ("Ben Okafor", "swapped", "swapped with Chen Wei: dentist"),
    ]
    assert "Host: Chen Wei — swapped with Ben Okafor: dentist" in result.out


def test_who_swaps_a_turn_away_keeps_the_head_of_the_line(cop, circle):
    cop("rotate")  # Ben hosts on 26 Nov
    result = cop("rotate", "--swap", "Ben Okafor", "Chen Wei")
    assert "Ben Okafor gives the turn away, keeping their place in line" in result.out
    assert hosts(circle)[date(2026, 11, 26)] == "Chen Wei"
    cop("rotate", "--date", "2026-12-10")
    assert hosts(circle)[date(2026, 12, 10)] == "Ben Okafor"
    assert records(circle)[-2] == ("Ben Okafor", "swapped", "gave the turn to Chen Wei")


def test_picking_someone_skipped_for_the_session_undoes_the_skip(cop, circle):
    cop("rotate", "--skip", "Ben Okafor", "--reason", "thought he was away")
    answer = json.loads(cop("rotate", "--pick", "Ben Okafor", "--json").out)
    assert answer["host"]["name"] == "Ben Okafor"
    assert "Ben Okafor" not in [p["name"] for p in answer["not_eligible"]]


def test_pick_is_recorded_as_a_manual_choice_with_the_rules_suggestion(cop, circle):
    result = cop("rotate", "--pick", "Chen Wei")
    assert result.code == 0, result.err
    assert "Host: Chen Wei — picked by hand (the rule suggested Ben Okafor)" in result.out
    assert "1. Ben Okafor" in result.out
    cop("rotate", "--pick", "Ana Lima", "--reason", "she knows the topic")
    assert records(circle)[-1] == ("Ana Lima", "picked", "picked by hand: she knows the topic")
    cop("roster", "edit", "Ana Lima", "--no-facilitate")
    noted = cop("rotate", "--date", "2026-12-10", "--pick", "Ana Lima", "--dry-run")
    assert noted.code == 0 and noted.err.count("Ana Lima is marked as not facilitating") == 1
    assert "marked as not facilitating" not in noted.out  # said once, as a warning
    as_json = json.loads(cop("rotate", "--date", "2026-12-10", "--pick", "Ana Lima", "--json").out)
    assert as_json["warnings"] == ["Ana Lima is marked as not facilitating"]
    assert not any("not facilitating" in change for change in as_json["changes"])


def test_co_host_pairs_someone_from_another_department(cop, circle):
    cop("roster", "add", "Dev Patel", "--department", "Sales")
    held(circle, date(2026, 11, 19), "Chen Wei")
    result = cop("rotate", "--co-host")
    assert result.code == 0, result.err
    assert "Host: Ben Okafor" in result.out
    assert "Co-host: Ana Lima — chosen by rule:" in result.out
    with circle.session() as s:
        row = s.exec(select(StudySession).where(StudySession.status == "planned")).one()
        assert s.get(Member, row.co_facilitator_id).name == "Ana Lima"
    assert records(circle)[-1][:2] == ("Ana Lima", "co_host")


def test_dry_run_shows_the_same_answer_and_records_nothing(cop, circle, db_path):
    before = counts(circle)
    dry = cop("rotate", "--dry-run", "--co-host", "--json")
    assert dry.code == 0, dry.err
    assert counts(circle) == before
    answer = json.loads(dry.out)
    assert answer["dry_run"] is True and answer["session_id"] is None
    assert answer["planned_now"] is True
    assert answer["host"]["name"] == "Ben Okafor"
    assert answer["co_host"]["name"] == "Ana Lima"
    assert [p["name"] for p in answer["next_in_line"]] == ["Chen Wei"]
    real = json.loads(cop("rotate", "--co-host", "--json").out)
    assert {k: v for k, v in real.items() if k not in ("session_id", "dry_run")} == {
        k: v for k, v in answer.items() if k not in ("session_id", "dry_run")
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pick", "Chen Wie"], "no member named 'Chen Wie'; did you mean 'Chen Wei'?"),
        (["--date", "2026-11-01"], "2026-11-01 is in the past; rotate for today or later"),
        (["--date", "2026-11-12"], "is in the past"),
        (["--swap", "Ana Lima", "ana lima"], "cannot swap Ana Lima with themselves"),
        (["--swap", "Ana Lima", "Ben Okafor"], "neither Ana Lima nor Ben Okafor hosts a planned"),
        (["--skip", "Ben Okafor"], "say why with --reason when skipping someone"),
        (["--reason", "why"], "--reason goes with --skip, --pick or --swap"),
        (["--swap", "Ana Lima", "Ben Okafor", "--pick", "Chen Wei"], "cannot be combined"),
        (["--history", "--date", "2026-12-10"], "use it without other options"),
        (["--pick", "Ben Okafor", "--skip", "ben okafor", "--reason", "x"], "both skipped and"),
        (["--date", "someday"], "cannot understand the date 'someday'"),
        (["--skip", "Ben Okafor", "--reason", "x" * 301], "longer than 300 characters"),
    ],
)
def test_bad_input_is_refused_plainly_and_nothing_is_recorded(cop, circle, args, message):
    before = counts(circle)
    result = cop("rotate", *args)
    assert result.code == 2
    assert message in result.err and "Traceback" not in result.err
    assert counts(circle) == before


def test_nobody_eligible_says_for_each_member_why_not(cop, circle):
    cop("roster", "edit", "Ben Okafor", "--no-facilitate")
    cop("roster", "deactivate", "Chen Wei")
    cop(
        "roster",
        "away",
        "Ana Lima",
        "--from",
        "2026-11-20",
        "--to",
        "2026-11-30",
        "--reason",
        "leave",
    )
    before = counts(circle)
    result = cop("rotate")
    assert result.code == 2
    assert result.err.splitlines() == [
        "cop: error: nobody can host on 2026-11-26:",
        "  Ana Lima: away 2026-11-20 to 2026-11-30 (leave)",
        "  Ben Okafor: does not facilitate (roster: --no-facilitate)",
        "  Chen Wei: not on the active roster",
    ]
    assert counts(circle) == before


def test_picking_someone_away_or_inactive_is_refused(cop, circle):
    cop("roster", "away", "Chen Wei", "--from", "2026-11-26")
    result = cop("rotate", "--pick", "Chen Wei")
    assert result.code == 2 and "Chen Wei is away 2026-11-26" in result.err
    cop("roster", "deactivate", "Ana Lima")
    result = cop("rotate", "--pick", "Ana Lima")
    assert result.code == 2 and "Ana Lima is not on the active roster" in result.err
    assert records(circle) == []


def test_a_held_session_cannot_be_rotated_and_neither_can_an_impossible_co_host(cop, circle):
    cop("roster", "edit", "Ben Okafor", "--department", "HR")
    cop("roster", "edit", "Ana Lima", "--department", "hr")
    before = counts(circle)
    result = cop("rotate", "--co-host")
    assert result.code == 2
    assert "nobody can co-host on 2026-11-26:" in result.err
    assert "Chen Wei: same department as the host (HR)" in result.err
    assert counts(circle) == before
    today = cop("session", "plan", "--date", "2026-11-21 18:00")
    assert today.code == 0
    with circle.session() as s:
        row = s.exec(select(StudySession).where(StudySession.status == "planned")).one()
        row.status = "ended"
        s.add(row)
    result = cop("rotate", "--date", "2026-11-21")
    assert result.code == 2 and "the session on 2026-11-21 is ended" in result.err


NEVER = "never hosted, joined 2026-11-21"


def test_history_lists_every_assignment_with_its_reason_newest_first(cop, circle):
    assert "No rotation recorded yet" in cop("rotate", "--history").out
    cop("rotate", "--skip", "Ben Okafor", "--reason", "holiday")
    entries = json.loads(cop("rotate", "--history", "--json").out)
    assert [(e["member"], e["action"], e["reason"]) for e in entries] == [
        (
            "Chen Wei",
            "chosen",
            "chosen by rule: the only one eligible (never hosted, joined 2026-11-21)",
        ),
        ("Ben Okafor", "skipped", "holiday"),
    ]
    assert {e["scheduled_at"] for e in entries} == {"2026-11-26T12:00:00+01:00"}
    table = cop("rotate", "--history").out
    assert "Thu 2026-11-26" in table and "skipped" in table and "holiday" in table


def test_the_same_database_and_date_always_give_the_same_answer(cop, circle, db_path, tmp_path):
    first = cop("rotate", "--date", "2026-12-10", "--dry-run", "--json").out
    copy = tmp_path / "copy.db"
    if SERVER_URL:  # the server's history, carried to a SQLite file by an archive
        assert cop("archive", "export", str(tmp_path / "copy.coparchive")).code == 0
        assert cop("archive", "import", str(tmp_path / "copy.coparchive"), db=copy).code == 0
    else:
        with sqlite3.connect(db_path) as source, sqlite3.connect(copy) as target:
            source.backup(target)
    assert cop("rotate", "--date", "2026-12-10", "--dry-run", "--json", db=copy).out == first
    assert cop("rotate", "--date", "2026-12-10", "--dry-run", "--json").out == first


def test_away_periods_can_be_listed_and_removed(cop, circle):
    cop("roster", "away", "Ana Lima", "--from", "2026-12-01", "--to", "2026-12-05")
    cop("roster", "away", "Ana Lima", "--from", "2027-01-04", "--reason", "course")
    cop("roster", "away", "Chen Wei", "--from", "2026-11-20", "--to", "2026-11-21")
    listed = json.loads(cop("roster", "away-list", "--json").out)
    assert [(i["member"], i["starts_on"], i["ends_on"]) for i in listed] == [
        ("Chen Wei", "2026-11-20", "2026-11-21"),
        ("Ana Lima", "2026-12-01", "2026-12-05"),
        ("Ana Lima", "2027-01-04", "2027-01-04"),
    ]
    only_ana = cop("roster", "away-list", "Ana Lima")
    assert "course" in only_ana.out and "Chen Wei" not in only_ana.out
    several = cop("roster", "away-remove", "Ana Lima")
    assert several.code == 2
    assert "several away periods (2026-12-01 to 2026-12-05, 2027-01-04 to 2027-01-04)" in (
        several.err
    )
    removed = cop("roster", "away-remove", "Ana Lima", "--from", "2027-01-04")
    assert removed.code == 0 and "Removed Ana Lima's away period 2027-01-04" in removed.out
    assert cop("roster", "away-remove", "Chen Wei").code == 0
    assert (
        cop("roster", "away-remove", "Chen Wei")
        .err.strip()
        .endswith("Chen Wei has no current or upcoming away period")
    )
    assert len(json.loads(cop("roster", "away-list", "--all", "--json").out)) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Ana Lima", "--from", "2026-12-05", "--to", "2026-12-01"], "is before --from"),
        (["Ana Lima", "--from", "2026-11-01", "--to", "2026-11-02"], "that period ended on"),
        (["Ana Lma", "--from", "2026-12-01"], "did you mean 'Ana Lima'?"),
        (["Ana Lima", "--from", "whenever"], "cannot understand the date 'whenever'"),
    ],
)
def test_bad_away_periods_are_refused(cop, circle, args, message):
    result = cop("roster", "away", *args)
    assert result.code == 2 and message in result.err
    with circle.session() as s:
        assert s.exec(select(MemberUnavailability)).all() == []


def test_overlapping_away_periods_are_refused(cop, circle):
    cop("roster", "away", "Ana Lima", "--from", "2026-12-01", "--to", "2026-12-10")
    result = cop("roster", "away", "Ana Lima", "--from", "2026-12-10", "--to", "2026-12-12")
    assert result.code == 2
    assert "Ana Lima is already away 2026-12-01 to 2026-12-10" in result.err


def test_the_host_typed_at_closing_is_recorded_as_chosen_or_picked(circle):
    from facilitator.live_session import LiveSession
    from facilitator.services import live

    fake = FakeTime()
    session_id = live.begin_session(circle, None, FROZEN_NOW, "Chen Wei", "Agents")
    suggestion = rotation.look_after(circle, session_id)
    assert suggestion.suggestion.name == "Ben Okafor" and suggestion.session_id is None
    LiveSession(circle, session_id, fake.session_time()).end(None, "Ben Okafor")
    assert records(circle)[-1][:2] == ("Ben Okafor", "chosen")
    second = live.begin_session(circle, None, FROZEN_NOW + timedelta(days=5), "Ana Lima", None)
    LiveSession(circle, second, fake.session_time()).end(None, "Ana Lima")
    assert records(circle)[-1] == (
        "Ana Lima",
        "picked",
        "picked by hand (the rule suggested Ben Okafor)",
    )


# The rule, through the database: random rosters, rotated many times ahead.


def fresh_database(folder: Path, template: Path) -> Database:
    """A new database for one example: a copy of the run's migrated file."""
    shutil.copyfile(template, folder / "cop.db")
    return open_database(resolve_location(str(folder / "cop.db")))


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    roster=st.lists(
        st.tuples(st.booleans(), st.booleans(), st.booleans(), st.integers(0, 2)),
        min_size=2,
        max_size=7,
    ),
    rounds=st.integers(2, 8),
)
def test_rotating_ahead_in_the_database_keeps_the_rule(roster, rounds, migrated_template):
    """Inactive, unwilling and away members never host; eligible ones share turns evenly."""
    with tempfile.TemporaryDirectory() as folder:
        db = fresh_database(Path(folder), migrated_template)
        today = FROZEN_NOW.date()
        excluded = set()
        with db.session() as s:
            community = Community(name="C", cadence="weekly on thursday", timezone="UTC")
            s.add(community)
            s.flush()
            for i, (active, willing, away, joined) in enumerate(roster):
                name = f"Member {i}"
                fields = MemberFields(name=name, willing_to_facilitate=willing or i < 2)
                row = create_member(s, community.id, fields, today - timedelta(days=joined))
                row.active = active or i < 2
                if away and i >= 2:
                    s.add(
                        MemberUnavailability(
                            member_id=row.id, starts_on=today, ends_on=today + timedelta(days=400)
                        )
                    )
                if not (row.active and row.willing_to_facilitate) or (away and i >= 2):
                    excluded.add(name)
        held(db, date(2026, 11, 12), None)
        chosen = []
        for week in range(rounds):
            when = (date(2026, 11, 26) + timedelta(days=7 * week)).isoformat()
            answer = rotation.rotate(db, None, FROZEN_NOW, when)
            chosen.append(answer.host.name)
            again = rotation.rotate(db, None, FROZEN_NOW, when, dry_run=True)
            assert again.host == answer.host
        assert not excluded & set(chosen)
        eligible = [f"Member {i}" for i in range(len(roster)) if f"Member {i}" not in excluded]
        tally = [chosen.count(name) for name in eligible]
        assert max(tally) - min(tally) <= 1
        assert all(a != b for a, b in itertools.pairwise(chosen))
        db.close()


def test_a_swap_onto_someone_who_does_not_facilitate_needs_force(cop, circle):
    cop("rotate")  # Ben hosts on 26 Nov
    assert cop("roster", "edit", "Chen Wei", "--no-facilitate").code == 0
    before = hosts(circle)
    refused = cop("rotate", "--swap", "Ben Okafor", "Chen Wei")
    assert refused.code == 2
    assert "Chen Wei does not facilitate" in refused.err and "--force" in refused.err
    assert hosts(circle) == before
    forced = cop("rotate", "--swap", "Ben Okafor", "Chen Wei", "--force")
    assert forced.code == 0, forced.err
    assert "--force: Chen Wei does not facilitate, and hosts this turn anyway" in forced.err
    assert hosts(circle)[date(2026, 11, 26)] == "Chen Wei"
    alone = cop("rotate", "--force")
    assert alone.code == 2 and "--force goes with --swap" in alone.err
