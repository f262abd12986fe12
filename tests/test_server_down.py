"""The database server goes down in the middle of a session, and comes back.

A real PostgreSQL server on 127.0.0.1 of this test's own (started with .ci/postgres, as CI
starts the suite's), stopped while the agenda is open: `t`, `c` and `a` still open their
forms, a save fails with one line and keeps what was typed, and the same keypress saves it
once the server is back.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select
from textual.widgets import Static

from facilitator.live_session import LiveSession
from facilitator.services import live
from facilitator.services.communities import create_community
from facilitator.services.roster import MemberFields, add_member
from screens.agenda import AgendaScreen
from screens.checkin import CheckInScreen
from screens.commitment_form import CommitmentFormScreen
from screens.note_area import NoteArea
from screens.resume import ResumeScreen
from screens.takeaway_form import TakeawayFormScreen
from store.database import open_database
from store.location import resolve_location
from store.models import Takeaway

from conftest import FROZEN_NOW
from tui_helpers import FakeTime, make_app, type_text, until, until_shown

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / ".ci" / "postgres"

pytestmark = pytest.mark.skipif(
    not glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
    reason="needs PostgreSQL's server programs (.ci/run installs them)",
)


class Server:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.url = self._run("start")

    def _run(self, action: str) -> str:
        done = subprocess.run(
            ["bash", str(SCRIPT), action, str(self.folder / "pg")],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return done.stdout.strip()

    def stop(self) -> None:
        self._run("stop")

    def start_again(self) -> None:
        """As .ci/postgres started it: the same port, socket folder and settings."""
        bindir = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
        folder = self.folder / "pg"
        port = self.url.rsplit(":", 1)[1].split("/")[0]
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off"
        command = [
            f"{bindir}/pg_ctl",
            *("-D", str(folder / "data"), "-l", str(folder / "server.log")),
            *("-w", "-o", options, "start"),
        ]
        if os.getuid() == 0:
            command = ["runuser", "-u", "copci", "--", *command]
        subprocess.run(command, capture_output=True, timeout=120, check=True)


@pytest.fixture
def server() -> Iterator[Server]:
    folder = Path(tempfile.mkdtemp(prefix="cop-down-"))
    folder.chmod(0o755)  # the server runs as an unprivileged user
    running = Server(folder)
    try:
        yield running
    finally:
        running.stop()
        shutil.rmtree(folder, ignore_errors=True)


def error_line(screen) -> str:
    return str(screen.query_one("#error", Static).render())


async def test_forms_open_and_keep_their_text_while_the_server_is_down(server, monkeypatch):
    monkeypatch.setenv("COP_DATABASE_URL", server.url)
    db = open_database(resolve_location(None))
    try:
        create_community(db, "Circle", "every other thursday", "12:00", "Europe/Berlin")
        for name in ("Ana Lima", "Ben Okafor"):
            add_member(db, None, MemberFields(name=name), FROZEN_NOW.date())
        session_id = live.begin_session(db, None, FROZEN_NOW, "Ana Lima", "Agents")
        fake = FakeTime()
        session = LiveSession(db, session_id, fake.session_time())
        session.start()
        app = make_app(db, fake)
        async with app.run_test(size=(80, 24)) as pilot:
            await until_shown(pilot, ResumeScreen)
            await pilot.press("y")  # resumes the live session
            await until_shown(pilot, AgendaScreen)
            server.stop()

            await pilot.press("a")  # check-in opens on the people last read
            await until_shown(pilot, CheckInScreen)
            await pilot.press("escape")
            await until_shown(pilot, AgendaScreen)

            await pilot.press("c")
            await until_shown(pilot, CommitmentFormScreen)
            await pilot.press("escape")
            await until_shown(pilot, AgendaScreen)

            await pilot.press("t")
            await until_shown(pilot, TakeawayFormScreen)
            await type_text(pilot, "Ask for the assumptions first")
            await pilot.press("enter")
            await until(pilot, lambda: "cannot be reached" in error_line(app.screen))
            message = error_line(app.screen)
            assert "\n" not in message.strip() and "nothing was saved" in message
            form = app.screen
            assert isinstance(form, TakeawayFormScreen)
            assert form.query_one("#text", NoteArea).value == "Ask for the assumptions first"

            server.start_again()
            await pilot.press("enter")  # the same key, once the server is back
            await until_shown(pilot, AgendaScreen)
        with db.session() as s:
            assert [t.text for t in s.exec(select(Takeaway)).all()] == [
                "Ask for the assumptions first"
            ]
    finally:
        db.close()


def test_a_command_with_the_server_down_says_so_in_one_line(server, monkeypatch, capsys):
    from facilitator.cli import main

    monkeypatch.setenv("COP_DATABASE_URL", server.url)
    open_database(resolve_location(None)).close()  # migrated while it runs
    server.stop()
    with pytest.raises(SystemExit) as done:
        main(["roster", "list"])
    err = capsys.readouterr().err
    assert done.value.code == 2
    assert "cannot be reached (is it running?)" in err and err.count("\n") == 1
    server.start_again()
