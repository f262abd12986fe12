"""bench/history.py builds the histories every scale figure is measured on: the same seed
gives the same history, ids included, on either engine, and what it writes is a history cop
itself finds whole (every foreign key, every rule of `cop db check`)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from sqlalchemy import text

from store.health import file_problems, invariant_problems

from conftest import FROZEN_NOW

BENCH = Path(__file__).resolve().parent.parent / "bench"
TABLES = (
    "community",
    "member",
    "study_session",
    "agenda_part",
    "timer_event",
    "attendance",
    "lightning_talk",
    "takeaway",
    "commitment",
    "commitment_review",
)


def history_module():
    spec = importlib.util.spec_from_file_location("bench_history", BENCH / "history.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_history", module)
    spec.loader.exec_module(module)
    return module


def contents(db) -> dict[str, list[tuple]]:
    """Every table's rows by id, without the moment each planned row was written."""
    out = {}
    with db.engine.connect() as conn:
        for table in TABLES:
            columns = [
                name
                for name in conn.execute(text(f"SELECT * FROM {table} LIMIT 0")).keys()  # noqa: SIM118
                if name not in ("created_at", "changed_at", "updated_at")
            ]
            rows = conn.execute(text(f"SELECT {', '.join(columns)} FROM {table} ORDER BY id"))
            out[table] = [tuple(row) for row in rows]
    return out


def test_the_same_seed_builds_the_same_history_shared_by_communities(another_database):
    history = history_module()
    first, second = another_database(), another_database()
    built = history.build(first, 2, 7, FROZEN_NOW, communities=3)
    assert history.build(second, 2, 7, FROZEN_NOW, communities=3) == built
    assert contents(first) == contents(second)
    assert built["communities"] == 3 and built["sessions"] == 3 * 12
    with first.engine.connect() as conn:
        names = [r[0] for r in conn.execute(text("SELECT name FROM community ORDER BY name"))]
        per_community = conn.execute(
            text(
                "SELECT community.name, count(*) FROM study_session JOIN community "
                "ON community.id = study_session.community_id WHERE status = 'ended' "
                "GROUP BY community.name ORDER BY community.name"
            )
        ).all()
        hosts = conn.execute(
            text(
                "SELECT count(*) FROM study_session "
                "WHERE status = 'planned' AND facilitator_id IS NOT NULL"
            )
        ).one()[0]
    assert names == [history.MEASURED, "Community 002", "Community 003"]
    assert [tuple(row) for row in per_community] == [(name, 12) for name in names]
    assert hosts == 3  # each community's planned session has its host by the rotation
    with first.engine.connect() as conn:
        assert file_problems(conn) + invariant_problems(conn) == []


def test_another_seed_builds_another_history(another_database):
    history = history_module()
    one, other = another_database(), another_database()
    history.build(one, 1, 1, FROZEN_NOW)
    history.build(other, 1, 2, FROZEN_NOW)
    assert contents(one)["attendance"] != contents(other)["attendance"]
