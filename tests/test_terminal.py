"""End to end in a real terminal: tmux runs cop, keys are typed, screen and file are read."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from store.database import open_database
from store.location import resolve_location

from conftest import FROZEN_NOW, SERVER_URL

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux (CI installs it)")

ROOT = Path(__file__).resolve().parent.parent
CURSOR = "#{cursor_x},#{cursor_y}"


def until(condition: Callable[[], bool], failure: Callable[[], str], limit: float) -> None:
    """Wait until `condition()` holds, asking again every 50 ms: neither tmux nor the file
    can announce a change, and `limit` is only how long a stuck app may take to fail."""
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(failure())
        time.sleep(0.05)


class Terminal:
    """One tmux server per terminal, on its own socket.

    Sharing the default server let one test's closing session shut the server down while
    another test (or the other engine's suite running beside it) was starting one, and
    tmux answered "server exited unexpectedly".
    """

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.name = f"cop-test-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={shlex.quote(str(v))}" for k, v in env.items())
        subprocess.run(
            [
                *self.tmux(),
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                "80",
                "-y",
                "24",
                f"env -i {exports} {' '.join(command)}",
            ],
            check=True,
            cwd=ROOT,
        )

    def tmux(self) -> list[str]:
        return ["tmux", "-L", self.name, "-f", "/dev/null"]

    def screen(self) -> str:
        return subprocess.run(
            [*self.tmux(), "capture-pane", "-p", "-t", self.name], capture_output=True, text=True
        ).stdout

    def display(self, what: str) -> str:
        """A tmux format about the pane, e.g. its cursor "#{cursor_x},#{cursor_y}"."""
        return subprocess.run(
            [*self.tmux(), "display", "-p", "-t", self.name, what], capture_output=True, text=True
        ).stdout.strip()

    def move_focus(self, key: str, limit: float = 30.0) -> None:
        """Press a key that moves focus to another field and wait until the cursor is there."""
        before = self.display(CURSOR)
        self.keys(key)
        self.until(lambda: self.display(CURSOR) != before, f"{key} never moved the cursor", limit)

    def until(self, condition: Callable[[], bool], failure: str, limit: float = 30.0) -> None:
        until(condition, lambda: f"{failure}; the screen was:\n{self.screen()}", limit)

    def wait_for(self, text: str, limit: float = 30.0) -> str:
        """Wait for `text` on the screen; the screen it was seen on."""
        seen = [""]

        def shown() -> bool:
            seen[0] = self.screen()
            return text in seen[0]

        self.until(shown, f"{text!r} never appeared", limit)
        return seen[0]

    def fill(self, text: str, limit: float = 30.0) -> None:
        """Type into the focused field and wait until cop has taken every character.

        Textual hands each key to the focused widget and runs a binding (Tab's focus move)
        only when the key comes back up unhandled, so a Tab sent while the text is still
        on its way would land after the next field's text. The field is done when the
        line the cursor is on shows the whole text.
        """
        self.type(text)

        def on_the_cursors_line() -> bool:
            row = int(self.display("#{cursor_y}"))
            lines = self.screen().splitlines()
            return row < len(lines) and text in lines[row]

        self.until(on_the_cursors_line, f"{text!r} was never taken", limit)

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.tmux(), "send-keys", "-t", self.name, *keys], check=True)

    def type(self, text: str) -> None:
        subprocess.run([*self.tmux(), "send-keys", "-t", self.name, "-l", text], check=True)

    def close(self) -> None:
        subprocess.run([*self.tmux(), "kill-server"], capture_output=True)


def rows(db: Path, sql: str) -> list[tuple]:
    """Read what cop stored, from its SQLite file or, on the server run, its schema."""
    database = open_database(resolve_location(None if SERVER_URL else str(db)))
    try:
        with database.session() as s:
            return [tuple(r) for r in s.exec(text(sql)).all()]
    finally:
        database.close()


def test_first_run_sample_roster_add_and_quit(tmp_path, isolated_home):
    db = tmp_path / "cop.db"
    env = cop_env(db, isolated_home)
    # After cop exits the shell lingers, so the test can tell a clean exit from a crash.
    term = Terminal(
        [sys.executable, "-m", "facilitator", ";", "echo", "EXITED=$?;", "sleep", "30"], env
    )
    try:
        term.wait_for("Welcome to cop")
        term.keys("C-o")
        home = term.wait_for("Next session")
        assert "AI Practice Circle" in home and "in 12 days" in home
        term.keys("r")
        term.wait_for("18 of 18 active members")
        term.keys("a")
        term.wait_for("Add a member")
        term.type("Zoe Adams")
        term.keys("Enter")
        term.wait_for("19 of 19 active members")
        term.keys("C-q")
        term.wait_for("EXITED=0")
    finally:
        term.close()
    assert rows(db, "SELECT department FROM member WHERE name = 'Zoe Adams'") == [(None,)]


def cop_env(db: Path, home: Path) -> dict[str, object]:
    where = {"COP_DATABASE_URL": os.environ["COP_DATABASE_URL"]} if SERVER_URL else {"COP_DB": db}
    return {
        **where,
        "COP_NOW": FROZEN_NOW.isoformat(),
        "HOME": home,
        "XDG_DATA_HOME": home / "data",
        "TERM": "xterm-256color",
        "PATH": os.environ["PATH"],
    }


def test_a_killed_session_is_resumed_with_everything_captured(tmp_path, isolated_home):
    db = tmp_path / "cop.db"
    env = cop_env(db, isolated_home)
    command = [sys.executable, "-m", "facilitator", ";", "echo", "EXITED=$?;", "sleep", "30"]
    subprocess.run(
        [sys.executable, "-m", "facilitator", "demo"],
        env={k: str(v) for k, v in env.items()},
        check=True,
        capture_output=True,
    )
    term = Terminal(command, env)
    try:
        term.wait_for("Next session")
        term.keys("s")
        term.wait_for("Start the session")
        term.fill("Ana Lima")
        term.move_focus("Tab")
        term.type("Crash test")
        term.keys("Enter")
        term.wait_for("Who is here?")
        term.type("ben")
        term.keys("Space")
        term.wait_for("2 present")
        term.keys("Escape")
        term.wait_for("Last time's commitments")  # Ana's from the demo's last session
        term.keys("Escape")
        term.wait_for("Elapsed")
        term.keys("t")
        term.wait_for("New takeaway")
        term.type("Keep [b]prompts[/b] short")
        term.keys("Enter")
        term.wait_for("Takeaways (1)")
        term.keys("c")
        term.wait_for("New commitment")
        term.fill("Ben Okafor")
        term.move_focus("Tab")
        term.type("Try short prompts")
        term.keys("Enter")
        term.wait_for("Commitments 1")
        term.keys("n")
        term.wait_for("▶ Practice sharing")
        pane_shell = term.display("#{pane_pid}")
        app_pid = subprocess.run(
            ["pgrep", "-P", pane_shell], capture_output=True, text=True
        ).stdout.split()[0]
        os.kill(int(app_pid), signal.SIGKILL)
        term.wait_for("EXITED=137")
    finally:
        term.close()

    again = Terminal(command, env)
    try:
        again.wait_for("A session is still live.")
        again.keys("y")
        screen = again.wait_for("Keep [b]prompts[/b] short")
        assert "Practice sharing  ·  25 min" in screen
        assert "Commitments 1" in screen and "Present      2" in screen
        again.keys("t")
        again.wait_for("New takeaway")
        again.type("half a thou")
        again.wait_for("half a thou")
    finally:
        again.close()  # the terminal goes away: cop gets SIGHUP
    until(lambda: rows(db, "SELECT payload FROM draft"), lambda: "no draft was kept", 10)
    drafts = rows(db, "SELECT payload FROM draft")
    assert drafts and '"text": "half a thou"' in drafts[0][0]
    assert rows(db, "SELECT text FROM commitment WHERE text = 'Try short prompts'")
    live = rows(db, "SELECT status, topic FROM study_session WHERE status = 'live'")
    assert live == [("live", "Crash test")]
