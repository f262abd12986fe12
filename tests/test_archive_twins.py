"""The same person added on two laptops: merging is the same in any order, on both engines.

Two laptops start from one handed-over history. Each adds "Zoë Quist" (one with her
e-mail, the other with her department), marks her present and records her commitment at
the same session, and signs her up for a talk in the same queue. However the two archives
meet (A imports B, B imports A, both into a third database in either order) the result is
one database, compared row by row: one Zoë with every field either side knew, one
attendance, both commitments, one talk queue numbered 0, 1, 2 …
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlmodel import select
from test_archive import dump

from facilitator.services.archive import export_archive, import_archive
from facilitator.services.captures import add_commitment
from facilitator.services.demo import load_demo
from facilitator.services.roster import MemberFields, add_member
from facilitator.services.talks import add_talk
from store.models import Attendance, Commitment, LightningTalk, Member, StudySession
from store.record_joining import combined

from conftest import FROZEN_NOW

NOW = FROZEN_NOW


def _archive(db, folder: Path, name: str) -> Path:
    path = folder / name
    export_archive(db, path, None)
    return path


def _next_session(db) -> StudySession:
    with db.session() as s:
        return s.exec(
            select(StudySession)
            .where(StudySession.status == "planned")
            .order_by(StudySession.scheduled_at)
        ).first()


def _laptop(another_database, base: Path, fields: MemberFields, talk: str, promise: str):
    laptop = another_database()
    import_archive(laptop, base)
    add_member(laptop, None, fields, joined_on=NOW.date())
    session = _next_session(laptop)
    due = (session.scheduled_at + timedelta(days=14)).date()
    add_commitment(laptop, session.id, "Zoë Quist", promise, due, mark_present=True)
    add_talk(laptop, None, "Zoë Quist", talk, NOW, session_id=session.id)
    add_talk(laptop, None, "Ana Lima", f"{talk} (with Ana)", NOW, session_id=session.id)
    return laptop


def test_the_same_person_added_on_two_laptops_merges_the_same_in_every_order(
    db, another_database, tmp_path
):
    load_demo(db, NOW)
    base = _archive(db, tmp_path, "base.coparchive")
    a = _laptop(
        another_database,
        base,
        MemberFields(name="Zoë Quist", email="zoe@example.org"),
        "Prompt linting",
        "Lint one prompt",
    )
    b = _laptop(
        another_database,
        base,
        MemberFields(name="Zoë Quist", department="Data"),
        "Eval sets",
        "Write three evals",
    )
    from_a = _archive(a, tmp_path, "a.coparchive")
    from_b = _archive(b, tmp_path, "b.coparchive")

    a_took = import_archive(a, from_b).report  # A imports B
    b_took = import_archive(b, from_a).report  # B imports A
    server_ab, server_ba = another_database(), another_database()
    for server, order in ((server_ab, (from_a, from_b)), (server_ba, (from_b, from_a))):
        for archive in order:
            import_archive(server, archive)

    expected = dump(a)
    assert dump(b) == expected
    assert dump(server_ab) == expected
    assert dump(server_ba) == expected

    session = _next_session(a)
    with a.session() as s:
        zoe = s.exec(select(Member).where(Member.name_key == "zoë quist")).all()
        assert len(zoe) == 1
        assert (zoe[0].email, zoe[0].department) == ("zoe@example.org", "Data")
        present = s.exec(
            select(Attendance).where(
                Attendance.session_id == session.id, Attendance.member_id == zoe[0].id
            )
        ).all()
        assert len(present) == 1
        promises = s.exec(select(Commitment.text).where(Commitment.member_id == zoe[0].id)).all()
        assert sorted(promises) == ["Lint one prompt", "Write three evals"]
        queue = s.exec(
            select(LightningTalk.position, LightningTalk.title)
            .where(LightningTalk.session_id == session.id)
            .order_by(LightningTalk.position)
        ).all()
        assert [p for p, _ in queue] == list(range(len(queue)))
        assert {"Prompt linting", "Eval sets"} <= {t for _, t in queue}
        joined = s.exec(select(Attendance.id).where(Attendance.member_id == zoe[0].id)).one()
    one = zoe[0].id[:8]
    for report in (a_took, b_took):  # each side says what it joined, with the survivor's id
        assert f"member {one} (Zoë Quist): created on both sides; now one record, {one}" in (
            report.changes
        )
        assert (
            f"attendance {joined[:8]} (present): created on both sides; now one record, "
            f"{joined[:8]}"
        ) in report.changes
        assert report.tallies["member"].updated == 1  # the survivor took the other's values
        assert report.tallies["member"].added == 0


def test_importing_again_after_the_join_changes_nothing(db, another_database, tmp_path):
    load_demo(db, NOW)
    base = _archive(db, tmp_path, "base.coparchive")
    a = _laptop(another_database, base, MemberFields(name="Zoë Quist"), "One", "Try one")
    b = _laptop(another_database, base, MemberFields(name="Zoë Quist"), "Two", "Try two")
    import_archive(a, _archive(b, tmp_path, "b.coparchive"))
    before = dump(a)
    again = import_archive(a, _archive(b, tmp_path, "b2.coparchive"))
    assert dump(a) == before
    assert not again.report.changed_anything


def test_combined_keeps_every_value_and_does_not_depend_on_the_order():
    from datetime import UTC, datetime

    early = datetime(2026, 1, 1, tzinfo=UTC)
    late = datetime(2026, 2, 1, tzinfo=UTC)
    one = {"id": "b" * 32, "email": "z@x.org", "department": None, "changed_at": early}
    two = {"id": "a" * 32, "email": "old@x.org", "department": "Data", "changed_at": late}
    assert combined(one, two) == combined(two, one)
    assert combined(one, two) == {
        "id": "a" * 32,
        "email": "old@x.org",  # both had one: the later change wins
        "department": "Data",
        "changed_at": late,
    }
    tie = {**one, "changed_at": late}
    assert combined(tie, two) == combined(two, tie)


def test_one_session_begun_on_two_laptops_keeps_one_agenda(db, another_database, tmp_path):
    """Both laptops began the same planned session (four agenda parts each, their own
    ids): merged in either order, the session has four parts, every clock event follows
    its part, and the two databases are the same row for row."""
    from facilitator.services.live import begin_session
    from store.models import AgendaPart, TimerEvent

    load_demo(db, NOW)
    session = _next_session(db)
    base = _archive(db, tmp_path, "base.coparchive")
    laptops = []
    for _ in range(2):
        laptop = another_database()
        import_archive(laptop, base)
        assert begin_session(laptop, None, session.scheduled_at, None, None) == session.id
        laptops.append(laptop)
    a, b = laptops
    from_a, from_b = _archive(a, tmp_path, "a.coparchive"), _archive(b, tmp_path, "b.coparchive")
    import_archive(a, from_b)
    import_archive(b, from_a)
    assert dump(a) == dump(b)
    with a.session() as s:
        parts = s.exec(
            select(AgendaPart.position, AgendaPart.id).where(AgendaPart.session_id == session.id)
        ).all()
        assert sorted(p for p, _ in parts) == [0, 1, 2, 3]
        ids = {part_id for _, part_id in parts}
        events = s.exec(select(TimerEvent.part_id).where(TimerEvent.session_id == session.id))
        assert {e for e in events if e is not None} <= ids
