"""The portable archive: what it carries and how two histories merge (what it refuses is in
test_archive_refusals)."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select

from facilitator.errors import CopError
from facilitator.services.archive import export_archive, import_archive
from facilitator.services.availability import add_away, remove_away
from facilitator.services.captures import add_takeaway, delete_takeaway, list_takeaways
from facilitator.services.communities import create_community
from facilitator.services.demo import load_demo
from facilitator.services.roster import MemberFields, add_member, edit_member
from facilitator.services.sessions import plan_session
from facilitator.services.talks import add_talk
from store.archive_format import ArchiveRefused, archived_tables, encode
from store.database import Database, open_database
from store.location import resolve_location
from store.models import Deletion, Member

from conftest import FROZEN_NOW

NOW = FROZEN_NOW
TODAY = NOW.date()
BASE_MEMBERS = ("Ana Lima", "Ben Okafor", "Chen Wei")


def dump(db: Database) -> dict[str, list[dict]]:
    """Every archived row and every tombstone, in a form two databases can be compared by."""
    tables = {}
    with db.snapshot() as conn:
        for table in archived_tables():
            rows = conn.execute(select(table).order_by(table.c.id)).mappings()
            tables[table.name] = [{k: encode(v) for k, v in r.items()} for r in rows]
        tables["deletion"] = [
            [t, i, encode(at), into]
            for t, i, at, into in conn.execute(
                select(
                    Deletion.table_name,
                    Deletion.row_id,
                    Deletion.deleted_at,
                    Deletion.merged_into_id,
                ).order_by(Deletion.table_name, Deletion.row_id)
            )
        ]
    return tables


def fingerprint(db: Database) -> str:
    return hashlib.sha256(json.dumps(dump(db), sort_keys=True).encode()).hexdigest()


def handed_over(db: Database, folder: Path, name: str = "handover.coparchive") -> Path:
    path = folder / name
    path.unlink(missing_ok=True)
    export_archive(db, path, None)
    return path


def test_an_archive_carries_the_whole_history_and_importing_it_again_changes_nothing(
    db, another_database, tmp_path
):
    load_demo(db, NOW)
    path = handed_over(db, tmp_path)
    laptop = another_database()

    first = import_archive(laptop, path)
    assert dump(laptop) == dump(db)
    assert first.report.tallies["attendance"].added > 100

    again = import_archive(laptop, path)
    assert not again.report.changed_anything
    assert again.report.changes == []
    assert all(t.unchanged == t.total for t in again.report.tallies.values())


def test_a_dry_run_reports_what_would_change_and_writes_nothing(db, another_database, tmp_path):
    load_demo(db, NOW)
    path = handed_over(db, tmp_path)
    laptop = another_database()
    before = fingerprint(laptop)
    done = import_archive(laptop, path, dry_run=True)
    assert done.report.tallies["member"].added == 18
    assert fingerprint(laptop) == before


def test_the_same_archive_moves_a_history_to_a_sqlite_file_and_back(db, another_database, tmp_path):
    """On the server run this is PostgreSQL → SQLite → PostgreSQL."""
    load_demo(db, NOW)
    laptop = open_database(resolve_location(str(tmp_path / "laptop.db")))
    try:
        import_archive(laptop, handed_over(db, tmp_path))
        assert dump(laptop) == dump(db)
        back = another_database()
        import_archive(back, handed_over(laptop, tmp_path, "back.coparchive"))
        assert dump(back) == dump(db)
    finally:
        laptop.close()


def test_one_community_can_travel_alone(db, another_database, tmp_path):
    load_demo(db, NOW)
    create_community(db, "Data Guild", "weekly on monday")
    add_member(db, "Data Guild", MemberFields(name="Zoe Park"), TODAY)
    path = tmp_path / "guild.coparchive"
    manifest = export_archive(db, path, "Data Guild")
    assert manifest.community == "Data Guild"
    laptop = another_database()
    import_archive(laptop, path)
    with laptop.session() as s:
        assert [m.name for m in s.exec(select(Member))] == ["Zoe Park"]


def test_a_deleted_takeaway_stays_deleted_whichever_way_the_archives_go(
    db, another_database, tmp_path
):
    base = base_history(db)
    laptop = another_database()
    import_archive(laptop, handed_over(db, tmp_path, "base.coparchive"))
    doomed = add_takeaway(db, base, "Pin the model version", author="Ana Lima")
    import_archive(laptop, handed_over(db, tmp_path, "with.coparchive"))
    assert [t.text for t in list_takeaways(laptop, base)] == ["Pin the model version"]

    delete_takeaway(db, doomed.id)
    import_archive(laptop, handed_over(db, tmp_path, "without.coparchive"))
    assert list_takeaways(laptop, base) == []
    # The laptop's older archive, which still has it, does not bring it back.
    import_archive(db, tmp_path / "with.coparchive")
    assert list_takeaways(db, base) == []


def test_a_member_changed_on_both_sides_keeps_the_later_change_and_says_so(
    db, another_database, tmp_path
):
    base_history(db)
    laptop = another_database()
    import_archive(laptop, handed_over(db, tmp_path, "base.coparchive"))
    edit_member(db, None, "Ben Okafor", MemberFields(department="Marketing"))
    edit_member(laptop, None, "Ben Okafor", MemberFields(department="Support"))  # later

    done = import_archive(db, handed_over(laptop, tmp_path, "laptop.coparchive"))
    assert done.report.tallies["member"].updated == 1
    assert any("Ben Okafor" in line and "department" in line for line in done.report.changes)
    kept = import_archive(laptop, handed_over(db, tmp_path, "office.coparchive"))
    assert kept.report.tallies["member"].updated == 0
    assert dump(laptop) == dump(db)
    with db.session() as s:
        ben = s.exec(select(Member).where(Member.name == "Ben Okafor")).one()
        assert ben.department == "Support"


def test_the_same_newcomer_added_on_both_laptops_is_one_member(db, another_database, tmp_path):
    base = base_history(db)
    laptop = another_database()
    import_archive(laptop, handed_over(db, tmp_path, "base.coparchive"))
    add_member(db, None, MemberFields(name="Dana Cruz"), TODAY)
    add_member(laptop, None, MemberFields(name="Dana Cruz", department="Legal"), TODAY)
    add_talk(laptop, None, "Dana Cruz", "Contracts with AI", NOW, session_id=base)

    import_archive(db, handed_over(laptop, tmp_path, "laptop.coparchive"))
    with db.session() as s:
        danas = s.exec(select(Member).where(Member.name == "Dana Cruz")).all()
    assert len(danas) == 1
    talks = dump(db)["lightning_talk"]
    assert [t["presenter_id"] for t in talks if t["title"] == "Contracts with AI"] == [danas[0].id]


def test_ticks_and_thresholds_set_on_both_laptops_travel_and_merge(db, another_database, tmp_path):
    from facilitator.services.checklist import checklist_of, tick
    from facilitator.services.thresholds import thresholds_of, tune_thresholds

    base_history(db)
    laptop = another_database()
    import_archive(laptop, handed_over(db, tmp_path, "base.coparchive"))
    tick(db, None, "leadership-approval", True, NOW)
    tick(laptop, None, "leadership-approval", True, NOW)  # the same tick, made twice
    tick(laptop, None, "goals-connected", True, NOW)
    tune_thresholds(db, None, ["gap-multiple=3"])
    tune_thresholds(laptop, None, ["queue-days=5"])

    import_archive(db, handed_over(laptop, tmp_path, "laptop.coparchive"))
    import_archive(laptop, handed_over(db, tmp_path, "office.coparchive"))
    for side in (db, laptop):
        _, lines = checklist_of(side, None, NOW)
        assert {line.item for line in lines if line.by_hand and line.done} == {
            "leadership-approval",
            "goals-connected",
        }
        _, tuned = thresholds_of(side, None)
        assert (tuned.gap_multiple, tuned.queue_days) == (3.0, 5)
    assert len(dump(db)["checklist_tick"]) == 2
    tick(laptop, None, "goals-connected", False, NOW)  # an untick travels as a deletion
    import_archive(db, handed_over(laptop, tmp_path, "untick.coparchive"))
    assert [row["item"] for row in dump(db)["checklist_tick"]] == ["leadership-approval"]


def test_export_and_import_from_the_command_line(cop, db, tmp_path, another_database):
    load_demo(db, NOW)
    path = tmp_path / "handover.coparchive"
    done = cop("archive", "export", str(path))
    assert done.code == 0, done.err
    assert "rows, schema" in done.out
    done = cop("archive", "import", str(path), "--dry-run")
    assert done.code == 0, done.err
    assert "Dry run: nothing was written." in done.out
    done = cop("archive", "import", str(path), "--json")
    payload = json.loads(done.out)
    assert payload["tables"]["member"]["unchanged"] == 18


# Two laptops, each with its own changes since the hand-over: the merge properties.


def base_history(db: Database) -> str:
    """A small community with a planned session; returns that session's id."""
    create_community(db, "Circle", "every other thursday", "12:00", "Europe/Berlin")
    for name in BASE_MEMBERS:
        add_member(db, None, MemberFields(name=name), date(2026, 1, 1))
    return plan_session(db, None, NOW, when="2026-12-03").id


OPS = st.one_of(
    st.tuples(st.just("member"), st.integers(0, 3)),
    st.tuples(st.just("department"), st.sampled_from(BASE_MEMBERS), st.sampled_from(["HR", "Ops"])),
    st.tuples(st.just("talk"), st.sampled_from(BASE_MEMBERS), st.integers(0, 9)),
    st.tuples(st.just("takeaway"), st.integers(0, 9)),
    st.tuples(st.just("delete_takeaway"), st.integers(0, 9)),
    st.tuples(st.just("away"), st.sampled_from(BASE_MEMBERS)),
    st.tuples(st.just("back"), st.sampled_from(BASE_MEMBERS)),
    st.tuples(st.just("twin"), st.integers(0, 1)),
    st.tuples(st.just("twin_talk"), st.integers(0, 1)),
)
"""What a laptop does; a twin is the same person added on both laptops (same name)."""


def _apply(db: Database, side: str, session_id: str, op: tuple) -> None:
    kind, *args = op
    try:
        if kind == "member":
            add_member(db, None, MemberFields(name=f"{side} newcomer {args[0]}"), TODAY)
        elif kind == "department":
            edit_member(db, None, args[0], MemberFields(department=args[1]))
        elif kind == "talk":
            add_talk(db, None, args[0], f"{side} talk {args[1]}", NOW, session_id=session_id)
        elif kind == "takeaway":
            add_takeaway(db, session_id, f"{side} takeaway {args[0]}", author="Ana Lima")
        elif kind == "delete_takeaway":
            present = list_takeaways(db, session_id)
            if present:
                delete_takeaway(db, present[args[0] % len(present)].id)
        elif kind == "away":
            add_away(db, None, args[0], "2026-12-01", "2026-12-05", None, TODAY)
        elif kind == "back":
            remove_away(db, None, args[0], None, TODAY)
        elif kind == "twin":
            fields = MemberFields(name=f"Zoë Quist {args[0]}", email=f"{side}{args[0]}@x.org")
            add_member(db, None, fields, TODAY)
        elif kind == "twin_talk":
            add_talk(
                db, None, f"Zoë Quist {args[0]}", f"{side} twin talk", NOW, session_id=session_id
            )
    except CopError:
        pass  # refused as a user would be (a name taken, no away period): nothing changed


@pytest.fixture
def base_archive(db, tmp_path) -> tuple[Path, str]:
    session_id = base_history(db)
    return handed_over(db, tmp_path, "base.coparchive"), session_id


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(left=st.lists(OPS, max_size=6), right=st.lists(OPS, max_size=6))
def test_two_laptops_merge_to_the_same_union_in_either_order_and_lose_nothing(
    base_archive, another_database, tmp_path, left, right
):
    base, session_id = base_archive
    a, b = another_database(), another_database()
    import_archive(a, base)
    import_archive(b, base)
    for op in left:
        _apply(a, "left", session_id, op)
    for op in right:
        _apply(b, "right", session_id, op)
    before_a, before_b = dump(a), dump(b)
    from_a = handed_over(a, tmp_path, "a.coparchive")
    from_b = handed_over(b, tmp_path, "b.coparchive")

    import_archive(b, from_a)  # b then a's changes
    import_archive(a, from_b)  # a then b's changes
    merged = dump(a)
    assert merged == dump(b)  # order does not matter
    assert not import_archive(b, from_a).report.changed_anything  # idempotent
    assert not import_archive(a, from_b).report.changed_anything

    deleted = {row_id for _, row_id, *_ in merged["deletion"]}
    queue = sorted(r["position"] for r in merged["lightning_talk"] if r["session_id"])
    assert queue == list(range(len(queue)))  # one queue, whoever signed up where
    for side in (before_a, before_b):
        for table in ("member", "lightning_talk", "takeaway", "member_unavailability"):
            kept = {r["id"] for r in merged[table]}
            captured = {r["id"] for r in side[table]} - deleted
            assert captured <= kept, f"{table} lost {captured - kept}"


@pytest.mark.parametrize("first", ["left", "right"])
def test_changes_at_the_same_moment_merge_the_same_in_both_orders(
    base_archive, another_database, tmp_path, monkeypatch, first
):
    """Both laptops change one member at the very same stamped moment (an injected clock):
    the tie is broken by the rows themselves, so either order of importing ends in the same
    database, and each order of editing picks the same winner."""
    from datetime import datetime

    base, _ = base_archive
    a, b = another_database(), another_database()
    import_archive(a, base)
    import_archive(b, base)
    moment = datetime(2026, 11, 30, 9, 0, tzinfo=NOW.tzinfo)
    monkeypatch.setattr("store.changes.utcnow", lambda: moment)
    edits = {"left": (a, "HR"), "right": (b, "Ops")}
    for side in (first, "right" if first == "left" else "left"):
        db, department = edits[side]
        edit_member(db, None, "Chen Wei", MemberFields(department=department))
    from_a = handed_over(a, tmp_path, "a.coparchive")
    from_b = handed_over(b, tmp_path, "b.coparchive")
    import_archive(a, from_b)
    import_archive(b, from_a)
    assert dump(a) == dump(b)
    chen = next(r for r in dump(a)["member"] if r["name"] == "Chen Wei")
    assert chen["changed_at"] == moment.isoformat()
    assert chen["department"] == "Ops"  # the larger row as JSON, whichever was typed first


def test_the_report_counts_every_row_and_says_each_change_with_both_times(
    db, another_database, tmp_path, monkeypatch
):
    """With the clock injected, the report is exact: per table what was added, updated,
    kept and unchanged, and one line per differing row naming the side kept and both
    change times (in UTC, whatever the machine's zone)."""
    import time
    from datetime import timedelta

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    monkeypatch.setattr("store.changes.utcnow", lambda: NOW)
    base_history(db)
    laptop = another_database()
    import_archive(laptop, handed_over(db, tmp_path, "base.coparchive"))
    earlier, later = NOW + timedelta(hours=1), NOW + timedelta(hours=2)
    monkeypatch.setattr("store.changes.utcnow", lambda: earlier)
    edit_member(db, None, "Ben Okafor", MemberFields(department="Marketing"))
    edit_member(laptop, None, "Chen Wei", MemberFields(department="Legal"))
    monkeypatch.setattr("store.changes.utcnow", lambda: later)
    edit_member(laptop, None, "Ben Okafor", MemberFields(department="Support"))
    edit_member(db, None, "Chen Wei", MemberFields(department="Finance"))
    add_member(laptop, None, MemberFields(name="Dana Cruz"), TODAY)
    try:
        done = import_archive(db, handed_over(laptop, tmp_path, "laptop.coparchive"))
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    ids = {r["name"]: r["id"][:8] for r in dump(db)["member"]}
    tally = done.report.tallies["member"]
    assert (tally.added, tally.updated, tally.kept, tally.unchanged) == (1, 1, 1, 1)
    assert (tally.deleted, tally.left_deleted, tally.total) == (0, 0, 4)
    assert sorted(done.report.changes) == sorted(
        [
            f"member {ids['Ben Okafor']} (Ben Okafor): took the archive's department "
            "(changed 2026-11-21 11:30:00 UTC, here 2026-11-21 10:30:00 UTC)",
            f"member {ids['Chen Wei']} (Chen Wei): kept this database's department "
            "(changed 2026-11-21 11:30:00 UTC, in the archive 2026-11-21 10:30:00 UTC)",
        ]
    )
    assert done.report.tallies["study_session"].unchanged == 1
    assert done.report.changed_anything


def test_an_undone_review_is_undone_on_the_other_laptop_too(db, another_database, tmp_path):
    """Two commitments reviewed, archived to a laptop, then both reviews undone here (and a
    third reviewed and undone before the laptop saw it): the laptop deletes both reviews,
    keeps the third's tombstone, and each commitment is open again there, as here."""
    from facilitator.services.demo import load_demo
    from facilitator.services.followup import list_open, mark, undo_reviews

    load_demo(db, NOW)
    refs = [item.id for item in list_open(db, None, TODAY)][:3]
    assert len(refs) == 3
    done = mark(db, None, refs[:2], "done", note="worked")
    laptop = another_database()
    import_archive(laptop, handed_over(db, tmp_path, "reviewed.coparchive"))
    assert not {i.id for i in list_open(laptop, None, TODAY)} & set(refs[:2])
    assert undo_reviews(db, [r.review_id for r in done]) == 2
    unseen = mark(db, None, refs[2:], "partly")  # reviewed and undone before any hand-over
    assert undo_reviews(db, [r.review_id for r in unseen]) == 1
    back = import_archive(laptop, handed_over(db, tmp_path, "undone.coparchive"))
    assert back.report.tallies["commitment_review"].deleted == 2
    assert set(refs) <= {i.id for i in list_open(laptop, None, TODAY)}
    assert dump(laptop) == dump(db)


def test_deletions_that_meet_new_uses_are_refused_or_left_out_and_links_cleared(
    db, another_database, tmp_path
):
    """The office deletes takeaways the laptop meanwhile used: two the laptop put in its
    library (a required link: the office leaves the entries out and says so; the laptop
    keeps them and says so), one a new commitment was inspired by (an optional link:
    cleared wherever the takeaway is gone). A fourth takeaway's link is left alone."""
    from datetime import timedelta

    from facilitator.services.captures import add_commitment
    from facilitator.services.library_curation import EntryFields, edit_entry
    from store.models import Commitment, LibraryEntry

    base = base_history(db)
    kept, kept_too, cleared, other = (
        add_takeaway(db, base, text, author="Ana Lima").id
        for text in ("Pin the model version", "Pin the seed", "Ask for sources", "Log prompts")
    )
    laptop = another_database()
    import_archive(laptop, handed_over(db, tmp_path, "base.coparchive"))
    for takeaway in (kept, kept_too, cleared):
        delete_takeaway(db, takeaway)
    edit_entry(laptop, kept, EntryFields(title="Pinned models"), NOW)
    edit_entry(laptop, kept_too, EntryFields(title="Pinned seeds"), NOW)
    due = TODAY + timedelta(days=14)
    for takeaway, text in ((cleared, "Ask twice"), (other, "Log a week")):
        add_commitment(
            laptop, base, "Ben Okafor", text, due, takeaway_id=takeaway, mark_present=True
        )

    to_office = import_archive(db, handed_over(laptop, tmp_path, "laptop.coparchive")).report
    entries = {r["title"]: r["id"] for r in dump(laptop)["library_entry"]}
    assert to_office.tallies["library_entry"].left_deleted == 2
    assert to_office.tallies["takeaway"].left_deleted == 3  # deleted here
    assert {
        f"library_entry {entries[title][:8]} ({title}): left out, what it belongs to was deleted"
        for title in ("Pinned models", "Pinned seeds")
    } <= set(to_office.changes)
    to_laptop = import_archive(laptop, handed_over(db, tmp_path, "office.coparchive")).report
    assert to_laptop.tallies["takeaway"].deleted == 1
    assert {
        f"takeaway {takeaway[:8]}: kept, deleted in the archive but still used here"
        for takeaway in (kept, kept_too)
    } <= set(to_laptop.changes)
    for database in (db, laptop):
        with database.session() as s:
            links = dict(s.exec(select(Commitment.text, Commitment.inspired_by_takeaway_id)).all())
            used = set(s.exec(select(LibraryEntry.takeaway_id)).all())
        assert links == {"Ask twice": None, "Log a week": other}
        assert used == ({kept, kept_too} if database is laptop else set())


def test_a_clash_the_checks_missed_is_refused_whole(db, another_database, tmp_path, monkeypatch):
    """The safety net behind the checks: were a twin not recognised (here the matching is
    switched off), inserting it would clash with this database's unique key; the import is
    refused naming the table and the clash, and nothing is written."""
    base = base_history(db)
    laptop = another_database()
    import_archive(laptop, handed_over(db, tmp_path, "base.coparchive"))
    add_member(db, None, MemberFields(name="Dana Cruz"), TODAY)
    add_member(laptop, None, MemberFields(name="Dana Cruz"), TODAY)
    assert base
    before = dump(db)
    monkeypatch.setattr("store.archive_merge._natural_matches", lambda *_: iter(()))
    with pytest.raises(ArchiveRefused) as refused:
        import_archive(db, handed_over(laptop, tmp_path, "laptop.coparchive"))
    said = str(refused.value)
    assert said.startswith("the archive's member rows clash with this database's (")
    assert "UNIQUE constraint failed: member.community_id, member.name_key" in said or (
        "uq_member_name" in said
    )
    assert said.endswith("); nothing was written")
    assert dump(db) == before
