"""Live-session figures: agenda idle CPU against a floor, and key press → takeaway committed.

python bench/live.py idle [--seconds 60]   # CPU used while the agenda clock runs, vs a bare
                                           # Textual app repainting a label every 0.5 s
python bench/live.py latency [--runs 40]   # enter in the takeaway form → row on disk

Idle: both apps run in a real 80×24 terminal (tmux), one after the other, each measuring
its own CPU time (user + system) after a settling pause, so imports do not count.
Latency: headless, on a real SQLite file (WAL, synchronous=FULL), from the moment the
enter key is sent until the service returns with the row committed.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def sample_database(folder: Path) -> Path:
    from facilitator.clock import utc_now
    from facilitator.services.demo import load_demo
    from store.database import open_database
    from store.location import resolve_location

    path = folder / "cop.db"
    db = open_database(resolve_location(str(path)))
    load_demo(db, utc_now())
    db.close()
    return path


def idle_child(kind: str, seconds: float, db_path: str, report: str) -> None:
    """Run one app, let it settle, measure CPU over `seconds`, write the figure, exit."""

    async def measure(app) -> None:
        await asyncio.sleep(3)  # settle: first paint, screens pushed
        before = cpu_seconds()
        await asyncio.sleep(seconds)
        Path(report).write_text(str(cpu_seconds() - before))
        app.exit()

    if kind == "bare":
        from textual.app import App
        from textual.widgets import Label

        class Bare(App):
            def compose(self):
                yield Label("0")

            def on_mount(self) -> None:
                self.ticks = 0
                self.set_interval(0.5, self.tick)
                self.run_worker(measure(self))

            def tick(self) -> None:
                self.ticks += 1
                self.query_one(Label).update(str(self.ticks))

        Bare().run()
        return

    from facilitator.app import CopApp
    from facilitator.clock import utc_now
    from facilitator.services import live
    from facilitator.workspace import Workspace
    from store.database import open_database
    from store.location import resolve_location

    db = open_database(resolve_location(db_path))
    session_id = live.begin_session(db, None, utc_now(), "Ana Lima", "Bench")
    workspace = Workspace(db)
    workspace.open_live(session_id).start()

    class AgendaIdling(CopApp):
        def on_mount(self) -> None:
            super().on_mount()
            self.resume(session_id)
            self.run_worker(measure(self))

    AgendaIdling(workspace).run()


def run_child(kind: str, seconds: float, db_path: Path) -> float:
    report = Path(tempfile.mkdtemp()) / "cpu"
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "idle-child",
        kind,
        str(seconds),
        str(db_path),
        str(report),
    ]
    name = f"cop-bench-{uuid.uuid4().hex[:8]}"
    shell = " ".join(f"'{part}'" for part in command)
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", name, "-x", "80", "-y", "24", shell],
        check=True,
    )
    deadline = time.monotonic() + seconds + 60
    while not report.exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    time.sleep(0.5)
    return float(report.read_text())


def idle(seconds: float) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db_path = sample_database(Path(folder))
        agenda = run_child("agenda", seconds, db_path)
        floor = run_child("bare", seconds, db_path)
    print(f"agenda screen idling {seconds:.0f} s: {agenda:.2f} CPU s")
    print(f"bare app repainting a label every 0.5 s: {floor:.2f} CPU s")
    print(f"ratio {agenda / floor:.2f}× (target ≤ 1.5×)")


def latency(runs: int) -> None:
    from sqlmodel import func, select

    from facilitator.app import CopApp
    from facilitator.clock import utc_now
    from facilitator.live_session import LiveSession
    from facilitator.services import live
    from facilitator.workspace import Workspace
    from store.database import open_database
    from store.location import resolve_location
    from store.models import Takeaway

    with tempfile.TemporaryDirectory() as folder:
        db_path = sample_database(Path(folder))
        db = open_database(resolve_location(str(db_path)))
        session_id = live.begin_session(db, None, utc_now(), "Ana Lima", "Bench")
        workspace = Workspace(db)
        workspace.open_live(session_id).start()
        app = CopApp(workspace)
        timings: list[float] = []
        committed: list[float] = []
        repainted: list[float] = []
        save = LiveSession.add_takeaway

        def timed_save(self, *args, **kwargs):
            """The service returns once the transaction is committed: note when."""
            item = save(self, *args, **kwargs)
            committed.append(time.perf_counter())
            return item

        LiveSession.add_takeaway = timed_save

        async def drive(pilot) -> None:
            app.resume(session_id)
            await pilot.pause()
            for n in range(runs):
                await pilot.press("t")
                await pilot.press(*f"takeaway {n}")
                started = time.perf_counter()
                await pilot.press("enter")
                repainted.append(time.perf_counter() - started)
                timings.append(committed[-1] - started)
                with db.session() as s:  # committed: visible to a new transaction
                    count = s.exec(
                        select(func.count())
                        .select_from(Takeaway)
                        .where(Takeaway.session_id == session_id)
                    ).one()
                assert count == n + 1, "the takeaway was not committed when the form closed"
            app.exit()

        app.run(headless=True, auto_pilot=drive)
    median, worst = statistics.median(timings) * 1000, max(timings) * 1000
    print(f"enter → takeaway committed ({runs} runs): median {median:.1f} ms, max {worst:.1f} ms")
    print("target: median < 50 ms")
    shown = statistics.median(repainted) * 1000
    print(f"enter → form closed and list repainted (Pilot, headless): median {shown:.0f} ms")


def main() -> None:
    if sys.argv[1:2] == ["idle-child"]:
        kind, seconds, db_path, report = sys.argv[2:6]
        idle_child(kind, float(seconds), db_path, report)
        return
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", choices=["idle", "latency"])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    if args.what == "idle":
        idle(args.seconds)
    else:
        latency(args.runs)


if __name__ == "__main__":
    main()
