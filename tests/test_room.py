"""The room view follows a session the facilitator runs in another process: in the app
(Pilot) and as plain lines, from before it starts to after it ends, and never writes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from test_live_tui import plain
from textual.widgets import Static

from facilitator.app import CopApp
from facilitator.clock import utc_now
from facilitator.workspace import Workspace
from screens.room import RoomScreen

from conftest import SERVER_URL
from tui_helpers import until, until_shown

HERE = Path(__file__).parent


def writer(db_path: Path, folder: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "COP_NOW"}
    if not SERVER_URL:
        env["COP_DB"] = str(db_path)
    return subprocess.Popen(
        [sys.executable, str(HERE / "room_writer.py"), str(folder)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def step(folder: Path, number: int) -> None:
    (folder / f"go-{number}").touch()


def shown(app, selector: str) -> str:
    return plain(app.screen.query_one(selector, Static).render())


async def test_the_room_follows_the_session_to_its_end(demo_db, db_path, tmp_path):
    app = CopApp(Workspace(demo_db, clock=utc_now), room=True)
    facilitator = writer(db_path, tmp_path)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await until_shown(pilot, RoomScreen)
            assert "read-only" in shown(app, "#banner")
            await until(pilot, lambda: "no session is live yet" in shown(app, "#now"))
            step(tmp_path, 0)
            await until(pilot, lambda: "the clock starts after check-in" in shown(app, "#now"))
            step(tmp_path, 1)
            await until(pilot, lambda: shown(app, "#now").startswith("Input · "))
            assert "Input" in shown(app, "#part")
            step(tmp_path, 2)
            await until(pilot, lambda: shown(app, "#now").startswith("Practice sharing · "))
            step(tmp_path, 3)
            await until(
                pilot, lambda: "talk: Ben Okafor, My <b>prompt</b> linter" in shown(app, "#now")
            )
            assert "Lightning talk  Ben Okafor" in shown(app, "#part")
            await until(pilot, lambda: "Lint your prompts" in shown(app, "#takeaways"))
            step(tmp_path, 4)
            await until(pilot, lambda: "topic: " in shown(app, "#now"))
            assert "Dialogue topics" in shown(app, "#board")
            step(tmp_path, 5)
            await until(pilot, lambda: "the session ended at" in shown(app, "#now"))
    finally:
        facilitator.wait(timeout=60)
    assert facilitator.returncode == 0, facilitator.stderr.read()


def test_plain_lines_for_a_scripted_session(cop, demo_db, db_path, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "COP_NOW"}
    if not SERVER_URL:
        env["COP_DB"] = str(db_path)
    room = subprocess.Popen(
        [sys.executable, "-m", "facilitator", "room", "--plain"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(iter(room.stdout.readline, "")))
    reader.start()
    facilitator = writer(db_path, tmp_path)

    def seen(start: str) -> bool:
        return any(
            line.startswith(start) or (start.startswith("· ") and start in line) for line in lines
        )

    def wait_for(start: str, limit_seconds: float = 60.0) -> None:
        """Polls for the line (the room prints a change within half a second); the limit
        only keeps a broken test from hanging on a machine however busy."""
        deadline = time.monotonic() + limit_seconds
        while not seen(start):
            if time.monotonic() > deadline:
                raise AssertionError(f"no line starting {start!r} in {lines}")
            time.sleep(0.05)

    try:
        wait_for("AI Practice Circle: no session is live yet; waiting")
        for number, expected in enumerate(
            [
                "AI Practice Circle: the session is open; the clock starts after check-in",
                "Input · 15:00 left",
                "Practice sharing · 25:00 left",
                "· talk: Ben Okafor, My <b>prompt</b> linter",
                "Dialogue · 15:00 left · topic: ",
                "AI Practice Circle: the session ended at ",
            ]
        ):
            step(tmp_path, number)
            wait_for(expected)
        room.wait(timeout=30)  # the plain mode ends with the session
    finally:
        facilitator.wait(timeout=60)
        room.kill()
        reader.join(timeout=10)
    assert room.returncode == 0, room.stderr.read()
    talk = [line.rstrip("\n") for line in lines if "talk: " in line]
    assert talk and talk[0].endswith("talk: Ben Okafor, My <b>prompt</b> linter"), lines
    assert not any("\x1b" in line for line in lines)  # no colour, no control codes
    assert len(lines) == len(set(lines))  # one line per change, never the same twice


def test_the_room_never_writes(cop, demo_db, db_path):
    """Its database opening is read-only; on a file, not a byte of it (or its log) moves
    while the room waits for a session."""
    if SERVER_URL:
        return  # on a server the read-only opening is the guarantee (tests/test_read_only.py)

    def fingerprint() -> list[str]:
        files = [db_path, db_path.with_name(db_path.name + "-wal")]
        return [hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.exists()]

    before = fingerprint()
    room = subprocess.Popen(
        [sys.executable, "-m", "facilitator", "--db", str(db_path), "room", "--plain"],
        env={k: v for k, v in os.environ.items() if k != "COP_NOW"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert "no session is live yet" in room.stdout.readline()
    finally:
        room.terminate()
        room.wait(timeout=30)
    assert fingerprint() == before
