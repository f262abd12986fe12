"""Start the Textual app with injected services; kept apart so DB commands never load Textual."""

from __future__ import annotations

from store.database import Database


def run_app(
    db: Database,
    start: bool = False,
    when: str | None = None,
    community: str | None = None,
    room: bool = False,
) -> None:
    from facilitator.app import CopApp
    from facilitator.cli.opening import State
    from facilitator.workspace import Workspace

    app = CopApp(
        Workspace(db, community=community),
        start=start,
        when=when,
        room=room,
        theme_option=State.theme,
    )
    app.run()
