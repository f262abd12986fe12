"""Start an app headless, wait for its first screen to be painted, exit. Used by startup.py.

python bench/paint.py cop DB    # cop's home screen on DB, built as `cop` builds it
python bench/paint.py bare      # the floor: Header + Footer app that imports sqlmodel
"""

from __future__ import annotations

import sys


async def _exit_after_paint(pilot) -> None:
    await pilot.pause()
    pilot.app.exit()


def bare() -> None:
    import sqlmodel  # noqa: F401  (the floor pays for the ORM import like cop does)
    from textual.app import App
    from textual.widgets import Footer, Header

    class Bare(App):
        def compose(self):
            yield Header()
            yield Footer()

    Bare().run(headless=True, auto_pilot=_exit_after_paint)


def cop(db_path: str) -> None:
    import facilitator.cli  # noqa: F401  (what `cop` imports before opening the app)
    from facilitator.app import CopApp
    from facilitator.cli.common import State, open_db
    from facilitator.workspace import Workspace

    State.db_path = db_path
    app = CopApp(Workspace(open_db()))
    app.run(headless=True, auto_pilot=_exit_after_paint)


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        cop(sys.argv[2])
