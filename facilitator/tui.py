"""Start the Textual app with injected services; kept apart so DB commands never load Textual."""

from __future__ import annotations

from store.database import Database


def run_app(db: Database) -> None:
    from facilitator.app import CopApp
    from facilitator.workspace import Workspace

    CopApp(Workspace(db)).run()
