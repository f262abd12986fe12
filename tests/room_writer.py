"""The facilitator's side of a scripted session, in a process of its own, for the room
view's tests (tests/test_room.py).

    python tests/room_writer.py FOLDER

Opens the database cop would (COP_DB or COP_DATABASE_URL) and plays STEPS in order: before
step N it waits until FOLDER/go-N exists, so the test decides when the session moves on
(after seeing the room follow); after it, it writes FOLDER/done-N.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from facilitator.clock import utc_now
from facilitator.live_session import LiveSession
from facilitator.services import live
from facilitator.session_time import SessionTime
from store.database import open_database
from store.location import resolve_location

STEPS = ("begin", "start", "practice", "talk", "dialogue", "end")


def main(folder: Path) -> None:
    db = open_database(resolve_location(None))
    session: LiveSession | None = None
    for number, step in enumerate(STEPS):
        waited = 0.0
        while not (folder / f"go-{number}").exists():
            time.sleep(0.05)
            waited += 0.05
            if waited > 120:
                raise SystemExit(f"nobody said go for step {step}")
        if step == "begin":
            session_id = live.begin_session(db, None, utc_now(), "Ana Lima", "Seen from the room")
            session = LiveSession(db, session_id, SessionTime(utc_now))
        assert session is not None
        if step == "start":
            session.set_attendance(session.attendance()[1].member_id, "present")
            session.start()
        elif step == "practice":
            session.goto(+1)
        elif step == "talk":
            talk = session.add_talk("Ben Okafor", "My <b>prompt</b> linter", minutes=5)
            session.start_talk(talk.id)
            session.add_takeaway("Lint your prompts", "tip", None)
        elif step == "dialogue":
            session.goto(+1)
            session.add_topic("Which model for review?")
            session.start_next_topic()
        elif step == "end":
            session.end(None, None)
        (folder / f"done-{number}").touch()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
