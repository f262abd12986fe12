"""How cop's time and memory grow with its history: every command and screen at 1× and at
larger histories, side by side in one run, on SQLite or on PostgreSQL.

    python bench/scale.py [--scale 100 [1000 ...]] [--communities M] [--runs 5] [--keep DIR]
    COP_DATABASE_URL=postgresql://… python bench/scale.py …    # the same on a server

Builds the histories with bench/history.py (the sample's size and each `--scale` times it;
above 1×, `--communities M` share the history, as on a company's server, and the first
community, the one measured, holds 1/M of it). On SQLite they are files (`--keep DIR`
keeps them there and reuses them on the next run); on PostgreSQL they are databases on the
server of COP_DATABASE_URL named after their size (cop_bench_1000x_100c), reused while they
exist. Then it measures on each:
- commands, run in this process as `cop` runs them (Typer's runner, output captured): the
  median CPU time of `--runs` runs after one warm-up, so start-up is left out and what
  remains is the work that can grow with the history;
- the data each screen reads (the Workspace and LiveSession calls it makes);
- each screen's first paint after the imports (home at launch, then roster, history,
  follow-up review and insights opened by their keys on a settled home): wall time until
  the first frame of that screen, in a headless app;
- the largest resident memory of the app touring those screens, in a child process.
A live session is started on a copy of each history last, for the per-session operations.
Not a test: it prints figures and the targets beside them, and asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from history import MEASURED, build  # noqa: E402

from facilitator.clock import utc_now  # noqa: E402
from screens.history import PAGE  # noqa: E402


@dataclass(frozen=True)
class Measure:
    name: str
    kind: str
    """Which target applies: "per-session" (≤ 1.5× of 1×), "list" (≤ 50 ms at scale),
    "list command" (≤ 50 ms at scale beyond the floor, `cop community list`, whose Typer,
    database opening and console cost every command pays), "paint" (≤ 300 ms at scale),
    "memory" (≤ 1.15× of 1×)."""
    run: Callable[[str], float]
    """Given a database path, one measurement (ms, or MB for memory)."""


CLOCK = time.process_time
"""What a call is timed by: this process's CPU time on SQLite, where every query runs in
it; wall time on PostgreSQL, whose queries run in the server's processes (its CPU time
would leave them out)."""


def cpu_ms(action: Callable[[], object]) -> float:
    """ms of one call by CLOCK, with the garbage collector run before and kept out of it (a
    collection landing in one run and not another was most of the noise)."""
    gc.collect()
    gc.disable()
    try:
        start = CLOCK()
        action()
        return (CLOCK() - start) * 1000
    finally:
        gc.enable()


def command(*args: str) -> Callable[[str], float]:
    from typer.testing import CliRunner

    from facilitator.cli.typer_app import every_command

    runner = CliRunner()

    def run(db: str) -> float:
        def invoke():
            result = runner.invoke(every_command(), ["--db", db, *args], env={"COLUMNS": "100"})
            if result.exit_code != 0:
                raise SystemExit(f"cop {' '.join(args)} failed: {result.output}")

        return cpu_ms(invoke)

    return run


def library_search(db, words: str):
    from facilitator.services.library import search

    return search(db, words)


def archive_export(db: str) -> float:
    """`cop archive export` to a new file each run (it never overwrites one)."""
    with tempfile.TemporaryDirectory() as folder:
        return command("archive", "export", str(Path(folder) / "bench.coparchive"))(db)


def insights_report(db) -> object:
    """The insights report's data for the current quarter (a history ends today)."""
    from facilitator.clock import utc_now
    from facilitator.insight_period import quarter_of
    from facilitator.services.insight_report import insight_report

    now = utc_now()
    return insight_report(db, None, quarter_of(now.date()), now)


def every_community_report(db) -> object:
    """`cop report --all-communities`' data: the quarter of every community on the server."""
    from facilitator.clock import utc_now
    from facilitator.insight_period import quarter_of
    from facilitator.services.insight_report import every_insight_report

    now = utc_now()
    return every_insight_report(db, quarter_of(now.date()), now)


def insights_screen(db: str) -> float:
    """What pressing i reads, after home has counted the warning signs on launch (which
    compiles most of the same statements on the app's one engine)."""
    ws = workspace(db)
    ws.active_warnings()
    quarter = ws.current_quarter()
    return cpu_ms(lambda: ws.insights(quarter))


def workspace(db: str):
    """A Workspace on `db`, as the app opens one; the one of the measure before is closed
    first (on a server each holds connections, and a run makes hundreds)."""
    from facilitator.cli.common import State, open_db
    from facilitator.workspace import Workspace

    State.close_databases()
    State.db_path = db
    return Workspace(open_db())


def data(call: Callable[[object], object]) -> Callable[[str], float]:
    def run(db: str) -> float:
        ws = workspace(db)
        return cpu_ms(lambda: call(ws))

    return run


def live(call: Callable[[object, object], object]) -> Callable[[str], float]:
    """A call on the live session (started by `start_live`)."""

    def run(db: str) -> float:
        ws = workspace(db)
        session = ws.open_live(ws.live_session_id())
        return cpu_ms(lambda: call(session, ws))

    return run


def summary(db: str) -> float:
    """The latest summary, as the history screen reads it when a row is highlighted."""
    ws = workspace(db)
    latest = ws.ended_sessions(0, 1)[0][0].id
    return cpu_ms(lambda: ws.summary_markdown(latest))


def start_live(db: str) -> str:
    """A copy of the history with a session begun as the app does and a dozen people
    checked in, for the live measures (the history itself stays as built)."""
    if "://" in db:
        db = server_copy(db)
    else:
        import shutil

        live_db = db.replace(".db", "-live.db")
        for extra in ("-wal", "-shm"):  # a previous run's log would be replayed into the copy
            Path(live_db + extra).unlink(missing_ok=True)
        db = shutil.copy(db, live_db)
    ws = workspace(db)
    ws.begin_session(None, None)
    session = ws.open_live(ws.live_session_id())
    session.start()
    for row in session.attendance()[:12]:
        session.set_attendance(row.member_id, "present")
    return db


def paint(key: str | None) -> Callable[[str], float]:
    """Wall ms from launching the app (key None) or pressing `key` on home until the
    screen it opens is first painted: the compositor's first frame of that screen (the
    headless app renders each frame as a terminal would, then does not write it)."""

    def run(db: str) -> float:
        return asyncio.run(_paint(db, key))

    return run


async def _paint(db: str, key: str | None) -> float:
    from facilitator.app import CopApp
    from screens.home import HomeScreen

    app = CopApp(workspace(db))
    painted: dict[object, float] = {}
    display = app._display

    def first_frames(screen, renderable) -> None:
        if renderable is not None:
            painted.setdefault(screen, time.perf_counter())
        display(screen, renderable)

    app._display = first_frames
    start = time.perf_counter()
    async with app.run_test(size=(80, 24)) as pilot:
        while not isinstance(app.screen, HomeScreen) or app.screen not in painted:
            await pilot.pause()
        if key is None:
            return (painted[app.screen] - start) * 1000
        home = app.screen
        # Pressed on a settled home, as by someone who has read it: once home's after-paint
        # worker (the next host, the warning count) is done, so the figure is the screen's
        # own, not the screen's plus what was left of that worker.
        await app.workers.wait_for_complete()
        await pilot.pause()
        start = time.perf_counter()
        await pilot.press(key)
        while app.screen is home or app.screen not in painted:
            await pilot.pause()
        return (painted[app.screen] - start) * 1000


def memory(db: str) -> float:
    """Peak resident MB of the app touring home, roster, history and review (child process)."""
    out = subprocess.run(
        [sys.executable, str(HERE / "paint.py"), "tour", db],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return int(out.split()[-1]) / 1024


FLOOR = Measure("cop community list (floor)", "floor", command("community", "list"))
MEASURES = [
    FLOOR,
    Measure("cop roster list", "list command", command("roster", "list")),
    Measure("cop session list", "list command", command("session", "list")),
    Measure("cop session show (latest)", "per-session", command("session", "show")),
    # Idempotent: the first run plans the quarter, the others find every date taken.
    Measure(
        "cop session plan --quarter (next)",
        "per-session",
        command("session", "plan", "--from", "2027-01-01", "--to", "2027-03-31"),
    ),
    Measure("cop talk list", "list command", command("talk", "list")),
    Measure("cop followup list", "list command", command("followup", "list")),
    Measure("cop followup nudges", "list command", command("followup", "nudges")),
    Measure("cop export (latest)", "per-session", command("export", "-o", "-")),
    Measure("cop export -f confluence", "per-session", command("export", "-f", "confluence")),
    Measure("cop rotate --dry-run", "per-session", command("rotate", "--dry-run")),
    Measure("cop db check", "whole history", command("db", "check")),
    Measure("cop archive export", "whole history", archive_export),
    Measure(
        "cop roster forget --dry-run",
        "whole history",
        command("roster", "forget", "Ana Lima", "--dry-run"),
    ),
    Measure("cop roster duplicates", "list command", command("roster", "duplicates")),
    Measure(
        "cop roster merge --dry-run",
        "member history",
        command("roster", "merge", "Ana Lima", "Ben Okafor", "--dry-run"),
    ),
    Measure('library: search "prompt"', "list", data(lambda ws: library_search(ws.db, "prompt"))),
    Measure("library: the most recent", "list", data(lambda ws: library_search(ws.db, ""))),
    Measure("report: a quarter's data", "report", data(lambda ws: insights_report(ws.db))),
    Measure(
        "report: every community's data",
        "roll-up",
        data(lambda ws: every_community_report(ws.db)),
    ),
    Measure("cop report", "per-session", command("report")),
    Measure("cop checklist", "list command", command("checklist")),
    Measure("cop invite (the quarter)", "list command", command("invite")),
    Measure("cop announce (the next session)", "per-session", command("announce")),
    Measure("cop chat list", "list command", command("chat", "list")),
    Measure("cop topic list", "list command", command("topic", "list")),
    Measure(
        "cop post summary --dry-run",
        "per-session",
        command("post", "summary", "--to", "bench", "--dry-run"),
    ),
    Measure(
        "cop post announce --dry-run",
        "per-session",
        command("post", "announce", "--to", "bench", "--dry-run"),
    ),
    Measure(
        "cop post nudges --dry-run",
        "list command",
        command("post", "nudges", "--to", "bench", "--dry-run"),
    ),
    Measure(
        "cop post report --dry-run",
        "per-session",
        command("post", "report", "--to", "bench", "--dry-run"),
    ),
    Measure("insights: the screen's data", "report", insights_screen),
    Measure("home: overview", "list", data(lambda ws: ws.overview())),
    Measure("home: the next host (after the paint)", "list", data(lambda ws: ws.upcoming_host())),
    Measure("home: warning count", "report", data(lambda ws: ws.active_warnings())),
    Measure("roster: a page of members", "list", data(lambda ws: ws.member_page(False, 0, 100))),
    Measure("history: a page of sessions", "list", data(lambda ws: ws.ended_sessions(0, PAGE))),
    Measure("history: a summary", "per-session", summary),
    Measure(
        "review: open + rates + people",
        "list",
        data(lambda ws: (ws.open_commitments(), ws.follow_through(), ws.people())),
    ),
    Measure("home painted at launch", "paint", paint(None)),
    Measure("roster painted (r)", "paint", paint("r")),
    Measure("history painted (h)", "paint", paint("h")),
    Measure("review painted (f)", "paint", paint("f")),
    Measure("insights painted (i)", "paint", paint("i")),
    Measure("app memory, touring screens", "memory", memory),
]
LIVE_MEASURES = [
    Measure("live: check-in list", "list", live(lambda s, ws: s.attendance())),
    Measure(
        "live: follow-up check-in reload",
        "per-session",
        live(lambda s, ws: s.open_follow_ups(ws.today())),
    ),
    Measure("live: next host", "per-session", live(lambda s, ws: s.next_host())),
    Measure("live: closing summary", "per-session", live(lambda s, ws: s.summary())),
]


def holds_history(db: str, communities: int) -> bool:
    """Whether a history kept from an earlier run was built to the end: every community has
    the planned session the builder writes last."""
    from sqlalchemy import func
    from sqlmodel import select

    from facilitator.vocabulary import SessionStatus
    from store.database import open_database
    from store.location import resolve_location
    from store.models import StudySession

    database = open_database(resolve_location(db))
    try:
        with database.session() as s:
            planned = select(func.count(func.distinct(StudySession.community_id))).where(
                StudySession.status == SessionStatus.PLANNED
            )
            return s.exec(planned).one() == communities
    finally:
        database.close()


def server_admin(url: str):
    """An engine on the server's `postgres` database, for creating and copying databases."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    return create_engine(
        make_url(url).set(database="postgres", drivername="postgresql+psycopg"),
        isolation_level="AUTOCOMMIT",
    )


def server_history(base: str, name: str) -> tuple[str, bool]:
    """The URL of database `name` on the server of `base`, created when missing; True when
    it was there already (a history built by an earlier run)."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    admin = server_admin(base)
    with admin.connect() as connection:
        there = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).first()
        if not there:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    return url, bool(there)


def server_copy(url: str) -> str:
    """A fresh copy of a server history (CREATE DATABASE … TEMPLATE), for the live measures."""
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    source = make_url(url).database
    copy = f"{source}_live"
    admin = server_admin(url)
    with admin.connect() as connection:
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": source},
        )
        connection.execute(text(f'DROP DATABASE IF EXISTS "{copy}"'))
        connection.execute(text(f'CREATE DATABASE "{copy}" TEMPLATE "{source}"'))
    admin.dispose()
    return make_url(url).set(database=copy).render_as_string(hide_password=False)


def verdict(kind: str, small: float, large: float, floor: float) -> str:
    if kind == "floor":
        return ""
    if kind == "whole history":
        return f"reads every row by design ({large / max(small, 0.5):.0f}× the 1× figure)"
    if kind == "list command":
        return f"≤ 50 ms over the floor {'met' if large - floor <= 50 else 'NOT MET'}"
    if kind == "per-session" or kind == "memory":
        limit = 1.5 if kind == "per-session" else 1.15
        return f"≤ {limit}× {'met' if large <= limit * max(small, 0.5) else 'NOT MET'}"
    limit = {"list": 50, "report": 200, "roll-up": 2000}.get(kind, 300)
    return f"≤ {limit} ms {'met' if large <= limit else 'NOT MET'}"


def median(measure: Measure, db: str, runs: int) -> float:
    if measure.kind == "memory":
        return statistics.median(measure.run(db) for _ in range(max(1, runs // 2)))
    measure.run(db)  # warm-up: imports, first queries, the disk cache
    return statistics.median(measure.run(db) for _ in range(runs))


def chosen(name: str, words: list[str] | None) -> bool:
    return words is None or any(word.lower() in name.lower() for word in words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, nargs="+", default=[100])
    parser.add_argument("--communities", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the histories here")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="WORDS",
        help="measure only those whose name holds one of these words (and the floor)",
    )
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="cop-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    server = os.environ.pop("COP_DATABASE_URL", None)  # each history is named by --db
    if server:
        global CLOCK
        CLOCK = time.perf_counter
    os.environ.update(
        {
            "TEXTUAL_ANIMATIONS": "none",
            "XDG_CONFIG_HOME": str(folder / "config"),
            "XDG_DATA_HOME": str(folder / "data"),
        }
    )
    from facilitator.config import save_default_community

    save_default_community(MEASURED)  # the measured one, when communities share a server
    from facilitator.chat_config import ChatChannel, save_channel
    from facilitator.vocabulary import ChatPlatform

    # What `cop post --dry-run` composes for; nothing is sent, so no address is needed.
    save_channel(ChatChannel("bench", ChatPlatform.SLACK, MEASURED, "…/none"))
    scales = [1, *args.scale]
    dbs = {}
    for scale in scales:
        communities = args.communities if scale > 1 else 1
        name = f"history-{scale}x" + (f"-{communities}c" if communities > 1 else "")
        if server:
            db, built = server_history(server, f"cop_bench_{name.replace('-', '_')[8:]}")
        else:
            db, built = str(folder / f"{name}.db"), (folder / f"{name}.db").exists()
        if built and not holds_history(db, communities):
            raise SystemExit(f"{db} holds no finished history (a build cut short?): remove it")
        if not built:
            from facilitator.cli.common import State, open_db

            State.db_path = db
            build(open_db(creates=True), scale, 20261121, utc_now(), communities)
        dbs[scale] = db
    engine = "PostgreSQL (wall time)" if server else "SQLite (CPU time)"
    shared = f", {args.communities} communities" if args.communities > 1 else ""
    print(
        f"median of {args.runs} runs, {engine}{shared}, {sys.version.split()[0]}, "
        f"{os.cpu_count()} cores"
    )
    print(
        f"{'measure':<38}"
        + "".join(f"{f'{scale}×':>10}" for scale in scales)
        + f"{'growth':>8}  target at {scales[-1]}×"
    )
    floor = 0.0
    for every, prepare in ((MEASURES, None), (LIVE_MEASURES, start_live)):
        measures = [m for m in every if m is FLOOR or chosen(m.name, args.only)]
        if not measures:
            continue
        if prepare is not None:
            dbs = {scale: prepare(db) for scale, db in dbs.items()}
        for measure in measures:
            figures = [median(measure, dbs[scale], args.runs) for scale in scales]
            if measure is FLOOR:
                floor = figures[-1]
            unit = "MB" if measure.kind == "memory" else "ms"
            small, large = figures[0], figures[-1]
            print(
                f"{measure.name:<38}"
                + "".join(f"{figure:>8.1f}{unit}" for figure in figures)
                + f"{large / max(small, 0.5):>7.1f}×  {verdict(measure.kind, small, large, floor)}"
            )


if __name__ == "__main__":
    main()
