"""`cop talk`: sign up for lightning talks before a session and see the queue."""

from __future__ import annotations

from typing import Annotated

import typer

from facilitator.cli.common import (
    CommunityOption,
    JsonOption,
    command_group,
    fmt_when,
    open_db,
    print_json,
    say,
    table,
)

app = command_group("talk")


@app.command("add")
def add(
    presenter: Annotated[str, typer.Argument(help="Who presents (a member's name).")],
    title: Annotated[str, typer.Argument(help="The talk's title.")],
    minutes: Annotated[
        int | None,
        typer.Option(help="How long (default: the community's talk length, usually 5)."),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", help="For the session on this date (default: the next one)."),
    ] = None,
    community: CommunityOption = None,
) -> None:
    """Sign someone up for a lightning talk."""
    from facilitator.clock import utc_now
    from facilitator.services.talks import add_talk

    talk, session = add_talk(
        open_db(), community, presenter, title, utc_now(), minutes=minutes, when=date
    )
    target = fmt_when(session.scheduled_at) if session else "the next session"
    say(f"{talk.presenter} will give {talk.title!r} ({talk.minutes} min) at {target}")


@app.command("list")
def list_(as_json: JsonOption = False, community: CommunityOption = None) -> None:
    """The talk queue of the live or next session, with talks waiting for a session."""
    from facilitator.clock import utc_now
    from facilitator.services.talks import upcoming_talks

    session, talks = upcoming_talks(open_db(reading=True), community, utc_now())
    if as_json:
        print_json({"session": session, "talks": talks})
        return
    target = fmt_when(session.scheduled_at) if session else "the next session (not planned yet)"
    if not talks:
        say(f"No talks queued for {target}: `cop talk add NAME TITLE`.")
        return
    table(
        f"Lightning talks for {target}",
        ["#", "Presenter", "Title", "Min", "Status"],
        [
            [
                n,
                t.presenter,
                t.title,
                t.minutes,
                t.status + (" (rolled over)" if t.rolled_over else ""),
            ]
            for n, t in enumerate(talks, start=1)
        ],
    )
