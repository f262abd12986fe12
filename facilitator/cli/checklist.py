"""`cop checklist`: the launch checklist of a community, and ticking the items only a person
can answer."""

from __future__ import annotations

from typing import Annotated

import typer

from facilitator.cli.common import CommunityOption, JsonOption, open_db, print_json, say, table


def checklist(
    tick: Annotated[
        list[str] | None,
        typer.Option(help="Tick an item only a person can answer, e.g. leadership-approval."),
    ] = None,
    untick: Annotated[list[str] | None, typer.Option(help="Untick such an item.")] = None,
    as_json: JsonOption = False,
    community: CommunityOption = None,
) -> None:
    """What a lasting community has in place: derived from the history where cop knows,
    ticked by hand where it cannot (leadership approval, activity connected to goals)."""
    from facilitator.clock import utc_now
    from facilitator.errors import InvalidInput
    from facilitator.services import checklist as service

    now = utc_now()
    both = set(tick or ()) & set(untick or ())
    if both:
        raise InvalidInput(f"--tick and --untick both name {', '.join(sorted(both))}")
    if tick or untick:
        db = open_db()
        for text in tick or ():
            line = service.tick(db, community, text, True, now)
            say(f"Ticked: {line.label}")
        for text in untick or ():
            line = service.tick(db, community, text, False, now)
            say(f"Unticked: {line.label}")
        return
    name, lines = service.checklist_of(open_db(reading=True), community, now)
    if as_json:
        print_json(lines)
        return
    done = sum(line.done for line in lines)
    table(
        f"{name}: launch checklist, {done} of {len(lines)}",
        ["", "Item", "How cop knows", "Key"],
        [["✓" if line.done else "✗", line.label, line.evidence, line.item] for line in lines],
        keep=("Key",),
    )
