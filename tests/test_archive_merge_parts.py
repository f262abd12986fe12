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


def _member_row(conn, row_id: str, name: str, email: str | None, insert_it: bool) -> dict:
    community = conn.execute(select(member.c.community_id).limit(1)).scalar_one()
    row = {
        "id": row_id,
        "community_id": community,
        "name": name,
        "name_key": name.casefold(),
        "email": email,
        "department": None,
        "roles": "member",
        "active": True,
        "willing_to_facilitate": True,
        "joined_on": FROZEN_NOW.date(),
        "confluence_account_id": None,
        "confluence_user_key": None,
        "forgotten_at": None,
        "created_at": FROZEN_NOW,
        "changed_at": FROZEN_NOW,
    }
    if insert_it:
        conn.execute(insert(member).values(row))
        return dict(conn.execute(select(member).where(member.c.id == row_id)).mappings().one())
    return row


def test_twins_join_to_the_smaller_id_and_are_counted_each(db):
    """People created on both sides: here with the smaller id and nothing new (left
    unchanged, twice), here with the smaller id while the archive knew an e-mail (updated,
    twice), and in the archive with the smaller id (this database's row joins into it)."""
    from store.archive_format import archived_tables
    from store.archive_merge import _join_twins
    from store.models import Deletion

    load_demo(db, FROZEN_NOW)
    small, large = "0" * 31, "f" * 31
    with db.engine.begin() as conn:
        ctx = Context({}, set(), MergeReport(), set(), {}, archived_tables())
        for n, (here, there, email) in enumerate(
            [
                (small, large, None),
                (small, large, "b@x.org"),
                (large, small, None),
                (small, large, "c@x.org"),
                (small, large, None),
            ]
        ):
            name = f"Twin {n}"
            local = _member_row(conn, f"{here}{n}", name, None, insert_it=True)
            row = _member_row(conn, f"{there}{n}", name, email, insert_it=False)
            _join_twins(conn, member, row, local, ctx)
        kept = {
            r["name"]: (r["id"], r["email"])
            for r in conn.execute(select(member).where(member.c.name.like("Twin %"))).mappings()
        }
        tombs = set(conn.execute(select(Deletion.row_id, Deletion.merged_into_id)).all())
    tally = ctx.report.tallies["member"]
    assert (tally.unchanged, tally.updated, tally.added) == (2, 3, 0)
    assert kept == {
        "Twin 0": (f"{small}0", None),
        "Twin 1": (f"{small}1", "b@x.org"),
        "Twin 2": (f"{small}2", None),
        "Twin 3": (f"{small}3", "c@x.org"),
        "Twin 4": (f"{small}4", None),
    }
    assert ctx.alias == {f"{large}{n}": f"{small}{n}" for n in (0, 1, 3, 4)}
    assert {(f"{large}{n}", f"{small}{n}") for n in range(5)} <= tombs
    assert ctx.report.changes == [
        f"member {small[:8]} (Twin {n}): created on both sides; now one record, {small[:8]}"
        for n in range(5)
    ]


def test_joins_from_the_archive_apply_where_both_are_here_and_wait_otherwise(db):
    """Four joins in one archive, in id order: its dropped record is not here (only its
    tombstone is kept), the survivor is not here yet (it waits), both are here (joined),
    and both are here again (joined): none stops the others."""
    from store.archive_format import Tombstone, archived_tables
    from store.archive_merge import _apply_joins
    from store.models import Deletion

    load_demo(db, FROZEN_NOW)
    at = FROZEN_NOW + timedelta(hours=3)
    ids = {key: f"{n}" * 32 for n, key in enumerate("abcdefg", 1)}
    with db.engine.begin() as conn:
        _member_row(conn, ids["c"], "Waits", None, insert_it=True)
        for key in "defg":
            _member_row(conn, ids[key], f"Here {key}", None, insert_it=True)
        joins = [
            Tombstone("member", ids["a"], at, ids["b"]),  # neither is here
            Tombstone("member", ids["c"], at, ids["b"]),  # its survivor is not here yet
            Tombstone("member", ids["d"], at, ids["e"]),
            Tombstone("member", ids["f"], at, ids["g"]),
        ]
        report = MergeReport()
        waiting = _apply_joins(conn, joins, report, archived_tables())
        left = set(conn.execute(select(member.c.id).where(member.c.id.in_(ids.values()))).scalars())
        tombs = {
            r.row_id: (r.merged_into_id, r.deleted_at)
            for r in conn.execute(select(Deletion).where(Deletion.row_id.in_(ids.values())))
        }
    assert waiting == [joins[1]]
    assert left == {ids["c"], ids["e"], ids["g"]}
    assert tombs == {ids["a"]: (ids["b"], at), ids["d"]: (ids["e"], at), ids["f"]: (ids["g"], at)}
    assert report.tallies["member"].deleted == 2
    assert report.changes == [
        f"member {ids['d'][:8]} (Here d): joined into member {ids['e'][:8]} (Here e), "
        "as in the archive",
        f"member {ids['f'][:8]} (Here f): joined into member {ids['g'][:8]} (Here g), "
        "as in the archive",
    ]
