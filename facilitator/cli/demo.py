"""`cop demo`: load the sample community."""

from __future__ import annotations

from typing import Annotated

import typer

from facilitator.cli.common import open_db, say


def demo(
    force: Annotated[
        bool, typer.Option("--force", help="Add the sample even if the database has data.")
    ] = False,
) -> None:
    """Load a realistic sample community (members, past sessions, one planned)."""
    from facilitator.clock import utc_now
    from facilitator.services.demo import load_demo

    loaded = load_demo(open_db(creates=True), utc_now(), force=force)
    say(
        f"Loaded {loaded.community}: {loaded.members} members, {loaded.sessions} past sessions "
        "and one planned. Run `cop` to open it."
    )
