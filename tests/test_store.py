"""The store on real SQLite files: pragmas, keys, migrations, refusals, backups."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from store import migrate
from store.backup import KEEP_AUTOMATIC_BACKUPS, backup_database
from store.database import open_database
from store.engine import create_db_engine
from store.errors import DatabaseNotWritable, DatabaseTooNew, NotADatabase
from store.location import backups_dir, resolve_location
from store.models import Community, Member, StudySession

from conftest import file_digest, sqlite_only


@sqlite_only
def test_every_connection_has_the_durability_pragmas(db):
    # Use a fresh pooled connection, not the one that ran the migration.
    db.engine.dispose()
    with db.engine.connect() as conn:
        pragma = lambda name: conn.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
        assert pragma("busy_timeout") == 5000


@sqlite_only
def test_the_wal_file_appears_next_to_the_database(db, db_path):
    with db.session() as s:
        s.add(Community(name="X"))
    assert Path(f"{db_path}-wal").exists()


@sqlite_only
def test_opening_the_file_again_keeps_the_first_openings_hold_on_it(db, db_path):
    """While this process has the database open, opening it a second time (the app and a
    command in one process) must not drop the first connection's lock: another process that
    closes next would take itself for the last one and remove the write-ahead log from
    under it, and the first connection would then read pages that are gone."""
    with db.session() as s:
        s.add(Community(name="Before"))
    open_database(resolve_location(str(db_path))).close()
    writes = (
        "import sys\n"
        "from store.database import open_database\n"
        "from store.location import resolve_location\n"
        "from store.models import Community\n"
        "other = open_database(resolve_location(sys.argv[1]))\n"
        "with other.session() as s:\n"
        "    s.add(Community(name='Other'))\n"
        "other.close()\n"
    )
    subprocess.run([sys.executable, "-c", writes, str(db_path)], check=True)
    assert Path(f"{db_path}-wal").exists()
    with db.session() as s:
        assert sorted(s.exec(select(Community.name)).all()) == ["Before", "Other"]


def test_foreign_keys_are_enforced(db):
    with pytest.raises(IntegrityError), db.session() as s:
        s.add(Member(community_id="missing", name="A", name_key="a", joined_on=date.today()))


def test_timestamps_are_stored_in_utc_and_come_back_aware(db):
    berlin_noon = datetime(2026, 7, 2, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    with db.session() as s:
        community = Community(name="X")
        s.add(community)
        s.flush()
        s.add(StudySession(community_id=community.id, scheduled_at=berlin_noon))
    with db.engine.connect() as conn:
        raw = conn.execute(text("SELECT scheduled_at FROM study_session")).scalar()
    if db.engine.dialect.name == "sqlite":
        assert raw.startswith("2026-07-02 10:00:00")
    else:  # a timestamp without a zone, holding UTC
        assert raw == datetime(2026, 7, 2, 10, 0)
    with db.session() as s:
        row = s.exec(select(StudySession)).one()
    assert row.scheduled_at == berlin_noon
    assert row.scheduled_at.tzinfo is UTC


def test_primary_keys_are_globally_unique_strings(db):
    with db.session() as s:
        a, b = Community(name="A"), Community(name="B")
        s.add_all([a, b])
    assert len(a.id) == 32 and a.id != b.id


def test_a_fresh_database_is_created_at_the_head_revision(db):
    assert db.schema.revision == migrate.known_revisions()[-1]
    assert db.schema.migrated_from is None
    assert db.schema.backup is None


def test_alembic_agrees_with_the_revision_files():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    script = ScriptDirectory.from_config(config)
    assert script.get_heads() == [migrate.known_revisions()[-1]]
    assert len(list(script.walk_revisions())) == len(migrate.known_revisions())


def test_the_schema_matches_the_models(db):
    """Autogenerate finds nothing to do: the migrations create exactly the tables."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    from store.models import load_all
    from store.schema_extras import outside_models

    load_all()
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_name": outside_models})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


@pytest.fixture
def newer_migrations(tmp_path: Path) -> Path:
    """A copy of the migrations plus one more revision, as a newer cop would ship."""
    target = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, target)
    head = migrate.known_revisions()[-1]
    (target / "versions" / "9000_add_community_motto.py").write_text(
        f'''
import sqlalchemy as sa
from alembic import op

revision = "9000"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("community") as batch:
        batch.add_column(sa.Column("motto", sa.String(), nullable=True))


def downgrade():
    with op.batch_alter_table("community") as batch:
        batch.drop_column("motto")
'''
    )
    return target


def test_a_database_behind_is_backed_up_then_upgraded(db, newer_migrations, another_database):
    with db.session() as s:
        s.add(Community(name="Kept"))
    location = db.location
    db.close()
    engine = create_db_engine(location)
    status = migrate.ensure_schema(engine, location, newer_migrations)
    assert (status.migrated_from, status.revision) == (migrate.known_revisions()[-1], "9000")
    assert status.backup is not None and status.backup.parent == backups_dir()
    if location.path is not None:  # a copy of the file, at the revision before
        with sqlite3.connect(status.backup) as backup:
            assert backup.execute("SELECT name FROM community").fetchall() == [("Kept",)]
            revision = backup.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            assert revision != "9000"
    else:  # a server's backup is an archive, restored anywhere
        from facilitator.services.archive import import_archive

        restored = another_database()
        import_archive(restored, status.backup)
        with restored.session() as s:
            assert [c.name for c in s.exec(select(Community))] == ["Kept"]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT name, motto FROM community")).all() == [("Kept", None)]
    engine.dispose()


def test_a_newer_database_is_refused_untouched(db, db_path):
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    location = db.location
    db.close()
    before = file_digest(db_path) if location.path else _server_state(location)
    with pytest.raises(DatabaseTooNew, match="newer than this cop knows"):
        open_database(location)
    after = file_digest(db_path) if location.path else _server_state(location)
    assert after == before


def _server_state(location) -> list:
    """What a refused server database must keep: its revision and every table's columns."""
    engine = create_db_engine(location)
    try:
        with engine.connect() as conn:
            revision = conn.execute(text("SELECT version_num FROM alembic_version")).all()
            columns = conn.execute(
                text(
                    "SELECT table_name, column_name FROM information_schema.columns "
                    "WHERE table_schema = current_schema() ORDER BY 1, 2"
                )
            ).all()
        return [revision, columns]
    finally:
        engine.dispose()


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n")
    with pytest.raises(NotADatabase, match="not a SQLite database"):
        open_database(resolve_location(str(path)))
    assert path.read_text() == "these are my notes, not a database\n"


def test_a_foreign_sqlite_database_is_refused(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(NotADatabase, match="not a cop database"):
        open_database(resolve_location(str(path)))


@sqlite_only
def test_a_read_only_database_is_refused(db, db_path):
    db.close()
    db_path.chmod(0o444)
    try:
        if os.access(db_path, os.W_OK):
            pytest.skip("running as a user who can write read-only files")
        with pytest.raises(DatabaseNotWritable):
            open_database(resolve_location(str(db_path)))
    finally:
        db_path.chmod(0o644)


def test_a_missing_folder_is_named(tmp_path):
    with pytest.raises(DatabaseNotWritable, match="does not exist"):
        open_database(resolve_location(str(tmp_path / "nowhere" / "cop.db")))


@sqlite_only
def test_automatic_backups_keep_the_newest_five(db, db_path):
    written = [backup_database(db_path, reason=f"test{i}") for i in range(7)]
    kept = sorted(backups_dir().glob("*.db"))
    assert len(kept) == KEEP_AUTOMATIC_BACKUPS
    assert set(kept) == set(written[-KEEP_AUTOMATIC_BACKUPS:])


def test_location_order_is_option_then_env_then_url_then_default(tmp_path):
    env = {"COP_DB": "/tmp/a.db", "COP_DATABASE_URL": "postgresql://u:secret@h/db"}
    assert resolve_location("/tmp/x.db", env).path == Path("/tmp/x.db")
    assert resolve_location(None, env).path == Path("/tmp/a.db")
    server = resolve_location(None, {"COP_DATABASE_URL": "postgresql://u:secret@h/db"})
    assert server.path is None and server.describe() == "postgresql://u:***@h/db"
    default = resolve_location(None, {})
    assert default.source == "default" and default.path.name == "cop.db"


@pytest.mark.parametrize("journal", ["delete", "wal"])
@pytest.mark.parametrize("revision", [None, "9999"], ids=["foreign", "newer"])
def test_a_refused_database_keeps_every_byte_and_gets_no_neighbours(
    tmp_path, cop, revision, journal
):
    """Opening used to switch such a file to WAL before refusing it (its header changed),
    and SQLite's read-only mode still made a WAL file's -wal and -shm beside it."""
    (tmp_path / "here").mkdir()
    path = tmp_path / "here" / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA journal_mode={journal}")
        conn.execute("CREATE TABLE invoices (id INTEGER)")
        if revision:
            conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
            conn.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
    conn.close()
    assert sorted(path.parent.iterdir()) == [path]
    before = file_digest(path)
    refused = DatabaseTooNew if revision else NotADatabase
    with pytest.raises(refused):
        open_database(resolve_location(str(path)))
    for args in (("db", "check"), ("db", "backup", str(tmp_path / "copy.db")), ("roster", "list")):
        result = cop(*args, db=path)
        assert result.code == 2 and ("not a cop database" in result.err or "newer" in result.err)
    assert file_digest(path) == before
    assert sorted(path.parent.iterdir()) == [path]
    assert not (tmp_path / "copy.db").exists()


def test_upgrading_to_the_stored_outcome_fills_it_from_the_reviews(db):
    """A database from before revision 0004 gets each commitment's latest outcome."""
    from alembic import command
    from alembic.config import Config

    from facilitator.services.demo import load_demo
    from store.engine import set_foreign_keys

    from conftest import FROZEN_NOW

    load_demo(db, FROZEN_NOW)
    location = db.location
    db.close()
    engine = create_db_engine(location)
    sqlite = location.path is not None
    config = Config()
    config.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    with engine.connect() as conn:
        if sqlite:
            set_foreign_keys(conn, enabled=False)  # the table is rebuilt, as cop's upgrade does
        config.attributes["connection"] = conn
        command.downgrade(config, "0003")
        conn.commit()
    with engine.connect() as conn:
        columns = [c["name"] for c in inspect(conn).get_columns("commitment")]
        assert "outcome" not in columns
    migrate.ensure_schema(engine, location)
    with engine.connect() as conn:
        stored = dict(conn.execute(text("SELECT id, outcome FROM commitment")).all())
        latest = dict(
            conn.execute(
                text(
                    "SELECT commitment_id, outcome FROM commitment_review r WHERE NOT EXISTS "
                    "(SELECT 1 FROM commitment_review l WHERE l.commitment_id = r.commitment_id"
                    " AND (l.reviewed_at > r.reviewed_at"
                    " OR (l.reviewed_at = r.reviewed_at AND l.id > r.id)))"
                )
            ).all()
        )
    engine.dispose()
    assert latest and {k: v for k, v in stored.items() if v is not None} == latest
    assert all(stored[k] is None for k in stored if k not in latest)
