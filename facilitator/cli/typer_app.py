"""The Typer app: the root options, every command and group, and running a command line.

A command line names one command, so only its module is imported (facilitator.cli.
command_index says where each lives), and subcommands import their services lazily, so
that `cop --help` loads neither SQLModel nor Textual. Annotations here are evaluated once,
as the module loads: Typer reads the root's type hints on every run, and as strings
(`from __future__ import annotations`) it compiled and evaluated each one again.
"""

import copy
import importlib
import inspect
import os
import sys
from functools import cache
from typing import Annotated

import typer

from facilitator import __version__
from facilitator.cli import fail
from facilitator.cli.command_index import COMMANDS, GROUPS
from facilitator.cli.opening import State, open_app

app = typer.Typer(
    name="cop",
    help="Run community-of-practice study sessions: roster, agenda, commitments, rotation.",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    # Plain help: Typer's rich help formatter costs ~90 ms of start-up on every `--help`.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
"""The root: its options and what bare `cop` does. Its commands are added to a copy, by
`command_tree` (the part a command line names) or `every_command` (all of them)."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cop {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db_path: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="COP_DB",
            help="SQLite file to use (default: cop.db in your user data folder).",
            show_envvar=True,
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
    theme: Annotated[
        str | None,
        typer.Option(
            "--theme",
            help="The app's theme for this run, e.g. cop-contrast-dark (cop config theme "
            "keeps one).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """With no command, open the app."""
    State.db_path = db_path
    State.debug = debug
    if theme is not None:
        from facilitator.display import check_theme

        check_theme(theme, "--theme")
    State.theme = theme
    ctx.call_on_close(State.close_databases)
    if ctx.invoked_subcommand is None:
        open_app(db_path)


ROOT_VALUE_OPTIONS = ("--db", "--theme")
"""The root's options that take a value (the next word is not a command)."""


def command_tree(args: list[str]) -> typer.Typer:
    """The part of the command tree this command line uses.

    Typer reads the signature of every command of every group before it parses anything
    (≈ 100 ms for cop's 40-odd commands, a third of `cop --help`), and each command's module
    costs its import. A command line names at most one command, so only that one is
    imported and built: the root alone for `cop --db FILE`, the roster group with its `list`
    alone for `cop roster list`, and for `--help` each command and group as its name and
    line in the index, which is all that page shows. Anything else (a mistyped command,
    whose message suggests the closest, and shell completion) gets the whole tree, or the
    whole group.
    """
    if os.environ.get("_COP_COMPLETE"):
        return every_command()
    name, rest = _first_word(args, ROOT_VALUE_OPTIONS)
    tree = _root()
    if name is None:
        if _asks_help(args):
            for listed, (_, _, line) in COMMANDS.items():
                tree.command(listed, short_help=line)(_listed_only)
            for listed, (_, _, line) in GROUPS.items():
                tree.add_typer(typer.Typer(help=line), name=listed, short_help=line)
        return tree
    if name in COMMANDS:
        _add_command(tree, name)
    elif name in GROUPS:
        _add_group(tree, name, _pruned(_group(name), rest))
    else:
        return every_command()
    return tree


@cache
def every_command() -> typer.Typer:
    """The whole tree, every command's module imported: for shell completion, for the
    message that suggests the closest command to a mistyped one, and for tests."""
    tree = _root()
    for name in COMMANDS:
        _add_command(tree, name)
    for name in GROUPS:
        _add_group(tree, name, _group(name))
    return tree


def _root() -> typer.Typer:
    """A tree with the root's options and callback, and no command yet."""
    tree = typer.Typer()
    tree.info = app.info
    tree.registered_callback = app.registered_callback
    tree._add_completion = app._add_completion
    tree.pretty_exceptions_enable = app.pretty_exceptions_enable
    tree.rich_markup_mode = app.rich_markup_mode
    return tree


def _module(name: str):
    return importlib.import_module(f"facilitator.cli.{name}")


def _add_command(tree: typer.Typer, name: str) -> None:
    module, function, line = COMMANDS[name]
    tree.command(name, short_help=line)(getattr(_module(module), function))


def _group(name: str) -> typer.Typer:
    module, attribute, _ = GROUPS[name]
    return getattr(_module(module), attribute)


def _add_group(tree: typer.Typer, name: str, group: typer.Typer) -> None:
    for command in group.registered_commands:
        if command.short_help is None and command.callback is not None:
            command.short_help = first_sentence(command.help or command.callback.__doc__)
    tree.add_typer(group, name=name, short_help=GROUPS[name][2])


def first_sentence(doc: str | None) -> str:
    """A command's line on its group's page: the first sentence of its help, whole. Left
    to Click, the line is cut to the width left beside the names and ends in "..."; given
    whole, Click wraps it instead."""
    paragraph = inspect.cleandoc(doc or "").split("\n\n")[0].replace("\n", " ")
    end = paragraph.find(". ")
    return paragraph if end < 0 else paragraph[: end + 1]


def _pruned(group: typer.Typer, args: list[str]) -> typer.Typer:
    """`group` with only the command `args` names, or, for its `--help`, each command as
    its name and help; the whole group when `args` name no command (a group alone shows its
    help) or one it does not have (the message suggests the closest)."""
    name, _ = _first_word(args, ())
    commands = {c.name: c for c in group.registered_commands}
    if (name is None and not _asks_help(args)) or (name is not None and name not in commands):
        return group
    tree = copy.copy(group)
    if name is not None:
        tree.registered_commands = [commands[name]]
    else:
        tree.registered_commands = []
        for command in group.registered_commands:
            doc = command.callback.__doc__
            tree.command(command.name, help=doc, short_help=first_sentence(doc))(_listed_only)
    return tree


def _asks_help(args: list[str]) -> bool:
    return any(word in ("-h", "--help") for word in args)


def _listed_only() -> None:
    """Stands for a command on a `--help` page, which lists it and never runs it."""


def _first_word(args: list[str], value_options: tuple[str, ...]) -> tuple[str | None, list[str]]:
    """The first word that is not an option (nor an option's value), and the words after."""
    skip = False
    for index, word in enumerate(args):
        if skip:
            skip = False
        elif word in value_options:
            skip = True
        elif not word.startswith("-"):
            return word, args[index + 1 :]
    return None, []


def usage_message(error) -> str:
    """One line naming the option and what it accepts, with where to read more."""
    param = getattr(error, "param", None)
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    name = "/".join(param.opts) if param is not None and param.opts else None
    missing = type(error).__name__ == "MissingParameter"
    if name and (low is not None or high is not None) and not missing:
        if low is not None and high is not None:
            accepted = f"from {low} to {high}"
        else:
            accepted = f"of at least {low}" if low is not None else f"of at most {high}"
        message = f"{name} takes a whole number {accepted}"
    else:
        message = error.format_message()
    ctx = getattr(error, "ctx", None)
    where = f" (see {ctx.command_path} --help)" if ctx is not None else ""
    return message.rstrip(".") + where


def run(args: list[str]) -> int | None:
    """Parse and run a command line; a usage mistake becomes one line and exit 2."""
    try:
        from typer._click.exceptions import ClickException, UsageError
    except ImportError:  # Typer before 0.20 builds on Click itself
        from click.exceptions import ClickException, UsageError  # type: ignore[assignment]

    try:
        return command_tree(args)(args=args, prog_name="cop", standalone_mode=False)
    except UsageError as error:  # an option or argument that cannot be taken as given
        from facilitator.errors import EXIT_USER_ERROR  # only then: `--help` does without

        if type(error).__name__ == "NoArgsIsHelpError":  # a command group given alone
            typer.echo(error.format_message(), err=True)
            sys.exit(EXIT_USER_ERROR)
        fail(usage_message(error), EXIT_USER_ERROR)
    except ClickException as error:
        fail(error.format_message(), error.exit_code)
    except typer.Abort:
        typer.echo("Aborted.", err=True)
        sys.exit(1)
