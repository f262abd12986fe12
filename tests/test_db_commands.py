"""`cop db check` and `cop db backup` on either engine, and the backup taken before migrating."""

from __future__ import annotations

import sys

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import inspect, text
from sqlmodel import select

from facilitator.services.archive import import_archive
from store import migrate
from store.database import open_database
from store.location import resolve_location
from store.models import Community, Member

from conftest import sqlite_only


def test_check_reports_the_schema_and_cops_own_rules(cop, db, berlin_circle):
    done = cop("db", "check")
    assert done.code == 0, done.out
    assert f"Schema revision {migrate.known_revisions()[-1]}: up to date" in done.out
    assert "Integrity: ok" in done.out


def test_check_finds_a_broken_rule(cop, db, berlin_circle):
    assert cop("session", "plan", "--date", "2026-12-03").code == 0
    assert cop("session", "plan", "--date", "2026-12-17").code == 0
    with db.session() as s:
        s.exec(text("UPDATE study_session SET status = 'live'"))
    done = cop("db", "check")
    assert done.code == 1
    assert "1 communities with more than one live session" in done.out


def test_check_on_an_older_schema_says_it_needs_migrating(cop, db, berlin_circle):
    from store.engine import set_foreign_keys

    previous = migrate.known_revisions()[-2]
    with db.engine.connect() as conn:
        if db.engine.dialect.name == "sqlite":  # as migrating does: batch steps rebuild tables
            set_foreign_keys(conn, enabled=False)
        config = Config()
        config.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
        config.attributes["connection"] = conn
        command.downgrade(config, previous)
        conn.commit()
    done = cop("db", "check")
    assert done.code == 1
    assert f"Schema revision {previous}: behind" in done.out
    assert "needs migrating" in done.out
    assert "unexpected" not in done.err and "Traceback" not in done.err
    with db.engine.connect() as conn:  # checking changed nothing
        assert migrate.revision_on(conn) == previous


def test_a_backup_restores_into_an_empty_database(
    cop, db, berlin_circle, tmp_path, another_database
):
    target = tmp_path / "copy"
    done = cop("db", "backup", str(target))
    assert done.code == 0, done.err
    assert "already exists" in cop("db", "backup", str(target)).err
    if db.location.path is None:  # a server: the backup is an archive
        restored = another_database()
        import_archive(restored, target)
    else:
        restored = open_database(resolve_location(str(target)))
    with restored.session() as s:
        assert len(s.exec(select(Member)).all()) == 3
    if db.location.path is not None:
        restored.close()


def test_a_database_with_data_is_backed_up_before_it_is_migrated(
    another_database, isolated_home, tmp_path
):
    old = another_database()  # at the head revision; rebuild it at 0004 with a community
    with old.engine.connect() as conn:
        tables = inspect(conn).get_table_names()
        for table in [t for t in reversed(tables) if not t.startswith("takeaway_search_")]:
            conn.execute(
                text(
                    f'DROP TABLE IF EXISTS "{table}" CASCADE'
                    if _pg(conn)
                    else f'DROP TABLE "{table}"'
                )
            )
        conn.commit()
        config = Config()
        config.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
        config.attributes["connection"] = conn
        command.upgrade(config, "0004")
        conn.execute(
            text(
                "INSERT INTO community (id, name, kind, cadence, meeting_time, timezone, "
                "input_minutes, practice_minutes, dialogue_minutes, handoff_minutes, "
                "talk_minutes, created_at) VALUES ('c1', 'Old Circle', 'company-wide', "
                "'weekly on monday', '12:00', 'UTC', 15, 25, 15, 5, 5, '2026-01-01 10:00:00')"
            )
        )
        conn.commit()
    reopened = open_database(old.location)
    try:
        assert reopened.schema.migrated_from == "0004"
        backup = reopened.schema.backup
        assert backup is not None and backup.exists()
        assert backup.parent == isolated_home / "data" / "cop" / "backups"
        if old.location.path is None:
            restored = another_database()
            import_archive(restored, backup)
            with restored.session() as s:
                assert [c.name for c in s.exec(select(Community))] == ["Old Circle"]
        with reopened.session() as s:
            assert [c.name for c in s.exec(select(Community))] == ["Old Circle"]
    finally:
        reopened.close()


def _pg(conn) -> bool:
    return conn.dialect.name == "postgresql"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("mysql://u:p@h/db", "uses 'mysql', which cop does not support"),
        ("sqlite:///:memory:", "names no SQLite file"),
        ("sqlite://", "names no SQLite file"),
    ],
)
def test_an_unsupported_database_url_is_one_line_and_exit_2(cop, monkeypatch, url, says):
    monkeypatch.setenv("COP_DATABASE_URL", url)
    done = cop("roster", "list", db=None)
    assert done.code == 2
    assert says in done.err and "unexpected" not in done.err and "p@h" not in done.err


def test_postgres_urls_in_either_spelling_use_psycopg():
    for spelling in ("postgres://u@h/db", "postgresql://u@h/db", "postgresql+psycopg://u@h/db"):
        location = resolve_location(environ={"COP_DATABASE_URL": spelling})
        assert location.url == "postgresql+psycopg://u@h/db" and location.is_server


def test_a_missing_postgresql_driver_says_how_to_install_it(cop, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if it were not installed
    monkeypatch.setenv("COP_DATABASE_URL", "postgresql://u@127.0.0.1:1/db")
    done = cop("roster", "list", db=None)
    assert done.code == 2
    assert "pip install 'cop[postgres]'" in done.err


@sqlite_only
def test_check_finds_the_search_index_out_of_step(cop, db, berlin_circle):
    """SQLite's FTS table is kept by triggers; a file edited by other means is caught."""
    assert cop("session", "plan", "--date", "2026-12-03").code == 0
    with db.session() as s:
        session_id = s.exec(text("SELECT id FROM study_session")).one()[0]
    from facilitator.services.captures import add_takeaway

    add_takeaway(db, session_id, "Pin the model version")
    assert cop("db", "check").code == 0
    with db.session() as s:
        s.exec(text("DELETE FROM takeaway_search"))
    done = cop("db", "check")
    assert done.code == 1 and "1 takeaways out of step with the search index" in done.out


def test_a_server_url_is_taken_wherever_a_database_is_named(monkeypatch):
    from store.location import resolve_location

    url = "postgresql://cop:s3cret@db.example.com:5432/cop"
    for where, environ in (
        (url, {}),
        (None, {"COP_DB": url}),
        (None, {"COP_DATABASE_URL": url}),
    ):
        location = resolve_location(where, environ=environ)
        assert location.is_server and location.path is None
        assert location.describe() == "postgresql://cop:***@db.example.com:5432/cop"
    assert resolve_location(None, environ={"COP_DB": url}).source == "COP_DB"
    assert resolve_location(url, environ={"COP_DB": url}).source == "COP_DB"  # Typer's envvar
    assert resolve_location(url, environ={}).source == "--db"
    bare = resolve_location(None, environ={"COP_DATABASE_URL": "postgresql://cop@db/cop"})
    assert bare.describe() == "postgresql://cop@db/cop"  # no password, nothing to mask


def test_a_server_that_never_answers_is_given_up_on_in_one_line(cop, monkeypatch):
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never says a word
    port = listener.getsockname()[1]
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        url = f"postgresql://cop@127.0.0.1:{port}/cop?connect_timeout=1"
        result = cop("--db", url, "roster", "list", db=None)
    finally:
        stop.set()
        thread.join()
        for connection in held:
            connection.close()
        listener.close()
    assert result.code == 2 and result.err.count("\n") == 1, result
    assert "Traceback" not in result.err
