"""What bare `cop` and every command share: the database chosen (--db or COP_DB), opened
and closed, and the lines printed.

Importing this module stays cheap (no Typer, no SQLModel, no Textual), so bare `cop` opens
the app through it without loading Typer (see facilitator.cli.main).
"""

from __future__ import annotations

from functools import cache
from typing import IO, TYPE_CHECKING, cast

if TYPE_CHECKING:
    from store.database import Database


class State:
    """Global options, set by the root callback and read by commands."""

    db_path: str | None = None
    debug: bool = False
    theme: str | None = None
    """--theme: the app's theme for this run."""
    opened: list[Database] = []
    """Databases a command opened, closed when it ends (see `close_databases`)."""

    @classmethod
    def close_databases(cls) -> None:
        """Close what the command opened, so its connections end with it: SQLite folds the
        write-ahead log back into the file then, not at some later garbage collection
        (which, when commands run in one process, would change a file a refused command
        must leave as it was)."""
        while cls.opened:
            cls.opened.pop().close()


def open_db(migrate: bool = True, reading: bool = False, creates: bool = False) -> Database:
    """The database for a command; `reading` commands also open a file cop cannot write.

    Only a command that `creates` (the app, `cop demo`, `cop community create`, `cop archive
    import`) makes a new database or adopts an empty file; any other refuses one, so a
    mistyped --db leaves no file behind and an empty file keeps its zero bytes."""
    from store.database import open_database
    from store.errors import NotADatabase
    from store.location import resolve_location

    location = resolve_location(State.db_path)
    path = location.path
    empty_file = path is not None and path.is_file() and path.stat().st_size == 0
    if path is not None and not creates and (empty_file or not path.exists()):
        state = "is an empty file" if empty_file else "does not exist"
        raise NotADatabase(
            f"{path} {state}, so there is no cop database there yet: `cop demo` loads the "
            "sample, `cop community create NAME` starts your own (or choose another --db)"
        )
    db = open_database(location, migrate=migrate, reading=reading)
    db.reads_only = reading
    State.opened.append(db)
    if empty_file and db.location.path and db.location.path.stat().st_size > 0:
        warn(f"{path} was an empty file; cop set it up as a new database")
    return db


def database_is_new() -> bool:
    """Whether the chosen database is a SQLite file not yet made (or still empty): a command
    that would only fill it checks its input first, so a refusal leaves no file behind."""
    from store.location import resolve_location

    path = resolve_location(State.db_path).path
    return path is not None and (not path.exists() or path.stat().st_size == 0)


@cache
def console(stderr: bool = False):
    """One console per stream for the whole command: each line printed through a new one
    re-detected the terminal (a rotation listing 200 members spent 35 ms on it). It writes to
    whatever sys.stdout or sys.stderr is when it prints."""
    from rich.console import Console

    stream = cast("IO[str]", SafeStream(stderr))  # write and flush are all Rich calls
    return Console(file=stream, highlight=False, soft_wrap=False)


class SafeStream:
    """sys.stdout or sys.stderr as it is when written to, with every control sequence that
    is not styling dropped: whatever Rich prints (user text included) cannot retitle, clear
    or move about the terminal."""

    def __init__(self, stderr: bool) -> None:
        self.stderr = stderr

    @property
    def stream(self):
        import sys

        return sys.stderr if self.stderr else sys.stdout

    def write(self, text: str) -> int:
        from exporters.text import terminal_safe

        return self.stream.write(terminal_safe(text, keep_colours=True))

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def say(message: str) -> None:
    """A one-line confirmation; user text is never read as Rich markup, nor as a terminal
    control sequence. Wrapped to a terminal's width; piped, each message stays one line
    (a script greps it whole)."""
    from rich.text import Text

    out = console()
    out.print(Text(message), soft_wrap=not out.is_terminal)


def echo(text: str, nl: bool = True) -> None:
    """A document or message printed as it is, minus any terminal control sequence that
    stored text (an older database, a colleague's archive, a shared server) may hold."""
    import typer

    from exporters.text import terminal_safe

    typer.echo(terminal_safe(text), nl=nl)


def warn(message: str, copyable: bool = False) -> None:
    """A warning on stderr; `copyable` keeps it on one line however narrow the terminal,
    so a command inside it can be copied whole."""
    from rich.text import Text

    line = Text(f"warning: {message}", style="yellow")
    console(stderr=True).print(line, soft_wrap=copyable)


def open_app(db_path: str | None) -> None:
    """Bare `cop`: the app on the chosen database (created if missing; removed again on
    quitting if nothing was put in it)."""
    from facilitator.tui import run_app
    from store.location import resolve_location

    State.db_path = db_path
    try:
        path = resolve_location(db_path).path
        new_file = path is not None and not path.exists()
        db = open_db(creates=True)
        run_app(db)
        if new_file:
            leave_nothing_behind(db)
    finally:
        State.close_databases()


def leave_nothing_behind(db) -> None:
    """Quitting the app before anything was created removes the database it just made,
    instead of leaving an empty one where the next run would look."""
    from facilitator.services.home_overview import is_empty

    if not is_empty(db):
        say(f"Your data is in {db.location.path}")
        return
    path = db.location.path
    db.close()
    for extra in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + extra).unlink(missing_ok=True)
    say(f"Nothing was created, so no database was left at {path}.")
