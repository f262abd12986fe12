"""The Typer app: every command and group, the root options, and running a command line.

Subcommands import their services lazily so that `cop --help` loads neither SQLModel nor
Textual; `command_tree` builds only the part of the tree a command line names.
"""

from __future__ import annotations

import copy
import os
import sys
from typing import Annotated

import typer

from facilitator import __version__
from facilitator.cli import (
    archive,
    chat,
    checklist,
    community,
    config,
    db,
    demo,
    export,
    fail,
    followup,
    invite,
    library,
    pulse,
    report,
    room,
    roster,
    rotate,
    session,
    survey,
    talk,
    topic,
)
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
app.add_typer(community.app, name="community")
app.add_typer(roster.app, name="roster")
app.add_typer(session.app, name="session")
app.add_typer(talk.app, name="talk")
app.add_typer(topic.app, name="topic")
app.add_typer(db.app, name="db")
app.command("demo")(demo.demo)
app.command("rotate")(rotate.rotate)
app.command("export")(export.export)
app.command("report")(report.report)
app.command("checklist")(checklist.checklist)
app.command("invite")(invite.invite)
app.command("announce")(invite.announce)
app.command("pulse")(pulse.pulse)
app.command("room")(room.room)
app.add_typer(followup.app, name="followup")
app.add_typer(config.app, name="config")
app.add_typer(archive.app, name="archive")
app.add_typer(library.app, name="library")
app.add_typer(survey.app, name="survey")
app.add_typer(chat.app, name="chat")
app.add_typer(chat.post_app, name="post")


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
    (≈ 100 ms for cop's 40-odd commands, a third of `cop --help`). A command line names at
    most one command, so only that one is built: the app alone for `cop --db FILE`, the roster
    group with its `list` alone for `cop roster list`, and for `--help` each group and
    command as its name and help, which is all that page shows. Anything else (a mistyped
    command, whose message suggests the closest, and shell completion) gets the whole
    tree, or the whole group.
    """
    if os.environ.get("_COP_COMPLETE"):
        return app
    return _pruned(app, args, ROOT_VALUE_OPTIONS, alone=True)


def _pruned(
    whole: typer.Typer, args: list[str], value_options: tuple[str, ...], alone: bool = False
) -> typer.Typer:
    """`whole` with only what `args` names; `alone` says whether it runs with no command
    (the root opens the app; a group without a command shows its help, so is kept whole)."""
    name, rest = _first_word(args, value_options)
    groups = {g.name: g for g in whole.registered_groups}
    commands = {c.name: c for c in whole.registered_commands}
    asks_help = any(word in ("-h", "--help") for word in args)
    if name is None and not (alone or asks_help):
        return whole
    if name is not None and name not in groups and name not in commands:
        return whole
    tree = typer.Typer()
    tree.info = whole.info
    tree.registered_callback = whole.registered_callback
    tree._add_completion = whole._add_completion
    tree.pretty_exceptions_enable = whole.pretty_exceptions_enable
    tree.rich_markup_mode = whole.rich_markup_mode
    if name in groups:
        group = copy.copy(groups[name])
        if group.typer_instance is not None:
            group.typer_instance = _pruned(group.typer_instance, rest, ())
        tree.registered_groups = [group]
    elif name in commands:
        tree.registered_commands = [commands[name]]
    elif asks_help:
        for command in whole.registered_commands:
            tree.command(command.name, help=command.callback.__doc__)(_listed_only)
        for group in whole.registered_groups:
            if group.typer_instance is not None:
                help_text = group.typer_instance.info.help
                tree.add_typer(typer.Typer(help=help_text), name=group.name)
    return tree


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
