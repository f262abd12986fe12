"""Bring a database to the schema this cop expects, safely.

The revision check reads `alembic_version` with plain SQL and lists the revision files on
disk, so Alembic (≈0.3 s to import) is loaded only when a migration really has to run.
Revision ids are zero-padded numbers ("0001", "0002", …) forming one linear history; a test
checks that Alembic agrees. Before upgrading a database that already holds data, a backup is
written; a database stamped with a revision this cop does not know was written by a newer
version and is refused untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect, text

from store.engine import DEFERRED, set_foreign_keys
from store.errors import DatabaseTooNew, NotADatabase
from store.location import DatabaseLocation

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def known_revisions(migrations_dir: Path = MIGRATIONS_DIR) -> list[str]:
    """Revision ids on disk, oldest first (the file name starts with the id)."""
    return sorted(p.name.split("_", 1)[0] for p in (migrations_dir / "versions").glob("[0-9]*.py"))


def current_revision(engine: Engine) -> str | None:
    """The schema revision, read without taking SQLite's write lock (every command reads it
    as it opens the database; fifty starting together must not queue for it)."""
    with engine.execution_options(**{DEFERRED: True}).connect() as conn:
        return revision_on(conn)


@dataclass(frozen=True)
class SchemaStatus:
    """What the schema check found and did."""

    revision: str | None
    head: str
    migrated_from: str | None = None
    backup: Path | None = None

    @property
    def up_to_date(self) -> bool:
        return self.revision == self.head


def check_revision(current: str | None, migrations_dir: Path = MIGRATIONS_DIR) -> list[str]:
    """Refuse a revision this cop does not know (a newer cop wrote it); the known ones."""
    revisions = known_revisions(migrations_dir)
    if current is not None and current not in revisions:
        raise DatabaseTooNew(
            f"this database has schema revision {current}, newer than this cop knows "
            f"(up to {revisions[-1]}); upgrade cop to open it"
        )
    return revisions


def schema_status(engine: Engine, migrations_dir: Path = MIGRATIONS_DIR) -> SchemaStatus:
    current = current_revision(engine)
    revisions = check_revision(current, migrations_dir)
    return SchemaStatus(revision=current, head=revisions[-1])


MIGRATION_LOCK = 0x636F70  # "cop": the advisory lock key every cop takes to migrate


def ensure_schema(
    engine: Engine,
    location: DatabaseLocation,
    migrations_dir: Path = MIGRATIONS_DIR,
) -> SchemaStatus:
    """Create or upgrade the schema; never touch a database that is newer or foreign.

    Any number of cop processes may start together on an empty or old database: each takes
    the migration lock (SQLite's write lock through BEGIN IMMEDIATE, an advisory lock on
    PostgreSQL), reads the revision again under it, and only the first one migrates; the
    others find the work done. A database that already holds data is backed up first: a
    copy of the file for SQLite, an archive (store.archive_format) for a server.
    """
    status = schema_status(engine, migrations_dir)
    if status.up_to_date:
        return status
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if sqlite:
            # Batch migrations rebuild tables; enforcing keys mid-rebuild would break them.
            set_foreign_keys(conn, enabled=False)
        with conn.begin():
            if not sqlite:
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            current = revision_on(conn)
            check_revision(current, migrations_dir)
            backup = None
            if current != status.head:  # else another cop migrated while this one waited
                backup = _before_upgrade(conn, location, current, status.head)
                _upgrade(conn, migrations_dir)
        if sqlite:
            set_foreign_keys(conn, enabled=True)
    return SchemaStatus(
        revision=status.head,
        head=status.head,
        migrated_from=current if current != status.head else None,
        backup=backup,
    )


def revision_on(conn) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _before_upgrade(conn, location: DatabaseLocation, current: str | None, head: str):
    """Refuse a foreign database; back up one that holds cop data. Returns the backup."""
    if current is None:
        if inspect(conn).get_table_names():
            raise NotADatabase(
                f"{location.describe()} holds tables but is not a cop database; "
                "choose another file with --db"
            )
        return None
    if location.path is not None:
        from store.backup import backup_database  # only before an upgrade

        return backup_database(location.path, reason=f"before-{head}")
    from store.server_backup import archive_backup

    return archive_backup(conn, location, current, reason=f"before-{head}")


def _upgrade(conn, migrations_dir: Path) -> None:
    """Run Alembic on `conn`, inside the transaction that holds the migration lock."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir))
    config.attributes["connection"] = conn
    command.upgrade(config, "head")
