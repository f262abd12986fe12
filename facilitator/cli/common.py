"""What every command shares: option aliases, output and errors. The database option and
the printed lines come from facilitator.cli.opening (re-exported here: `State`, `open_db`,
`console`, `say`, `warn`).

Importing this module stays cheap (no SQLModel, no Textual): the store is imported only
when a command opens the database.
"""

from __future__ import annotations

import re
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import Annotated, Any

import typer

from facilitator.cli import completion
from facilitator.cli.command_index import group_help
from facilitator.cli.opening import State, console, echo, open_db, say, warn

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


def command_group(name: str) -> typer.Typer:
    """The group `cop NAME`, with its help from facilitator.cli.command_index; plain help,
    since Typer's rich help costs ~90 ms of start-up."""
    return typer.Typer(help=group_help(name), no_args_is_help=True, rich_markup_mode=None)


def print_json(value: Any) -> None:
    """JSON as stored, every character kept: C0 controls come out escaped by the encoder,
    and DEL and C1 (which a terminal would act on) escaped here, so the data stays exact."""
    import json  # only here: `cop --help` does without it

    text = json.dumps(_plain(value), indent=2, ensure_ascii=False, sort_keys=True)
    typer.echo(_C1.sub(lambda found: f"\\u{ord(found.group()):04x}", text))


_C1 = re.compile("[\x7f-\x9f]")


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


def table(title: str | None, columns: list[str], rows: list[list[Any]], keep: tuple[str, ...] = ()):
    """Print a table of literal text (markup in names stays as typed). In a terminal it fits
    the width: columns named in `keep` (ids, dates) are never cut, long values in the others
    end in "…". Piped to a script, every value is printed whole."""
    import sys

    from facilitator.cli.plain_table import render_table, terminal_width

    width = terminal_width() if sys.stdout.isatty() else None
    echo(render_table(title, columns, rows, keep, width))


def fmt_when(moment: datetime) -> str:
    return moment.strftime("%a %Y-%m-%d %H:%M")


def check_format(fmt: str) -> None:
    """A document command's --format: Markdown or Confluence storage format."""
    from facilitator.errors import InvalidInput

    if fmt not in ("markdown", "confluence"):
        raise InvalidInput(f"no format {fmt!r}; choose markdown or confluence")


def check_writable(output: str) -> None:
    """Before anything is recorded: the file named can be written (files first, then the
    database, so a refused file leaves no trace)."""
    import os
    from pathlib import Path

    from facilitator.errors import InvalidInput

    if output == "-":
        return
    path = Path(output).expanduser()
    folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), None)
    writable = (
        not path.is_dir()
        and folder is not None
        and folder.is_dir()
        and os.access(folder, os.W_OK)
        and (not path.exists() or os.access(path, os.W_OK))
    )
    if not writable:
        raise InvalidInput(f"cannot write {path}: the file or its folder is not writable")


def emit(content: str, output: str, what: str) -> None:
    """Print a document, or write it to `output` (left as it is when already the same),
    saying which and `what` it holds."""
    from pathlib import Path

    from facilitator.services.export import write_file

    if output == "-":
        echo(content, nl=False)
        return
    path = Path(output).expanduser()
    changed = write_file(path, content)
    say(f"{'Wrote' if changed else 'Already up to date:'} {path} ({what})")


__all__ = [
    "CommunityOption",
    "FormatOption",
    "JsonOption",
    "OutputOption",
    "State",
    "check_format",
    "command_group",
    "console",
    "echo",
    "emit",
    "fmt_when",
    "open_db",
    "print_json",
    "say",
    "table",
    "warn",
]


def read_secret(prompt: str, what: str) -> str:
    """A secret from the terminal, not echoed; from standard input when that is a pipe or a
    file (`pass show confluence | cop config confluence --set-token`), so a script never
    waits on a terminal it does not have, and the secret stays out of the shell history."""
    import sys

    from facilitator.errors import InvalidInput

    if sys.stdin is not None and sys.stdin.isatty():
        return typer.prompt(prompt, hide_input=True)
    secret = sys.stdin.readline().strip() if sys.stdin is not None else ""
    if not secret:
        raise InvalidInput(f"no {what} on standard input (give it on one line)")
    return secret
