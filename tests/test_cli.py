"""Every command, and every bad input the foundation names: one line, non-zero, data untouched."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from sqlalchemy import text
from sqlmodel import select

from facilitator.cli.command_index import GROUPS
from store import migrate

from conftest import file_digest, sqlite_only


def test_version(cop):
    result = cop("--version", db=None)
    assert result.code == 0 and result.out.startswith("cop 0.")


def test_community_create_list_edit(cop):
    created = cop(
        "community",
        "create",
        "AI Circle",
        "--cadence",
        "every other thursday",
        "--time",
        "12:00",
        "--timezone",
        "Europe/Berlin",
    )
    assert created.code == 0, created.err
    assert "every other thursday at 12:00 (Europe/Berlin)" in created.out
    listed = json.loads(cop("community", "list", "--json").out)
    assert [c["name"] for c in listed] == ["AI Circle"]
    assert listed[0]["minutes"] == {"input": 15, "practice": 25, "dialogue": 15, "handoff": 5}
    edited = cop(
        "community", "edit", "--input", "20", "--handoff", "3", "--cadence", "weekly on tue"
    )
    assert edited.code == 0
    assert "Input is 20 min; the recommended range is 10–15 min" in edited.err
    assert "Handoff is 3 min" in edited.err and "protect it" in edited.err
    after = json.loads(cop("community", "list", "--json").out)[0]
    assert after["minutes"]["input"] == 20 and after["cadence"] == "weekly on tuesday"


def test_minutes_inside_the_range_give_no_warning(cop, berlin_circle):
    result = cop("community", "edit", "--practice", "30")
    assert result.code == 0 and "warning" not in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["   ", "--cadence", "weekly on monday"], "community name is empty"),
        (["X", "--cadence", "whenever"], "cannot understand the cadence 'whenever'"),
        (["X", "--cadence", "weekly on monday", "--time", "25:00"], "'25:00' is not a valid time"),
        (
            ["X", "--cadence", "weekly on monday", "--timezone", "Europe/Berln"],
            "did you mean 'Europe/Berlin'",
        ),
        (
            ["X", "--cadence", "weekly on monday", "--timezone", "Mars/Olympus"],
            "unknown time zone 'Mars/Olympus'; use an IANA name like Europe/Berlin",
        ),
        (
            ["X", "--cadence", "weekly on monday", "--timezone", "America/New York"],
            "did you mean 'America/New_York'",
        ),
        (["X", "--cadence", "weekly on monday", "--kind", "club"], "unknown kind 'club'"),
    ],
)
def test_community_create_bad_input(cop, db_path, args, message):
    result = cop("community", "create", *args)
    assert result.code == 2
    assert message in result.err and result.err.startswith("cop: error:")
    assert "Traceback" not in result.err
    assert json.loads(cop("community", "list", "--json").out) == []


def test_duplicate_community_is_refused(cop, berlin_circle):
    result = cop("community", "create", "circle", "--cadence", "weekly on monday")
    assert result.code == 2 and "already exists" in result.err


def test_several_communities_need_a_name_and_unknown_names_get_a_hint(cop, berlin_circle):
    cop("community", "create", "Champions", "--cadence", "monthly on the first monday")
    result = cop("roster", "list")
    assert result.code == 2 and "pass --community" in result.err
    result = cop("roster", "list", "--community", "Cirle")
    assert result.code == 2 and "did you mean 'Circle'" in result.err
    assert cop("roster", "list", "--community", "circle").code == 0


def test_roster_add_list_edit_deactivate(cop, berlin_circle):
    added = cop(
        "roster",
        "add",
        "Dana Cohen",
        "--email",
        "Dana@Example.com",
        "--department",
        "Finance",
        "--role",
        "champion",
        "--no-facilitate",
    )
    assert added.code == 0 and "Added Dana Cohen (member, champion)" in added.out
    members = {m["name"]: m for m in json.loads(cop("roster", "list", "--json").out)}
    dana = members["Dana Cohen"]
    assert dana["email"] == "dana@example.com"
    assert dana["roles"] == ["member", "champion"] and dana["willing_to_facilitate"] is False
    assert dana["joined_on"] == "2026-11-21"
    assert cop("roster", "edit", "dana cohen", "--department", "Legal", "--facilitate").code == 0
    members = {m["name"]: m for m in json.loads(cop("roster", "list", "--json").out)}
    assert members["Dana Cohen"]["department"] == "Legal"
    assert members["Dana Cohen"]["willing_to_facilitate"] is True
    assert cop("roster", "deactivate", "Dana Cohen").code == 0
    assert "Dana Cohen" not in cop("roster", "list").out
    everyone = cop("roster", "list", "--all")
    assert "Dana Cohen" in everyone.out and "Active" in everyone.out
    assert cop("roster", "edit", "Dana Cohen", "--active").code == 0
    assert "Dana Cohen" in cop("roster", "list").out


def test_roster_text_is_shown_literally(cop, berlin_circle):
    assert cop("roster", "add", "[b]Bold[/b] <Eve> | O'Neil").code == 0
    assert "[b]Bold[/b] <Eve> | O'Neil" in cop("roster", "list").out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "  "], "the name is empty"),
        (["add", "ana lima"], "'Ana Lima' is already on the roster"),
        (["add", "Eve", "--email", "not-an-email"], "'not-an-email' is not a valid e-mail"),
        (["add", "Eve", "--role", "boss"], "unknown role 'boss'"),
        (["edit", "Ana Lma", "--department", "X"], "did you mean 'Ana Lima'"),
        (["edit", "Ana Lima", "--name", "Ben Okafor"], "'Ben Okafor' is already on the roster"),
        (["deactivate", "Nobody Known"], "no member named 'Nobody Known'"),
    ],
)
def test_roster_bad_input(cop, berlin_circle, db_path, args, message):
    before = cop("roster", "list", "--all", "--json").out
    result = cop("roster", *args)
    assert result.code == 2, result
    assert message in result.err and "Traceback" not in result.err
    assert cop("roster", "list", "--all", "--json").out == before


def test_duplicate_email_is_refused(cop, berlin_circle):
    assert cop("roster", "add", "Eve", "--email", "eve@example.com").code == 0
    result = cop("roster", "add", "Eva", "--email", "EVE@example.com")
    assert result.code == 2 and "eve@example.com already belongs to Eve" in result.err


def test_session_plan_defaults_to_the_next_cadence_date(cop, berlin_circle):
    first = cop("session", "plan", "--topic", "Prompting")
    assert first.code == 0 and "Thu 2026-11-26 12:00: Prompting" in first.out
    second = cop("session", "plan")
    assert "Thu 2026-12-10 12:00" in second.out  # every other thursday, next free date
    listed = json.loads(cop("session", "list", "--json").out)
    assert [s["status"] for s in listed] == ["planned", "planned"]
    assert listed[1]["scheduled_at"] == "2026-11-26T12:00:00+01:00"


def test_session_plan_with_a_date_show_and_cancel(cop, berlin_circle):
    assert cop("session", "plan", "--date", "next tuesday 15:30").code == 0
    listed = json.loads(cop("session", "list", "--json").out)
    assert listed[0]["scheduled_at"] == "2026-11-24T15:30:00+01:00"
    session_id = listed[0]["id"]
    shown = cop("session", "show", session_id[:6])
    assert shown.code == 0 and "[planned]" in shown.out
    by_date = json.loads(cop("session", "show", "2026-11-24", "--json").out)
    assert by_date["summary"]["id"] == session_id
    cancelled = cop("session", "cancel", "--reason", "public holiday")
    assert cancelled.code == 0 and session_id[:8] in cancelled.out
    assert json.loads(cop("session", "list", "--json").out)[0]["status"] == "cancelled"
    again = cop("session", "cancel", session_id)
    assert again.code == 2 and "already cancelled" in again.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan", "--date", "whenever"], "cannot understand the date 'whenever'"),
        (["plan", "--date", "2020-01-02"], "2020-01-02 12:00 is in the past"),
        (["show", "zzzzzz"], "no session 'zzzzzz'"),
        (["show", "2030-01-01"], "no session on 2030-01-01"),
        (["cancel"], "no planned session to cancel"),
    ],
)
def test_session_bad_input(cop, berlin_circle, args, message):
    if args[0] != "cancel":
        cop("session", "plan")
    before = cop("session", "list", "--json").out
    result = cop("session", *args)
    assert result.code == 2 and message in result.err, result
    assert cop("session", "list", "--json").out == before


def test_two_sessions_on_one_day_are_refused(cop, berlin_circle):
    assert cop("session", "plan", "--date", "2026-12-01 09:00").code == 0
    result = cop("session", "plan", "--date", "2026-12-01 17:00")
    assert result.code == 2 and "already a planned session on 2026-12-01" in result.err


def test_demo_loads_a_realistic_community_and_refuses_to_mix(cop):
    loaded = cop("demo")
    assert loaded.code == 0 and "18 members, 12 past sessions" in loaded.out
    members = json.loads(cop("roster", "list", "--json").out)
    assert len({m["department"] for m in members}) == 5
    sessions = json.loads(cop("session", "list", "--json").out)
    assert [s["status"] for s in sessions].count("ended") == 12
    assert [s["status"] for s in sessions].count("planned") == 1
    latest = json.loads(cop("session", "show", "latest", "--json").out)
    assert latest["present"] and latest["talks"] and latest["takeaways"] and latest["commitments"]
    kinds = set()
    for session in sessions:
        kinds |= {
            k
            for k, _, _ in json.loads(cop("session", "show", session["id"], "--json").out)[
                "takeaways"
            ]
        }
    assert kinds == {"tip", "prompt", "workflow", "tool", "risk", "question", "resource"}
    refused = cop("demo")
    assert refused.code == 2 and "--force" in refused.err
    assert cop("demo", "--force").code == 0
    assert len(json.loads(cop("community", "list", "--json").out)) == 2


def test_demo_outcomes_are_mixed(cop, db):
    cop("demo")
    with db.session() as s:
        outcomes = {row[0] for row in s.exec(text("SELECT outcome FROM commitment_review"))}
        carried = s.exec(text("SELECT count(*) FROM commitment WHERE carried_from_id IS NOT NULL"))
        assert carried.one()[0] > 0
    assert {"done", "partly", "not_tried"} <= outcomes


def test_db_path_backup_and_check(cop, db, db_path, tmp_path, berlin_circle, another_database):
    """On either engine: `db path` names the database and where the choice came from, `db
    check` passes, `db backup` writes a copy that restores (a file, or a server's archive)."""
    where = cop("db", "path")
    if db.location.path is not None:
        assert where.out.strip() == str(db_path) and "(from --db)" in where.err
    else:
        assert where.out.strip() == db.location.describe()
        assert "(from COP_DATABASE_URL)" in where.err
    check = cop("db", "check")
    head = migrate.known_revisions()[-1]
    assert check.code == 0 and f"Schema revision {head}: up to date" in check.out
    assert "Integrity: ok" in check.out
    target = tmp_path / "copy.db"
    assert cop("db", "backup", str(target)).code == 0
    if db.location.path is not None:
        with sqlite3.connect(target) as conn:
            assert conn.execute("SELECT count(*) FROM member").fetchone()[0] == 3
    else:
        from facilitator.services.archive import import_archive
        from store.models import Member

        restored = another_database()
        import_archive(restored, target)
        with restored.session() as s:
            assert len(s.exec(select(Member)).all()) == 3
    assert "already exists" in cop("db", "backup", str(target)).err
    default = cop("db", "backup")
    assert default.code == 0 and "backups" in default.out


@sqlite_only
def test_db_path_default_is_in_the_user_data_folder(cop, isolated_home):
    assert cop("db", "path", db=None).out.strip() == str(isolated_home / "data" / "cop" / "cop.db")


def test_a_file_that_is_not_a_database_is_named_and_untouched(cop, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    result = cop("roster", "list", db=notes)
    assert result.code == 2 and f"{notes} is not a SQLite database" in result.err
    assert notes.read_text() == "my notes"


@sqlite_only
def test_a_corrupted_database_is_named_and_untouched(cop, db_path, berlin_circle):
    raw = bytearray(db_path.read_bytes())
    for offset in range(100, len(raw), 997):  # scribble over page contents, keep the header
        raw[offset] = 0xFF
    broken = db_path.parent / "broken.db"
    broken.write_bytes(bytes(raw))
    before = file_digest(broken)
    result = cop("roster", "list", db=broken)
    assert result.code == 2 and "Traceback" not in result.err
    assert "corrupt" in result.err or "not a SQLite database" in result.err
    assert file_digest(broken) == before


def test_debug_shows_the_traceback(cop, berlin_circle):
    with pytest.raises(Exception, match="already on the roster"):
        cop("--debug", "roster", "add", "Ana Lima")


def test_usage_errors_are_one_line_without_traceback(cop):
    result = cop("roster", "add")
    assert result.code == 2 and "Missing argument" in result.err and "Traceback" not in result.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["community", "edit", "--input", "0"], "--input takes a whole number from 1 to 240"),
        (["community", "edit", "--input", "-5"], "--input takes a whole number from 1 to 240"),
        (["community", "edit", "--input", "abc"], "--input takes a whole number from 1 to 240"),
        (["library", "search", "--limit", "0"], "--limit takes a whole number from 1 to 500"),
        (["session", "list", "--limit", "0"], "--limit takes a whole number of at least 1"),
        (["roster", "list", "--bogus"], "No such option: --bogus"),
        (["report", "-f"], "Option '-f' requires an argument"),
        (["nosuch"], "No such command 'nosuch'"),
    ],
)
def test_a_bad_option_value_is_one_line_naming_what_it_takes(cop, args, message):
    result = cop(*args)
    assert result.code == 2 and result.out == ""
    assert result.err.startswith(f"cop: error: {message}") and result.err.count("\n") == 1


def test_session_list_shows_the_recent_ones_and_says_how_many_more(cop):
    assert cop("demo").code == 0  # 12 past sessions and one planned
    shown = cop("session", "list", "--limit", "5")
    assert shown.code == 0
    assert "8 older sessions not shown: --all lists every one." in shown.out
    assert cop("session", "list").out.count("older sessions not shown") == 0  # 13 ≤ 20
    assert "older sessions" not in cop("session", "list", "--all").out
    assert len(json.loads(cop("session", "list", "--json").out)) == 13  # complete
    assert len(json.loads(cop("session", "list", "--json", "--limit", "2").out)) == 2
    assert cop("session", "list", "--limit", "0").code == 2


@sqlite_only
def test_an_empty_file_is_adopted_only_by_a_command_that_creates(cop, tmp_path):
    (tmp_path / "here").mkdir()
    empty = tmp_path / "here" / "empty.db"
    empty.touch()
    for reading_or_writing in (("community", "list"), ("roster", "add", "Ana")):
        refused = cop(*reading_or_writing, db=empty)
        assert refused.code == 2
        assert refused.err == (
            f"cop: error: {empty} is an empty file, so there is no cop database there yet: "
            "`cop demo` loads the sample, `cop community create NAME` starts your own "
            "(or choose another --db)\n"
        )
        assert empty.stat().st_size == 0 and sorted(empty.parent.iterdir()) == [empty]
    result = cop("community", "create", "Circle", "--cadence", "weekly on friday", db=empty)
    assert result.code == 0, result.err
    assert f"{empty} was an empty file; cop set it up as a new database" in result.err
    again = cop("community", "list", db=empty)
    assert again.code == 0 and "empty file" not in again.err


def test_a_command_that_does_not_create_makes_no_database(cop, tmp_path):
    (tmp_path / "here").mkdir()
    missing = tmp_path / "here" / "typo.db"
    refused = cop("session", "list", db=missing)
    assert refused.code == 2 and "does not exist, so there is no cop database" in refused.err
    assert list(missing.parent.iterdir()) == []


@sqlite_only
def test_bare_cop_refuses_what_it_cannot_open_in_one_line(tmp_path):
    """Bare `cop` opens the app without Typer; a database it cannot open is still one line
    naming the problem and exit 2, and the file is left as it was."""
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n")
    env = {**os.environ, "COP_DB": str(notes), "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "facilitator"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr == f"cop: error: {notes} is not a SQLite database\n"
    assert notes.read_text() == "not a database\n"


@sqlite_only
def test_quitting_the_app_before_creating_anything_leaves_no_database(tmp_path, capsys):
    from facilitator.cli.opening import leave_nothing_behind
    from facilitator.services.communities import create_community
    from store.database import open_database
    from store.location import resolve_location

    path = tmp_path / "new.db"
    leave_nothing_behind(open_database(resolve_location(str(path))))
    assert not path.exists() and not list(tmp_path.glob("new.db*"))
    assert f"no database was left at {path}" in capsys.readouterr().out
    kept = open_database(resolve_location(str(path)))
    create_community(kept, "Circle", "weekly on thursday")
    leave_nothing_behind(kept)
    assert path.exists() and f"Your data is in {path}" in capsys.readouterr().out


def test_the_shell_completes_members_sessions_and_communities(cop, db, db_path):
    import os
    import subprocess
    import sys

    assert cop("demo").code == 0

    def complete(words: str) -> list[str]:
        env = {
            **os.environ,
            **({} if db.location.path is None else {"COP_DB": str(db_path)}),
            "_COP_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - 1),
        }
        done = subprocess.run(
            [sys.executable, "-m", "facilitator"], env=env, capture_output=True, text=True
        )
        return [line for line in done.stdout.splitlines() if line]

    assert complete("cop roster edit Ch") == ["Chen Wei"]
    assert complete("cop session show 2026-11-1") == ["2026-11-19"]
    assert complete("cop roster list -c AI") == ["AI Practice Circle"]


def test_small_refusals_are_one_line_and_change_nothing(cop, berlin_circle, db, tmp_path):
    from sqlmodel import select

    from store.models import CalendarSeries

    assert cop("community", "use", "").code == 2
    broken = tmp_path / "broken.csv"
    broken.write_text('Name,Department\n"Broken;quote;x\nCara,HR\n', encoding="utf-8")
    before = cop("roster", "list", "--json").out
    result = cop("roster", "import", str(broken))
    assert result.code == 2 and "a quote is probably opened and never closed" in result.err
    assert cop("roster", "list", "--json").out == before
    assert cop("session", "plan", "--date", "2026-12-03").code == 0
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("a file, not a folder\n", encoding="utf-8")
    refused = cop("invite", "-o", str(not_a_folder / "q.ics"))
    assert refused.code == 2 and "cannot write" in refused.err
    with db.session() as s:
        assert s.exec(select(CalendarSeries)).all() == []  # the series was not recorded
    written = cop("invite", "-o", str(tmp_path / "q.ics"))
    assert written.code == 0
    with db.session() as s:
        assert len(s.exec(select(CalendarSeries)).all()) == 1


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_a_group_page_shows_each_command_s_first_sentence_whole(cop, monkeypatch, group):
    """At 80 columns Click would cut each line to the width beside the names, ending it in
    "..."; the lines are given whole, and wrapped."""
    from facilitator.cli.typer_app import every_command, first_sentence

    monkeypatch.setenv("COLUMNS", "80")
    result = cop(group, "--help")
    assert result.code == 0
    listing = result.out.split("Commands:", 1)[1]
    assert "..." not in listing
    [info] = [g for g in every_command().registered_groups if g.name == group]
    flowing = " ".join(listing.split())
    for command in info.typer_instance.registered_commands:
        line = first_sentence(command.callback.__doc__)
        assert line and " ".join(line.split()) in flowing
