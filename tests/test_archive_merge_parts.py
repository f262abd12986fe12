"""The archive merge's small parts, each on purpose: how a row is labelled in the report,
how an older archive's row is completed, how aliases resolve (cycles included) and how a
talk queue is renumbered."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from facilitator.services.demo import load_demo
from store.archive_format import ArchiveRefused
from store.archive_merge import Context, MergeReport, _complete, _label, renumber_queues
from store.models import LightningTalk, Member, Takeaway

from conftest import FROZEN_NOW

talk, takeaway, member = LightningTalk.__table__, Takeaway.__table__, Member.__table__
ID = "0123456789abcdef0123456789abcdef"


@pytest.mark.parametrize(
    ("row", "label"),
    [
        ({"id": ID, "name": "Ana", "title": "T"}, "member 01234567 (Ana)"),
        ({"id": ID, "name": None, "title": "T"}, "member 01234567 (T)"),
        ({"id": ID, "outcome": "done"}, "member 01234567 (done)"),
        ({"id": ID, "name": "x" * 40}, f"member 01234567 ({'x' * 40})"),
        ({"id": ID, "name": "x" * 41}, f"member 01234567 ({'x' * 39}…)"),
        ({"id": ID}, "member 01234567"),
        ({"id": ID, "scheduled_at": datetime(2026, 12, 3, 11, tzinfo=UTC)}, None),
    ],
)
def test_a_row_is_labelled_by_its_first_telling_column(row, label):
    shown = _label(member, row)
    if label is None:  # a moment is shown as the archive writes it
        assert shown == "member 01234567 (2026-12-03T11:00:00+00:00)"
    else:
        assert shown == label


def test_an_older_archives_row_is_completed_or_refused():
    when = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    old = {"id": ID, "session_id": "s", "text": "t", "kind": "tip", "created_at": when}
    full = _complete(takeaway, old)
    assert full["changed_at"] == when  # the best time the row has
    assert full["author_id"] is None  # optional: nothing
    assert set(full) == {c.name for c in takeaway.columns}
    assert {k: full[k] for k in old} == old
    with pytest.raises(ArchiveRefused, match="the archive's takeaway rows have no text"):
        _complete(takeaway, {k: v for k, v in old.items() if k != "text"})


def _context(alias: dict[str, str]) -> Context:
    return Context(alias, set(), MergeReport(), set(), {}, [])


def test_aliases_resolve_through_chains_and_stop_at_a_cycle():
    assert _context({"a": "b", "b": "c"}).resolve("a") == "c"
    assert _context({"a": "b"}).resolve("z") == "z"
    assert _context({"a": "b", "b": "a"}).resolve("a") == "a"  # back where it began
    assert _context({"a": "b", "b": "c", "c": "b"}).resolve("a") == "b"


def test_a_queue_is_renumbered_by_position_then_sign_up_then_id(db):
    load_demo(db, FROZEN_NOW)
    early = FROZEN_NOW - timedelta(days=2)
    with db.engine.begin() as conn:
        base = dict(conn.execute(select(talk).limit(1)).mappings().one())
        waiting = []
        for row_id, position, signed in [
            ("b" * 32, 0, early),
            ("a" * 32, 0, early),  # the same place and moment: the id decides
            ("c" * 32, 0, early - timedelta(hours=1)),  # signed up first
            ("d" * 32, 5, early - timedelta(days=9)),  # a later place wins over an early sign-up
        ]:
            row = base | {"id": row_id, "session_id": None, "position": position}
            conn.execute(insert(talk).values(row | {"created_at": signed, "changed_at": signed}))
            waiting.append(row_id)
        session_talks = conn.execute(
            select(talk.c.id, talk.c.position).where(talk.c.session_id == base["session_id"])
        ).all()
        renumber_queues(conn, [(base["community_id"], None)])
        queue = conn.execute(
            select(talk.c.id, talk.c.position)
            .where(talk.c.community_id == base["community_id"], talk.c.session_id.is_(None))
            .order_by(talk.c.position)
        ).all()
        untouched = conn.execute(
            select(talk.c.id, talk.c.position).where(talk.c.session_id == base["session_id"])
        ).all()
    assert [(row_id[0], position) for row_id, position in queue] == [
        ("c", 0),
        ("a", 1),
        ("b", 2),
        ("d", 3),
    ]
    assert sorted(untouched) == sorted(session_talks)  # another queue is left alone
