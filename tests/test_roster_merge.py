"""`cop roster duplicates` and `cop roster merge KEEP DROP`: one person entered twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select
from test_archive import dump

from facilitator.errors import CopError, InvalidInput
from facilitator.services import live
from facilitator.services.archive import export_archive, import_archive
from facilitator.services.captures import add_commitment, add_takeaway
from facilitator.services.communities import create_community
from facilitator.services.demo import load_demo
from facilitator.services.roster import MemberFields, add_member
from facilitator.services.roster_merge import duplicates, merge_members
from facilitator.services.talks import add_talk
from facilitator.vocabulary import AttendanceStatus
from store.member_twins import folded
from store.models import (
    Attendance,
    Commitment,
    Community,
    Deletion,
    LightningTalk,
    Member,
    StudySession,
    Takeaway,
)

from conftest import FROZEN_NOW

NOW = FROZEN_NOW


def _sessions(db) -> list[StudySession]:
    with db.session() as s:
        return list(s.exec(select(StudySession).order_by(StudySession.scheduled_at)).all())


def _counts(db) -> dict[str, int]:
    with db.session() as s:
        return {
            model.__tablename__: s.exec(select(func.count()).select_from(model)).one()
            for model in (Attendance, Commitment, Takeaway, LightningTalk)
        }


def _member(db, name: str) -> Member | None:
    with db.session() as s:
        return s.exec(select(Member).where(Member.name_key == name.casefold())).first()


def _history_for(db, name: str) -> None:
    """A second entry's history: present (with a commitment) at a session Ana Lima also
    attended, a takeaway, and a talk."""
    fields = MemberFields(name=name, email="ana@example.org", confluence_account_id="5b10ac8d")
    add_member(db, None, fields, NOW.date())
    with db.session() as s:
        ana = s.exec(select(Member).where(Member.name == "Ana Lima")).one()
        shared = s.exec(
            select(StudySession)
            .join(Attendance, Attendance.session_id == StudySession.id)
            .where(Attendance.member_id == ana.id, Attendance.status == "present")
            .order_by(StudySession.scheduled_at.desc())
        ).first()
    due = (shared.scheduled_at + timedelta(days=14)).date()
    add_commitment(db, shared.id, name, "Try the linter", due, mark_present=True)
    add_takeaway(db, shared.id, "A tip from the other entry", author=name)
    add_talk(db, None, name, "A talk from the other entry", NOW)


def test_duplicates_are_found_by_folded_name_and_by_e_mail(db):
    load_demo(db, NOW)
    add_member(db, None, MemberFields(name="ana  LÍMA"), NOW.date())
    add_member(db, None, MemberFields(name="Someone Else", email="ZOE@x.org"), NOW.date())
    with db.session() as s:  # two laptops each gave the address to another entry
        crow = s.exec(select(Member.community_id)).first()
        s.add(
            Member(
                community_id=crow,
                name="Zoe",
                name_key="zoe",
                email="zoe@x.org",
                joined_on=NOW.date(),
            )
        )
    found = duplicates(db, None)
    pairs = {frozenset((d.first.name, d.second.name)): d.reason for d in found}
    assert pairs[frozenset(("Ana Lima", "ana LÍMA"))] == "the same name but for case or accents"
    assert pairs[frozenset(("Someone Else", "Zoe"))] == "the same e-mail"
    assert len(found) == 2
    assert folded("Zoë  QUIST") == folded("zoe quist") == "zoe quist"


def test_merge_moves_every_record_and_keeps_every_count(db):
    load_demo(db, NOW)
    _history_for(db, "Ana Lyma")
    alone = live.begin_session(db, None, NOW, None, None)  # where only the other entry came
    lyma = _member(db, "Ana Lyma")
    live.set_attendance(db, alone, lyma.id, AttendanceStatus.PRESENT)
    live.end_session(db, alone, NOW + timedelta(hours=1), None, None, None)
    before = _counts(db)
    keep = _member(db, "Ana Lima")
    drop = _member(db, "Ana Lyma")

    plan = merge_members(db, None, "Ana Lima", "Ana Lyma", dry_run=True)
    assert _member(db, "Ana Lyma") is not None and _counts(db) == before
    assert "1 commitment" in plan.lines() and "1 takeaway" in plan.lines()

    done = merge_members(db, None, "Ana Lima", "Ana Lyma")
    assert done.moved == plan.moved
    # Two attendances (one joined with Ana Lima's at the session both came to, one moved),
    # and one of everything else.
    assert {t: n for t, n in done.moved.items() if n} == {
        "attendance": 2,
        "commitment": 1,
        "takeaway": 1,
        "lightning_talk": 1,
    }
    after = _counts(db)
    # Both entries were present at one session: that is one attendance now.
    assert after == before | {"attendance": before["attendance"] - 1}
    assert _member(db, "Ana Lyma") is None
    with db.session() as s:
        for model, column in (
            (Attendance, Attendance.member_id),
            (Commitment, Commitment.member_id),
            (Takeaway, Takeaway.author_id),
            (LightningTalk, LightningTalk.presenter_id),
        ):
            assert (
                s.exec(select(func.count()).select_from(model).where(column == drop.id)).one() == 0
            )
        kept = s.get(Member, keep.id)
        assert kept.email == "ana.lima@example.com"  # KEEP's details stay
        assert kept.confluence_account_id == "5b10ac8d"  # what only DROP had is kept
        tomb = s.get(Deletion, ("member", drop.id))
        assert tomb.merged_into_id == keep.id


def test_merge_refuses_one_member_twice_and_unknown_names(db):
    load_demo(db, NOW)
    with pytest.raises(InvalidInput, match="are the same member"):
        merge_members(db, None, "Ana Lima", "ana lima")
    with pytest.raises(CopError, match="no member"):
        merge_members(db, None, "Ana Lima", "Nobody Here")


def _two_laptops(db, another_database, tmp_path):
    """Two databases handed the sample with a second entry for Ana Lima ("Ana Lyma")."""
    load_demo(db, NOW)
    _history_for(db, "Ana Lyma")
    base = tmp_path / "base.coparchive"
    export_archive(db, base, None)
    a, b = another_database(), another_database()
    import_archive(a, base)
    import_archive(b, base)
    return a, b


def test_a_merge_on_one_laptop_survives_archives_from_one_that_did_not(
    db, another_database, tmp_path
):
    a, b = _two_laptops(db, another_database, tmp_path)
    merge_members(a, None, "Ana Lima", "Ana Lyma")  # A joins the two entries
    session = _sessions(b)[-1]
    due = (session.scheduled_at + timedelta(days=14)).date()
    add_commitment(b, session.id, "Ana Lyma", "Written on B", due, mark_present=True)

    from_a, from_b = tmp_path / "a.coparchive", tmp_path / "b.coparchive"
    export_archive(a, from_a, None)
    export_archive(b, from_b, None)
    drop = _member(b, "Ana Lyma")
    import_archive(a, from_b)
    joined = import_archive(b, from_a).report  # B has both entries: it joins them as A did

    assert dump(a) == dump(b)
    assert _member(a, "Ana Lyma") is None
    keep = _member(a, "Ana Lima")
    assert joined.tallies["member"].deleted == 1
    assert (
        f"member {drop.id[:8]} (Ana Lyma): joined into member {keep.id[:8]} (Ana Lima), "
        "as in the archive"
    ) in joined.changes
    with a.session() as s:
        tomb = s.get(Deletion, ("member", drop.id))
        assert tomb.merged_into_id == keep.id and tomb.deleted_at is not None
    with a.session() as s:
        owner = s.exec(select(Commitment.member_id).where(Commitment.text == "Written on B")).one()
    assert owner == keep.id


def test_the_cli_lists_and_merges(cop, db):
    load_demo(db, NOW)
    add_member(db, None, MemberFields(name="Ana Lîma"), NOW.date())
    listed = cop("roster", "duplicates")
    assert listed.code == 0 and "Ana Lîma" in listed.out and "case or accents" in listed.out
    unconfirmed = cop("roster", "merge", "Ana Lima", "Ana Lîma")
    assert unconfirmed.code == 2 and "--yes" in unconfirmed.err
    assert cop("roster", "merge", "Ana Lima", "Ana Lîma", "--dry-run").code == 0
    assert _member(db, "Ana Lîma") is not None
    merged = cop("roster", "merge", "Ana Lima", "Ana Lîma", "--yes")
    assert merged.code == 0 and "now part of Ana Lima" in merged.out
    assert "No possible duplicates" in cop("roster", "duplicates").out


def test_possible_duplicates_in_order_with_every_reason_and_per_community(db):
    from store.member_twins import REASONS, possible_duplicates

    create_community(db, "Beta", "weekly on monday")
    create_community(db, "Alpha", "weekly on monday")
    people = {
        "Alpha": [
            ("Zoë Quist", "zoe@x.org"),
            ("zoe  quist", " ZOE@x.org "),  # the same name and e-mail: both reasons
            ("Ana", "shared@x.org"),
            ("Anna", "shared@x.org"),  # the e-mail only
            ("Cy", "   "),  # a blank e-mail is no e-mail
            ("Dee", "   "),
        ],
        "Beta": [("Ben", None), ("Bén", None), ("Zoë Quist", "zoe@x.org")],
    }
    ids = {}
    with db.session() as s:
        for community, members in people.items():
            crow = s.exec(select(Community.id).where(Community.name == community)).one()
            for name, email in members:
                row = Member(
                    community_id=crow,
                    name=name,
                    name_key=name.casefold(),
                    email=email,
                    joined_on=NOW.date(),
                )
                s.add(row)
                ids[(community, name)] = row.id
        beta_id = s.exec(select(Community.id).where(Community.name == "Beta")).one()
    with db.engine.connect() as conn:
        found = possible_duplicates(conn)
        beta = possible_duplicates(conn, beta_id)
    assert [(d.community, d.reason) for d in found] == [
        ("Alpha", REASONS["email"]),  # "ana" sorts before "zoe quist"
        ("Alpha", REASONS["both"]),
        ("Beta", REASONS["name"]),
    ]
    pairs = [(d.first.id, d.second.id) for d in found]
    assert [frozenset(p) for p in pairs] == [
        frozenset((ids[("Alpha", "Ana")], ids[("Alpha", "Anna")])),
        frozenset((ids[("Alpha", "Zoë Quist")], ids[("Alpha", "zoe  quist")])),
        frozenset((ids[("Beta", "Ben")], ids[("Beta", "Bén")])),
    ]
    # in each pair, the first by name_key (then id), as the roster lists them
    assert [(d.first.name, d.second.name) for d in found] == [
        ("Ana", "Anna"),
        ("zoe  quist", "Zoë Quist"),
        ("Ben", "Bén"),
    ]
    both = found[1]
    emails = {both.first.name: both.first.email, both.second.name: both.second.email}
    assert emails == {"Zoë Quist": "zoe@x.org", "zoe  quist": " ZOE@x.org "}
    assert beta == [found[2]]


def test_a_merge_into_someone_new_waits_for_them_to_arrive(db, another_database, tmp_path):
    """A adds a member and joins an existing one into them; B never saw the new member:
    B's import adds them from the archive's rows, then makes the join."""
    a, b = _two_laptops(db, another_database, tmp_path)
    add_member(a, None, MemberFields(name="Ana Lima-Sousa"), NOW.date())
    merge_members(a, None, "Ana Lima-Sousa", "Ana Lyma")
    drop, keep = _member(b, "Ana Lyma"), _member(a, "Ana Lima-Sousa")
    from_a = tmp_path / "a.coparchive"
    export_archive(a, from_a, None)

    joined = import_archive(b, from_a).report
    assert dump(b) == dump(a)
    assert _member(b, "Ana Lyma") is None
    assert joined.tallies["member"].added == 1 and joined.tallies["member"].deleted == 1
    assert (
        f"member {drop.id[:8]} (Ana Lyma): joined into member {keep.id[:8]} (Ana Lima-Sousa), "
        "as in the archive"
    ) in joined.changes
    with b.session() as s:
        tomb = s.get(Deletion, ("member", drop.id))
        assert tomb.merged_into_id == keep.id
