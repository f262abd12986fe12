"""`cop room`: the live session on a second screen, read-only; `--plain` as lines."""

from __future__ import annotations

from typing import Annotated

import typer

from facilitator.cli.common import CommunityOption, echo, open_db

POLL_SECONDS = 0.5


def room(
    plain: Annotated[
        bool,
        typer.Option(
            "--plain",
            help="One line per change, no colour (for screen readers and chat bridges); "
            "ends when the session does.",
        ),
    ] = False,
    community: CommunityOption = None,
) -> None:
    """Show the live session for a second screen (a projector, a remote terminal on the
    same database or server): the part and its clock, the talk, the queue, the topic
    board and the latest takeaways. It follows the facilitator's app and never writes."""
    db = open_db(reading=True)
    if not plain:
        from facilitator.tui import run_app

        run_app(db, community=community, room=True)
        return
    follow_as_lines(db, community)


def follow_as_lines(db, community: str | None) -> None:
    import time

    from facilitator.clock import utc_now
    from facilitator.services.room import RoomState, change_of, plain_line, room_view

    following: str | None = None
    said = None
    try:
        while True:
            view = room_view(db, community, utc_now(), following)
            change = change_of(view)
            if change != said:
                echo(plain_line(view))
                said = change
            if view.state == RoomState.ENDED:
                return
            if view.state == RoomState.LIVE:
                following = view.session_id
            time.sleep(POLL_SECONDS)
    except KeyboardInterrupt:
        return
