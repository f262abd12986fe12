"""The structured rules of forgetting, row by row: one member's rows of every kind (and a
bystander's of the same kinds) are planted, the member is erased, and every row of every
table it touches is compared with what the rules say, column by column: what changes,
to what, with `changed_at` moved to the moment of forgetting, and nothing else. Erasing
again changes nothing and leaves no second tombstone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Connection, Table, insert, select

from store.forgetting import (
    FORGOTTEN_KEY,
    FORMER_MEMBER,
    PLANNED,
    QUEUED,
    REMOVED_TEXT,
    WITHDRAWN,
    erase_member,
)
from store.models import (
    Commitment,
    CommitmentReview,
    Deletion,
    LibraryEntry,
    LightningTalk,
    Member,
    MemberUnavailability,
    StudySession,
    Takeaway,
)
from store.types import new_id

NOW = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
NAME = "Quinn Zyx"
AGAIN = NOW + timedelta(days=1)
member, talk, session = Member.__table__, LightningTalk.__table__, StudySession.__table__
commitment, review = Commitment.__table__, CommitmentReview.__table__
takeaway, entry = Takeaway.__table__, LibraryEntry.__table__
away, deletion = MemberUnavailability.__table__, Deletion.__table__
TABLES = (member, talk, session, commitment, review, takeaway, entry, away)


def _clone(conn: Connection, table: Table, **values) -> str:
    """A copy of the table's first row with a new id and `values`."""
    row = dict(conn.execute(select(table).order_by(table.c.id).limit(1)).mappings().one())
    row.update(values, id=new_id())
    conn.execute(insert(table).values(row))
    return row["id"]


def _new(conn: Connection, table: Table, **values) -> str:
    """A row made from scratch, for a table the sample data leaves empty."""
    row = {
        "id": new_id(),
        "created_at": NOW - timedelta(days=30),
        "changed_at": NOW - timedelta(days=30),
    }
    row.update(values)
    conn.execute(insert(table).values(row))
    return row["id"]


def _newcomers(conn: Connection) -> tuple[str, str]:
    """Two members with no history but what a test plants: the one to forget, named NAME,
    and a bystander (the sample's members' own histories differ from run to run)."""
    gone = _clone(conn, member, name=NAME, name_key=NAME.casefold(), email="quinn@example.org")
    stays = _clone(conn, member, name="Rae Bystander", name_key="rae bystander", email=None)
    return gone, stays


def _plant(conn: Connection, who: str, offset: int) -> None:
    """Every kind of row the rules touch, for `who`."""
    later = datetime(2027, 6, 1, 12, 0, tzinfo=UTC) + timedelta(days=offset)
    planned = _clone(conn, session, status=PLANNED, scheduled_at=later, facilitator_id=who)
    _clone(
        conn,
        session,
        status=PLANNED,
        scheduled_at=later + timedelta(hours=1),
        co_facilitator_id=who,
    )
    _clone(
        conn, session, status="ended", scheduled_at=later - timedelta(days=400), facilitator_id=who
    )
    _clone(conn, talk, presenter_id=who, status=QUEUED, session_id=planned, position=90 + offset)
    _clone(conn, talk, presenter_id=who, status="given", position=95 + offset)
    mine = _clone(conn, commitment, member_id=who, text=f"try it ({who})", outcome=None)
    _clone(conn, commitment, member_id=who, text=REMOVED_TEXT)
    _clone(conn, review, commitment_id=mine, note=f"worked well ({offset})", reviewer_id=None)
    _clone(conn, review, commitment_id=mine, note=None)
    _clone(conn, review, reviewer_id=who, note="by them")
    written = _clone(conn, takeaway, author_id=who, text=f"a tip of theirs ({offset})")
    _new(conn, entry, takeaway_id=written, title="theirs", owner_id=who)
    other = _clone(conn, takeaway, author_id=None, text=f"a tip they checked ({offset})")
    _new(conn, entry, takeaway_id=other, title="checked", verified_by_id=who)
    first = datetime(2027, 1, 4).date() + timedelta(days=offset)
    _new(conn, away, member_id=who, starts_on=first, ends_on=first + timedelta(days=7))


def _rows(conn: Connection) -> dict[tuple[str, str], dict]:
    return {
        (table.name, row["id"]): dict(row)
        for table in TABLES
        for row in conn.execute(select(table)).mappings()
    }


def _tombstones(conn: Connection) -> list[tuple[str, str]]:
    return sorted(
        (r.table_name, r.row_id)
        for r in conn.execute(select(deletion.c.table_name, deletion.c.row_id))
    )


def _expected(before: dict, gone: str) -> tuple[dict, set]:
    """What the rules say each row becomes, and which rows are deleted."""
    after, deleted = {}, set()
    mine = {i for (t, i), r in before.items() if t == "commitment" and r["member_id"] == gone}
    for key, row in before.items():
        table, row_id = key
        new = dict(row)
        if table == "member" and row_id == gone:
            new.update(
                name=FORMER_MEMBER,
                name_key=f"{FORGOTTEN_KEY}{gone}",
                email=None,
                department=None,
                roles="member",
                active=False,
                willing_to_facilitate=False,
                confluence_account_id=None,
                confluence_user_key=None,
                forgotten_at=NOW,
            )
        if table == "lightning_talk" and row["presenter_id"] == gone and row["status"] == QUEUED:
            new["status"] = WITHDRAWN
        if table == "study_session" and row["status"] == PLANNED:
            for column in ("facilitator_id", "co_facilitator_id"):
                if row[column] == gone:
                    new[column] = None
        if table == "commitment" and row["member_id"] == gone:
            new["text"] = REMOVED_TEXT
        if table == "commitment_review":
            if row["commitment_id"] in mine:
                new["note"] = None
            if row["reviewer_id"] == gone:
                new["reviewer_id"] = None
        if table == "takeaway" and row["author_id"] == gone:
            new["author_id"] = None
        if table == "takeaway" and NAME.upper() in row["text"]:
            new["text"] = row["text"].replace(NAME.upper(), FORMER_MEMBER)
        if table == "library_entry":
            for column in ("owner_id", "verified_by_id"):
                if row[column] == gone:
                    new[column] = None
        if table == "member_unavailability" and row["member_id"] == gone:
            deleted.add(key)
            continue
        if new != row:
            new["changed_at"] = NOW
        after[key] = new
    return after, deleted


def test_the_structured_rules_change_exactly_what_they_say(demo_db):
    with demo_db.engine.begin() as conn:
        gone, stays = _newcomers(conn)
        _plant(conn, gone, 0)
        _plant(conn, stays, 50)
        _clone(conn, takeaway, author_id=stays, text=f"ask {NAME.upper()} about rubrics")
        earlier = {"table_name": away.name, "row_id": new_id(), "deleted_at": AGAIN}
        conn.execute(insert(deletion).values(earlier))  # an away period deleted before
        before = _rows(conn)
        tombs_before = _tombstones(conn)
    expected, deleted = _expected(before, gone)
    assert deleted and any(r != before[k] for k, r in expected.items())
    with demo_db.engine.begin() as conn:
        erase_member(conn, gone, [NAME], keep_department=False, now=NOW)
        after = _rows(conn)
        tombs = _tombstones(conn)
    changed = {k for k in expected if after.get(k) != before[k]}
    assert {k for k in expected if expected[k] != before[k]} == changed
    for key in changed:
        assert after[key] == expected[key], key
    assert set(before) - set(after) == deleted
    assert tombs == sorted(tombs_before + [(t, i) for t, i in deleted])
    with demo_db.engine.connect() as conn:
        stamps = conn.execute(
            select(deletion.c.row_id, deletion.c.deleted_at).where(
                deletion.c.row_id.in_([i for _, i in deleted])
            )
        ).all()
    assert {at for _, at in stamps} == {NOW} and len(stamps) == len(deleted)
    with demo_db.engine.begin() as conn:  # once more, later: nothing moves
        erase_member(conn, gone, [NAME], keep_department=False, now=AGAIN)
        again = _rows(conn)
        assert {k: (after[k], v) for k, v in again.items() if after[k] != v} == {}
        assert _tombstones(conn) == tombs


def test_keeping_the_department_keeps_only_that(demo_db):
    with demo_db.engine.begin() as conn:
        gone = conn.execute(
            select(member.c.id).where(member.c.department.is_not(None)).limit(1)
        ).scalar_one()
        department = conn.execute(select(member.c.department).where(member.c.id == gone)).scalar()
        erase_member(conn, gone, [], keep_department=True, now=NOW)
        row = conn.execute(select(member).where(member.c.id == gone)).mappings().one()
    assert row["department"] == department and row["name"] == FORMER_MEMBER
    assert row["forgotten_at"] == NOW and row["changed_at"] == NOW


def test_the_footprint_counts_what_erasing_will_change(demo_db):
    from store.forgetting import footprint

    with demo_db.engine.begin() as conn:
        gone, stays = _newcomers(conn)
        _plant(conn, gone, 0)
        _plant(conn, stays, 50)
        said = _clone(conn, takeaway, author_id=stays, text=f"ask {NAME.upper()} about rubrics")
        _clone(conn, commitment, member_id=gone, text=f"{NAME} tries it")  # replaced anyway
        both = _clone(conn, takeaway, author_id=stays, text="owned and checked by the bystander")
        _new(conn, entry, takeaway_id=both, title="theirs", owner_id=stays, verified_by_id=stays)
        rows = _rows(conn)
        found = footprint(conn, gone, [NAME])

    def count(table: str, test) -> int:
        return sum(1 for (t, _), row in rows.items() if t == table and test(row))

    mine = {i for (t, i), r in rows.items() if t == "commitment" and r["member_id"] == gone}
    expected = {
        "commitments": count("commitment", lambda r: r["member_id"] == gone),
        "review_notes": count(
            "commitment_review", lambda r: r["commitment_id"] in mine and r["note"] is not None
        ),
        "takeaways": count("takeaway", lambda r: r["author_id"] == gone),
        "reviews_given": count("commitment_review", lambda r: r["reviewer_id"] == gone),
        "library_roles": count(
            "library_entry", lambda r: gone in (r["owner_id"], r["verified_by_id"])
        ),
        "unavailability": count("member_unavailability", lambda r: r["member_id"] == gone),
        "queued_talks": count(
            "lightning_talk", lambda r: r["presenter_id"] == gone and r["status"] == QUEUED
        ),
        "planned_hosting": count(
            "study_session",
            lambda r: (
                r["status"] == PLANNED and gone in (r["facilitator_id"], r["co_facilitator_id"])
            ),
        ),
    }
    assert {name: getattr(found, name) for name in expected} == expected
    assert all(expected.values())  # every kind is there to count
    assert [(m.column.table.name, m.row_id) for m in found.mentions] == [("takeaway", said)]
    assert found.draft_ids == [] and found.drafts == 0


@pytest.mark.parametrize(
    "name",
    ["Jo_e Ng", "100% Sure", "back\\slash Kid", "Zoë  Öberg", "o'neil_x@example.com", "Ø"],
    ids=["underscore", "percent", "backslash", "accents", "e-mail", "one-letter"],
)
def test_a_name_with_like_wildcards_or_accents_is_found_and_nothing_else(demo_db, name):
    """SQL's LIKE only preselects; each wildcard in a name is escaped, so the row is
    found, and a text that merely fits the wildcards is not named."""
    from store.forgetting import footprint

    decoy = name.replace("_", "X").replace("%", "Y").replace("\\", "Z")
    with demo_db.engine.begin() as conn:
        gone = conn.execute(select(member.c.id).order_by(member.c.id).limit(1)).scalar_one()
        named = _clone(conn, takeaway, text=f"thanks to {name.upper()}!")
        if decoy != name:
            _clone(conn, takeaway, text=f"thanks to {decoy}!")
        found = footprint(conn, gone, [name])
    assert [(m.column.table.name, m.row_id) for m in found.mentions] == [("takeaway", named)]
