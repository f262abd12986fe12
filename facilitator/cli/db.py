"""`cop db`: where the database is, a backup, and a health check."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from facilitator.cli.common import State, command_group, open_db, say, warn

app = command_group("db")


@app.command("path")
def path() -> None:
    """Print the database in use and why it was chosen."""
    from store.location import resolve_location

    location = resolve_location(State.db_path)
    typer.echo(location.describe())
    if location.source != "default":
        typer.echo(f"(from {location.source})", err=True)


@app.command("backup")
def backup(
    destination: Annotated[
        Path | None,
        typer.Argument(help="Backup file (default: the backups folder, newest 5 kept)."),
    ] = None,
    prune: Annotated[
        bool,
        typer.Option(
            "--prune",
            help="After the new backup, remove every older backup of this database from the "
            "backups folder (they may still hold a forgotten member).",
        ),
    ] = False,
) -> None:
    """Write a consistent copy of the database, safe while cop is running: a copy of the
    SQLite file, or for a server an archive that `cop archive import` restores. Backups
    are readable by their owner only."""
    from facilitator.errors import InvalidInput

    db = open_db(migrate=False, reading=True)
    if destination is not None and destination.exists():
        raise InvalidInput(f"{destination} already exists; choose a new file name")
    if db.location.path is None:
        from store.migrate import revision_on
        from store.server_backup import archive_backup

        with db.snapshot() as conn:
            written = archive_backup(conn, db.location, revision_on(conn), destination=destination)
    else:
        from store.backup import backup_database

        written = backup_database(db.location.path, destination)
    say(f"Backed up to {written}")
    if prune:
        _prune_older(db, written)


def _prune_older(db, written: Path) -> None:
    from store.backup import older_backups, sqlite_names
    from store.location import backups_dir
    from store.server_backup import server_names

    path = db.location.path
    names = sqlite_names(path) if path is not None else server_names(db.location)
    folder = backups_dir()
    removed = older_backups(folder, names, keep=written)
    for old in removed:
        old.unlink(missing_ok=True)
        say(f"Removed {old}")
    if not removed:
        say(f"No older backups of this database in {folder}")
    else:
        from facilitator.vocabulary import plural

        say(f"Removed {plural(len(removed), 'older backup')}")


@app.command("check")
def check() -> None:
    """Check the database: its schema revision, its tables and indexes, cop's own rules
    across the history and, for a SQLite file, the file's integrity."""
    from store.health import file_problems, invariant_problems, schema_problems

    db = open_db(migrate=False, reading=True)
    schema = db.schema
    say(f"Connected to {db.location.describe()}")
    if schema.revision is None:
        say("Empty: no cop schema yet; it is created on first use")
        return
    state = "up to date" if schema.up_to_date else f"behind (cop expects {schema.head})"
    say(f"Schema revision {schema.revision}: {state}")
    with db.snapshot() as conn:
        problems = file_problems(conn)
        if schema.up_to_date:
            problems += schema_problems(conn) + invariant_problems(conn)
        else:
            # cop's rules are written against the current tables; an older file is checked
            # for integrity only, and told what to do.
            problems.append(
                f"the database needs migrating to schema {schema.head}: the next command "
                "that writes (`cop session plan`, say) backs it up and upgrades it; "
                "then run `cop db check` again"
            )
    if db.location.path is not None:
        from store.location import backups_dir
        from store.private_files import exposures

        for exposure in exposures(db.location.path, backups_dir()):
            warn(exposure.describe(), copyable=True)
    if problems:
        for problem in problems:
            say(f"  ! {problem}")
        raise typer.Exit(1)
    checked = "file, " if db.location.path is not None else ""
    say(f"Integrity: ok ({checked}tables and indexes, cop's rules)")
