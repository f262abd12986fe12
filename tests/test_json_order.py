"""One history prints byte-identical `--json` on SQLite and on PostgreSQL.

Every list has a total order: ties (two commitments due the same day, two members joined the
same day) are broken by a stable key, never left to the engine. The history is the sample
on a SQLite file, moved to the server by an archive, with ties added on purpose. (The
library's relevance order is each engine's own ranking, so searches are compared in the
other orders.)
"""

from __future__ import annotations

import sqlite3

import pytest

from conftest import SERVER_URL

pytestmark = pytest.mark.skipif(
    not SERVER_URL, reason="compares the server run's PostgreSQL with a SQLite file"
)

COMMANDS = [
    ("community", "list", "--json"),
    ("community", "thresholds", "--json"),
    ("roster", "list", "--all", "--json"),
    ("roster", "away-list", "--json"),
    ("roster", "duplicates", "--json"),
    ("session", "list", "--json"),
    ("session", "show", "latest", "--json"),
    ("talk", "list", "--json"),
    ("followup", "list", "--json"),
    ("followup", "list", "--overdue", "--json"),
    ("followup", "list", "--owner", "Ana Lima", "--json"),
    ("library", "search", "--json"),
    ("library", "search", "prompt", "--sort", "recent", "--json"),
    ("library", "search", "prompt", "--sort", "worked", "--json"),
    ("library", "stale", "--json"),
    ("checklist", "--json"),
    ("rotate", "--dry-run", "--json"),
]


def test_every_json_list_is_the_same_on_both_engines(cop, db, tmp_path):
    laptop = tmp_path / "laptop" / "cop.db"
    laptop.parent.mkdir()
    assert cop("demo", db=laptop).code == 0
    for name in ("Yann Ek", "Xia Ek", "Will Ek"):  # joined the same day, same department
        assert cop("roster", "add", name, "--department", "Ops", db=laptop).code == 0
    for title in ("Same title", "Same title", "Other"):
        assert cop("talk", "add", "Ana Lima", title, db=laptop).code == 0
    with sqlite3.connect(laptop) as conn:  # captured "at the same moment": ties everywhere
        for table in ("commitment", "takeaway", "lightning_talk", "rotation_record", "member"):
            conn.execute(f"UPDATE {table} SET created_at = (SELECT MIN(created_at) FROM {table})")
    conn.close()
    archive = tmp_path / "move.coparchive"
    assert cop("archive", "export", str(archive), db=laptop).code == 0
    assert cop("archive", "import", str(archive)).code == 0  # into the server
    for args in COMMANDS:
        on_file, on_server = cop(*args, db=laptop), cop(*args)
        assert (on_file.code, on_server.code) == (0, 0), (args, on_file.err, on_server.err)
        assert on_file.out == on_server.out, args
