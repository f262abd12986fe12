"""Start an app headless, wait for its first screen to be painted, exit. Used by startup.py.

python bench/paint.py cop DB    # cop's home screen on DB, built as `cop` builds it
python bench/paint.py bare      # the floor: Header + Footer app that imports sqlmodel
python bench/paint.py tour DB   # home, roster, history and review; prints peak RSS in KiB

`cop` and `bare` take --exit-at-paint last: end the process at the first frame.
"""

from __future__ import annotations

import os
import sys
import time

PAINTED = "painted at "
"""What `cop` and `bare` print: the system-wide monotonic clock (the same in every process)
when the app's first screen was first drawn, so startup.py times launch to paint, not
launch to exit (an exiting process waits for workers that run after the paint)."""


EXIT_AT_PAINT = "--exit-at-paint"
"""Given last: the process ends at the first frame, so that counting its instructions
(startup.py --instructions) counts launch to paint and nothing after."""


def _record_first_paint(app) -> None:
    display = app._display

    def first_frame(screen, renderable) -> None:
        if renderable is not None and not hasattr(app, "painted_at"):
            app.painted_at = time.monotonic()
            if sys.argv[-1] == EXIT_AT_PAINT:
                display(screen, renderable)
                os._exit(0)
        display(screen, renderable)

    app._display = first_frame


async def _exit_after_paint(pilot) -> None:
    while not hasattr(pilot.app, "painted_at"):
        await pilot.pause()
    pilot.app.exit()


def _say_when_painted(app) -> None:
    print(f"{PAINTED}{app.painted_at!r}")  # after run: the app holds stdout while it runs


def bare() -> None:
    import sqlmodel  # noqa: F401  (the floor pays for the ORM import like cop does)
    from textual.app import App
    from textual.widgets import Footer, Header

    class Bare(App):
        def compose(self):
            yield Header()
            yield Footer()

    app = Bare()
    _record_first_paint(app)
    app.run(headless=True, auto_pilot=_exit_after_paint)
    _say_when_painted(app)


def cop(db_path: str) -> None:
    import facilitator.cli  # noqa: F401  (what `cop` imports before opening the app)
    from facilitator.app import CopApp
    from facilitator.cli.opening import State, open_db
    from facilitator.workspace import Workspace

    State.db_path = db_path
    app = CopApp(Workspace(open_db()))
    _record_first_paint(app)
    app.run(headless=True, auto_pilot=_exit_after_paint)
    _say_when_painted(app)


async def _tour(pilot) -> None:
    from screens.home import HomeScreen

    await pilot.pause()
    for key in ("r", "h", "f"):
        while not isinstance(pilot.app.screen, HomeScreen):
            await pilot.press("escape")
            await pilot.pause()
        home = pilot.app.screen
        await pilot.press(key)
        while pilot.app.screen is home:
            await pilot.pause()
        await pilot.pause()
    pilot.app.exit()


def peak_kib() -> int:
    """This process's peak resident memory. Not getrusage's ru_maxrss: Linux carries that
    over from the parent across fork and exec, so it reports the benchmark's own peak."""
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1])


def tour(db_path: str) -> None:
    from facilitator.app import CopApp
    from facilitator.cli.common import State, open_db
    from facilitator.workspace import Workspace

    State.db_path = db_path
    CopApp(Workspace(open_db())).run(headless=True, size=(80, 24), auto_pilot=_tour)
    print(peak_kib())


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    elif sys.argv[1] == "tour":
        tour(sys.argv[2])
    else:
        cop(sys.argv[2])
