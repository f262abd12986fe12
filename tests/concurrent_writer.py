"""One of several processes writing to the same session at once (tests/test_concurrency.py).

    python tests/concurrent_writer.py GO_FILE SESSION_ID TAG COUNT

Opens the database cop would (COP_DB or COP_DATABASE_URL), waits until GO_FILE exists so
that every writer starts together, then tries to add the member "Dana Cruz" whom every
writer adds, and alternates a talk sign-up (the queue's next position) and a clock event
(the session's next sequence number). Prints one JSON line: what was written and
each error's type and message.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from facilitator.agenda_clock import ClockEvent
from facilitator.errors import CopError
from facilitator.services.live import record_events
from facilitator.services.roster import MemberFields, add_member
from facilitator.services.talks import add_talk
from facilitator.vocabulary import EventKind
from store.database import open_database
from store.errors import StoreError
from store.location import resolve_location


def main() -> None:
    go, session_id, tag, count = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    db = open_database(resolve_location())
    while not go.exists():
        time.sleep(0.01)
    now = datetime.now(UTC)
    talks = events = 0
    errors: list[str] = []
    outcomes: list[str] = []
    try:
        add_member(db, None, MemberFields(name="Dana Cruz"), date(2026, 11, 21))
        outcomes.append("added")
    except (CopError, StoreError) as error:
        outcomes.append(f"{type(error).__name__}: {error}")
    for i in range(count):
        try:
            if i % 2 == 0:
                add_talk(db, None, "Ana Lima", f"{tag} talk {i}", now, session_id=session_id)
                talks += 1
            else:
                record_events(db, session_id, [ClockEvent(EventKind.PAUSE, now)], None)
                events += 1
        except Exception as error:  # every failure is counted, whatever it is
            errors.append(f"{type(error).__name__}: {error}")
    db.close()
    print(json.dumps({"talks": talks, "events": events, "errors": errors, "dana": outcomes}))


if __name__ == "__main__":
    main()
