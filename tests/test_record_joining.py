"""store.record_joining on rows with chosen ids, so each branch is taken on purpose: the
joined row's history moves (counted per table, every column that refers to it), a child
that becomes the same record as the survivor's is joined with it (whichever id is the
smaller), and each join leaves one tombstone naming its survivor."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select, update
from test_archive_merge_parts import _member_row

from facilitator.services.demo import load_demo
from store.archive_format import archived_tables
from store.models import Attendance, Deletion, Member, StudySession
from store.record_joining import combined, filled, join_rows, later_first, remember_join

from conftest import FROZEN_NOW

KEEP, DROP = "0" * 31 + "1", "f" * 31 + "e"
LOW, HIGH = "0" * 31 + "a", "f" * 31 + "b"
AT = FROZEN_NOW + timedelta(hours=1)
member, attendance, session = Member.__table__, Attendance.__table__, StudySession.__table__


def _present(conn, row_id: str, session_id: str, member_id: str) -> None:
    conn.execute(
        insert(attendance).values(
            id=row_id,
            session_id=session_id,
            member_id=member_id,
            status="present",
            updated_at=FROZEN_NOW,
            changed_at=FROZEN_NOW,
        )
    )


@pytest.mark.parametrize("drop_has_the_smaller_twin", [True, False])
def test_a_join_moves_every_reference_and_joins_the_child_twins(db, drop_has_the_smaller_twin):
    load_demo(db, FROZEN_NOW)
    with db.engine.begin() as conn:
        s1, s2, s3, s4, s5 = conn.execute(
            select(session.c.id).order_by(session.c.scheduled_at).limit(5)
        ).scalars()
        keep = _member_row(conn, KEEP, "Kim Keep", "kim@example.org", insert_it=True)
        drop = _member_row(conn, DROP, "Kim  Keep", None, insert_it=True)
        _present(conn, "1" * 32, s1, DROP)  # no twin: just moves
        _present(conn, "2" * 32, s3, DROP)
        mine, theirs = (LOW, HIGH) if drop_has_the_smaller_twin else (HIGH, LOW)
        _present(conn, mine, s2, DROP)  # both at s2: one record once joined
        _present(conn, theirs, s2, KEEP)
        conn.execute(update(session).where(session.c.id == s4).values(facilitator_id=DROP))
        conn.execute(update(session).where(session.c.id == s5).values(co_facilitator_id=DROP))
        moved: Counter[str] = Counter()
        survivor = combined(keep, drop)
        join_rows(conn, member, survivor, DROP, AT, archived_tables(), moved)

        assert +moved == Counter({"attendance": 3, "study_session": 2})
        rows = conn.execute(
            select(attendance.c.session_id, attendance.c.id).where(
                attendance.c.member_id.in_((KEEP, DROP))
            )
        ).all()
        assert sorted(rows) == sorted([(s1, "1" * 32), (s3, "2" * 32), (s2, LOW)])
        hosts = dict(
            conn.execute(
                select(session.c.id, session.c.facilitator_id).where(session.c.id == s4)
            ).all()
        )
        assert hosts == {s4: KEEP}
        co = conn.execute(select(session.c.co_facilitator_id).where(session.c.id == s5))
        assert co.scalar_one() == KEEP
        assert conn.execute(select(member.c.id).where(member.c.id == DROP)).first() is None
        kept = conn.execute(select(member).where(member.c.id == KEEP)).mappings().one()
        assert kept["email"] == "kim@example.org"
        tombs = conn.execute(
            select(Deletion.table_name, Deletion.row_id, Deletion.merged_into_id)
        ).all()
        assert ("member", DROP, KEEP) in tombs
        assert ("attendance", HIGH, LOW) in tombs


def test_each_join_leaves_one_tombstone_per_row(db):
    load_demo(db, FROZEN_NOW)
    with db.engine.begin() as conn:
        remember_join(conn, "member", "a" * 32, KEEP, AT)
        remember_join(conn, "member", "b" * 32, KEEP, AT)  # another of the same table
        remember_join(conn, "member", "a" * 32, "c" * 32, AT + timedelta(days=1))  # again
        tombs = conn.execute(
            select(Deletion.row_id, Deletion.merged_into_id, Deletion.deleted_at).where(
                Deletion.table_name == "member"
            )
        ).all()
    assert sorted((r, m) for r, m, _ in tombs) == [("a" * 32, KEEP), ("b" * 32, KEEP)]
    assert {at for _, _, at in tombs} == {AT}


def test_filled_keeps_what_only_the_second_has():
    first = {"id": "b", "name": "Kim", "email": None}
    second = {"id": "a", "name": "Kimberly", "email": "kim@x.org", "department": "Ops"}
    assert filled(first, second, "a") == {
        "id": "a",
        "name": "Kim",
        "email": "kim@x.org",
        "department": "Ops",
    }


def test_the_later_change_comes_first_and_a_tie_on_everything_keeps_the_order():
    early = {"id": "a", "changed_at": datetime(2026, 1, 1, tzinfo=UTC), "v": 2}
    late = {"id": "b", "changed_at": datetime(2026, 1, 2, tzinfo=UTC), "v": 1}
    assert later_first(early, late) == (late, early)
    assert later_first(late, early) == (late, early)
    same_time = dict(early, id="c", v=1)
    assert later_first(early, same_time) == later_first(same_time, early) == (same_time, early)


def test_the_tie_break_reads_a_row_the_same_whatever_its_columns_order():
    from store.record_joining import canonical

    row = {"id": "a", "name": "Kim", "changed_at": datetime(2026, 1, 1, tzinfo=UTC)}
    assert canonical(row) == canonical(dict(reversed(list(row.items()))))
