"""`cop rotate`: assign the next host fairly, explain why, and show who comes next."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from facilitator.cli.common import (
    CommunityOption,
    JsonOption,
    fmt_when,
    open_db,
    print_json,
    say,
    table,
    warn,
)

if TYPE_CHECKING:
    from facilitator.domain import Rotation


def rotate(
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help='The session\'s date, e.g. 2026-12-17 or "next thursday" '
            "(default: the next planned session).",
        ),
    ] = None,
    skip: Annotated[
        list[str] | None,
        typer.Option(
            "--skip", help="Skip this member for the session (repeatable); needs --reason."
        ),
    ] = None,
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why: required with --skip, kept in the history.")
    ] = None,
    pick: Annotated[
        str | None, typer.Option("--pick", help="Choose the host by hand (recorded as picked).")
    ] = None,
    swap: Annotated[
        tuple[str, str] | None,
        typer.Option("--swap", metavar="A B", help="Two members exchange their turns."),
    ] = None,
    co_host: Annotated[
        bool,
        typer.Option("--co-host", help="Also pair a co-host from another department."),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="With --swap: give the turn to someone who does not facilitate."
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would happen; record nothing.")
    ] = False,
    show_history: Annotated[
        bool, typer.Option("--history", help="List past assignments with their reasons.")
    ] = False,
    show_all: Annotated[
        bool,
        typer.Option(
            "--all",
            help="List everyone not eligible, one line each (by default, over a dozen are "
            "counted by reason).",
        ),
    ] = False,
    as_json: JsonOption = False,
    community: CommunityOption = None,
) -> None:
    """Assign the host of the next planned session by the fair rotation rule.

    Eligible: active members willing to facilitate, not away that day, who have attended a
    session, and not the previous host. Order: fewest turns, longest since their last turn,
    earliest joined, name. Planned sessions' hosts count as turns.
    """
    from facilitator.clock import utc_now
    from facilitator.errors import InvalidInput
    from facilitator.services import rotation

    if show_history:
        if any((date, skip, reason, pick, swap, co_host, dry_run, show_all)):
            raise InvalidInput("--history lists the record; use it without other options")
        _history(rotation.history(open_db(reading=True), community), as_json)
        return
    if swap and (skip or pick or co_host):
        raise InvalidInput("--swap cannot be combined with --skip, --pick or --co-host")
    if force and not swap:
        raise InvalidInput("--force goes with --swap")
    if reason and not (skip or pick or swap):
        raise InvalidInput("--reason goes with --skip, --pick or --swap")
    db = open_db()
    everyone = show_all or as_json  # a script reads every name; so does --all
    if swap:
        result = rotation.swap(
            *(db, community, utc_now(), swap[0], swap[1], date, reason),
            dry_run=dry_run,
            force=force,
            everyone=everyone,
        )
    else:
        request = rotation.RotationRequest(
            skip=tuple(skip or ()),
            reason=reason,
            pick=pick,
            co_host=co_host,
            everyone=everyone,
        )
        result = rotation.rotate(db, community, utc_now(), date, request, dry_run=dry_run)
    if as_json:
        print_json(result)
        return
    _report(result, show_all)


def _report(result: Rotation, show_all: bool = False) -> None:
    head = "Would record (dry run):" if result.dry_run else "Recorded:"
    when = fmt_when(result.scheduled_at)
    planned = ""
    if result.planned_now:
        planned = " (not planned yet)" if result.dry_run else " (planned now)"
    say(f"{result.community} — {when}{planned}")
    if result.changes:
        say(head)
        for change in result.changes:
            say(f"  {change}")
    else:
        say("Nothing to change: the session already has its host.")
    if result.host:
        say(f"Host: {result.host.name} — {result.host.reason}")
    if result.co_host:
        say(f"Co-host: {result.co_host.name} — {result.co_host.reason}")
    if result.next_in_line:
        say("Next in line:")
        for place, person in enumerate(result.next_in_line, start=1):
            say(f"  {place}. {person.name} — {person.reason}")
    if result.left_out_count:
        _not_eligible(result, show_all)
    for warning in result.warnings:
        warn(warning)


def _not_eligible(result: Rotation, show_all: bool) -> None:
    lines = result.left_out_lines(show_all)
    if result.named_in_full(show_all):
        say("Not eligible this time:")
    else:
        say(f"Not eligible this time: {result.left_out_count} (--all lists them)")
    say(
        "\n".join(f"  {name} — {why}" if name else f"  {why}: {n} people" for name, why, n in lines)
    )


def _history(entries, as_json: bool) -> None:
    if as_json:
        print_json(entries)
        return
    if not entries:
        say("No rotation recorded yet: `cop rotate` assigns the next host.")
        return
    table(
        None,
        ["Session", "Member", "Action", "Reason", "Recorded"],
        [
            [
                fmt_when(e.scheduled_at),
                e.member,
                e.action.replace("_", "-"),
                e.reason or "",
                e.recorded_at.astimezone(e.scheduled_at.tzinfo).strftime("%Y-%m-%d %H:%M"),
            ]
            for e in entries
        ],
    )
