"""`cop db`: where the database is, a backup, and a health check."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from facilitator.cli.common import State, command_group, open_db, say

app = command_group("Where the data lives, backups and checks.")


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
) -> None:
    """Write a consistent copy of the database, safe while cop is running."""
    from facilitator.errors import InvalidInput
    from store.backup import backup_database

    db = open_db(migrate=False, reading=True)
    if db.location.path is None:
        raise InvalidInput("backups are for SQLite files; use your server's own backup tool")
    if destination is not None and destination.exists():
        raise InvalidInput(f"{destination} already exists; choose a new file name")
    written = backup_database(db.location.path, destination)
    say(f"Backed up to {written}")


@app.command("check")
def check() -> None:
    """Check the database's integrity and schema revision."""
    from store.database import integrity_report

    db = open_db(migrate=False, reading=True)
    schema = db.schema
    if schema.revision is None:
        say(f"{db.location.describe()}: empty (no cop schema yet; it is created on first use)")
        return
    state = "up to date" if schema.up_to_date else f"behind (cop expects {schema.head})"
    say(f"Schema revision {schema.revision}: {state}")
    problems = integrity_report(db)
    if problems:
        for problem in problems:
            say(f"  ! {problem}")
        raise typer.Exit(1)
    say("Integrity: ok")
