"""Two cop processes writing to the same session at once, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from sqlalchemy import text
from sqlmodel import select

from facilitator.services.live import begin_session
from store.database import open_database
from store.location import resolve_location
from store.migrate import known_revisions
from store.models import LightningTalk, Member, TimerEvent

from conftest import FROZEN_NOW

HERE = Path(__file__).parent
WRITES = 100


def together(db_path: Path, server_schema: str | None, go: Path, *commands: list[str]) -> list:
    """Start each command (a script beside this file and its arguments) on the test's
    database; they all wait for `go`, which is created once every one of them is running."""
    env = {**os.environ}
    if server_schema is None:
        env["COP_DB"] = str(db_path)
    started = [
        subprocess.Popen(
            [sys.executable, str(HERE / script), str(go), *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for script, *args in commands
    ]
    go.touch()
    return started


def test_two_writers_on_one_session_lose_nothing_and_share_no_position(
    db, db_path, server_schema, berlin_circle, tmp_path
):
    session_id = begin_session(db, None, FROZEN_NOW, host="Ana Lima", topic=None)
    with db.session() as s:
        events_before = len(s.exec(select(TimerEvent.id)).all())
    writers = together(
        db_path,
        server_schema,
        tmp_path / "go",
        *(["concurrent_writer.py", session_id, tag, str(WRITES)] for tag in ("left", "right")),
    )
    results = []
    for writer in writers:
        out, err = writer.communicate(timeout=300)
        assert writer.returncode == 0, err
        results.append(json.loads(out))

    assert [r["errors"] for r in results] == [[], []]
    with db.session() as s:
        talks = s.exec(select(LightningTalk).where(LightningTalk.session_id == session_id)).all()
        events = s.exec(select(TimerEvent).where(TimerEvent.session_id == session_id)).all()
        danas = s.exec(select(Member).where(Member.name == "Dana Cruz")).all()
    assert len(talks) == sum(r["talks"] for r in results) == WRITES
    assert len(events) - events_before == sum(r["events"] for r in results) == WRITES
    assert not [p for p, n in Counter(t.position for t in talks).items() if n > 1]
    assert not [q for q, n in Counter(e.seq for e in events).items() if n > 1]
    # Both added Dana Cruz at the same moment: one is stored, the other told so in words.
    assert len(danas) == 1
    outcomes = [o for r in results for o in r["dana"]]
    assert outcomes.count("added") == 1
    refused = next(o for o in outcomes if o != "added")
    assert "already on the roster" in refused or "same moment" in refused


def test_many_cops_starting_together_on_an_empty_database_migrate_it_once(
    db_path, server_schema, tmp_path
):
    openers = together(
        db_path, server_schema, tmp_path / "go", *(["concurrent_opener.py"] for _ in range(6))
    )
    printed = [opener.communicate(timeout=300)[0].strip() for opener in openers]
    head = known_revisions()[-1]
    assert printed == [head] * 6
    database = open_database(resolve_location(None if server_schema else str(db_path)))
    try:
        with database.session() as s:
            assert s.exec(text("SELECT version_num FROM alembic_version")).all() == [(head,)]
    finally:
        database.close()


def test_two_demos_started_together_load_the_sample_once(db_path, server_schema, tmp_path):
    """Ten times over, on a new database each time: one community, one refusal in words."""
    from store.models import Community

    for trial in range(10):
        if server_schema is None:
            db_path = tmp_path / f"new-{trial}.db"  # a new file: made by the race itself
        else:
            _empty_schema()
        demos = together(
            db_path,
            server_schema,
            tmp_path / f"go-{trial}",
            *(["concurrent_command.py", "demo"],) * 2,
        )
        said = [demo.communicate(timeout=300)[0].split("\n", 1) for demo in demos]
        codes = sorted(int(code) for code, _ in said)
        assert codes == [0, 2], said
        assert any("already has data" in err for _, err in said), said
        database = open_database(resolve_location(None if server_schema else str(db_path)))
        try:
            with database.session() as s:
                assert s.exec(select(Community.name)).all() == ["AI Practice Circle"]
        finally:
            database.close()


def _empty_schema() -> None:
    """The server run's schema with every row removed (its tables stay, migrated)."""
    database = open_database(resolve_location())
    try:
        with database.engine.begin() as conn:
            tables = [
                t
                for t in conn.execute(
                    text(
                        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                        "AND tablename <> 'alembic_version'"
                    )
                ).scalars()
            ]
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE"))
    finally:
        database.close()


def test_fifty_writers_with_the_other_core_busy_all_succeed(
    db, db_path, server_schema, berlin_circle, tmp_path
):
    """2×25 `cop talk add` at once while another process keeps a core busy: each waits its
    turn (busy timeout, then a bounded retry); none says the database is busy."""
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        writers = together(
            db_path,
            server_schema,
            tmp_path / "go",
            *(["concurrent_command.py", "talk", "add", "Ana Lima", f"Talk {n}"] for n in range(50)),
        )
        said = [writer.communicate(timeout=600)[0] for writer in writers]
    finally:
        busy.kill()
        busy.wait()
    failures = [s for s in said if not s.startswith("0\n")]
    assert failures == []
    with db.session() as s:
        talks = s.exec(
            select(LightningTalk.position).where(LightningTalk.title.like("Talk %"))
        ).all()
    assert len(talks) == 50
