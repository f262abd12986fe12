"""`cop followup`: open commitments, their outcomes, and nudges for the people behind them."""

from __future__ import annotations

from typing import Annotated

import typer

from facilitator.cli.common import (
    CommunityOption,
    JsonOption,
    command_group,
    echo,
    open_db,
    print_json,
    say,
    table,
)

app = command_group("followup")

DepartmentOption = Annotated[
    str | None, typer.Option("--department", "-d", help="Only this department.")
]


def _today(db, community):
    from facilitator.clock import utc_now
    from facilitator.services.communities import local_today

    return local_today(db, community, utc_now())


@app.command("list")
def list_(
    department: DepartmentOption = None,
    owner: Annotated[str | None, typer.Option("--owner", help="Only this member.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only those past due.")] = False,
    as_json: JsonOption = False,
    community: CommunityOption = None,
) -> None:
    """Open commitments, oldest first, with their ids for `mark`."""
    from facilitator.services.followup import list_open

    db = open_db(reading=True)
    items = list_open(db, community, _today(db, community), department, owner, overdue)
    if as_json:
        print_json(items)
        return
    if not items:
        say("No open commitments match.")
        return
    table(
        None,
        ["Id", "Who", "Department", "Try this week", "Made", "Due", "Carried"],
        [
            [
                i.short_id,
                i.owner,
                i.department or "",
                i.text,
                f"{i.made_on:%d %b}",
                f"{i.due_on:%d %b}" + (" late" if i.overdue else ""),
                i.carries or "",
            ]
            for i in items
        ],
        keep=("Id", "Made", "Due"),
    )


@app.command("mark")
def mark(
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="ID... OUTCOME",
            help="Commitment ids (a unique prefix of 4+ characters), then done, partly, "
            "not-tried, dropped or carried.",
        ),
    ],
    note: Annotated[
        str | None, typer.Option("--note", help="One line: what happened when you tried it?")
    ] = None,
    by: Annotated[str | None, typer.Option("--by", help="Who is reviewing (a member).")] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Change an outcome recorded earlier.")
    ] = False,
    community: CommunityOption = None,
) -> None:
    """Record the outcome of one or more commitments (all or none are recorded)."""
    from facilitator.errors import InvalidInput
    from facilitator.services.followup import mark as mark_commitments
    from facilitator.services.followup import outcome_word

    if len(words) < 2:
        raise InvalidInput("give the commitment id, then the outcome: cop followup mark ID done")
    *ids, outcome = words
    results = mark_commitments(open_db(), community, ids, outcome, note, by, force)
    for result in results:
        changed = f" (was {outcome_word(result.replaced)})" if result.replaced else ""
        say(f"{result.id[:6]} {result.owner}: {outcome_word(result.outcome)}{changed}")
        if result.successor_id:
            say(f"  carried over as {result.successor_id[:6]}, due {result.successor_due}")
        if result.suggestion:
            say(f"  {result.suggestion}")


@app.command("nudges")
def nudges(department: DepartmentOption = None, community: CommunityOption = None) -> None:
    """A ready-to-paste message for each person with open commitments."""
    from facilitator.services.followup import nudges as build_nudges

    db = open_db(reading=True)
    messages = build_nudges(db, community, _today(db, community), department)
    if not messages:
        say("Nobody has an open commitment: nothing to nudge.")
        return
    for index, nudge in enumerate(messages):
        if index:
            echo("")
        echo(f"— {nudge.owner} ({nudge.department or 'no department'})")
        echo(nudge.message)
