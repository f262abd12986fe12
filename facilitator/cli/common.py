"""What every command shares: the database option, option aliases, output and errors.

Importing this module stays cheap (no SQLModel, no Textual): the store is imported only
when a command opens the database.
"""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

import typer

from facilitator.cli import completion

if TYPE_CHECKING:
    from store.database import Database

CommunityOption = Annotated[
    str | None,
    typer.Option(
        "--community",
        "-c",
        help="Which community (implied when there is only one).",
        show_default=False,
        autocompletion=completion.communities,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
FormatOption = Annotated[
    str, typer.Option("--format", "-f", help="markdown or confluence (storage format).")
]
OutputOption = Annotated[
    str, typer.Option("--output", "-o", help="The file to write, or - for the terminal.")
]


def command_group(help: str) -> typer.Typer:
    """A `cop X` group; plain help, since Typer's rich help costs ~90 ms of start-up."""
    return typer.Typer(help=help, no_args_is_help=True, rich_markup_mode=None)


class State:
    """Global options, set by the root callback and read by commands."""

    db_path: str | None = None
    debug: bool = False
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


def open_db(migrate: bool = True, reading: bool = False) -> Database:
    """The database for a command; `reading` commands also open a file cop cannot write."""
    from store.database import open_database
    from store.location import resolve_location

    location = resolve_location(State.db_path)
    path = location.path
    empty_file = path is not None and path.is_file() and path.stat().st_size == 0
    db = open_database(location, migrate=migrate, reading=reading)
    db.reads_only = reading
    State.opened.append(db)
    if empty_file and db.location.path and db.location.path.stat().st_size > 0:
        warn(f"{path} was an empty file; cop set it up as a new database")
    return db


@cache
def console(stderr: bool = False):
    """One console per stream for the whole command: each line printed through a new one
    re-detected the terminal (a rotation listing 200 members spent 35 ms on it). It writes to
    whatever sys.stdout or sys.stderr is when it prints."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def print_json(value: Any) -> None:
    typer.echo(json.dumps(_plain(value), indent=2, ensure_ascii=False, sort_keys=True))


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return _plain(asdict(value))
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def say(message: str) -> None:
    """A one-line confirmation; user text is never read as Rich markup."""
    from rich.text import Text

    console().print(Text(message))


def warn(message: str, copyable: bool = False) -> None:
    """A warning on stderr; `copyable` keeps it on one line however narrow the terminal,
    so a command inside it can be copied whole."""
    from rich.text import Text

    console(stderr=True).print(Text(f"warning: {message}", style="yellow"), soft_wrap=copyable)


def table(title: str | None, columns: list[str], rows: list[list[Any]], keep: tuple[str, ...] = ()):
    """Print a table of literal text (markup in names stays as typed), fitted to the
    terminal: columns named in `keep` (ids, dates) never wrap; the others share the rest."""
    from facilitator.cli.plain_table import render_table

    typer.echo(render_table(title, columns, rows, keep))


def fmt_when(moment: datetime) -> str:
    return moment.strftime("%a %Y-%m-%d %H:%M")


def check_format(fmt: str) -> None:
    """A document command's --format: Markdown or Confluence storage format."""
    from facilitator.errors import InvalidInput

    if fmt not in ("markdown", "confluence"):
        raise InvalidInput(f"no format {fmt!r}; choose markdown or confluence")


def emit(content: str, output: str, what: str) -> None:
    """Print a document, or write it to `output` (left as it is when already the same),
    saying which and `what` it holds."""
    from pathlib import Path

    from facilitator.services.export import write_file

    if output == "-":
        typer.echo(content, nl=False)
        return
    path = Path(output).expanduser()
    changed = write_file(path, content)
    say(f"{'Wrote' if changed else 'Already up to date:'} {path} ({what})")
