"""The library's search on a fixed corpus, on SQLite (FTS5) and on PostgreSQL (tsvector)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from facilitator.errors import InvalidInput, NotFound
from facilitator.services.archive import export_archive, import_archive
from facilitator.services.captures import (
    add_commitment,
    add_takeaway,
    delete_takeaway,
    edit_takeaway,
)
from facilitator.services.communities import create_community
from facilitator.services.followup import mark
from facilitator.services.library import LibrarySort, search
from facilitator.services.roster import MemberFields, add_member
from facilitator.services.sessions import plan_session

from conftest import FROZEN_NOW

CORPUS = [
    # (session, kind, author, text)
    ("early", "prompt", "Ana Lima", "Un résumé clair en trois lignes, puis une question"),
    ("early", "tip", "Ben Okafor", "Resume the meeting in bullet points before sharing"),
    ("late", "prompt", "Chen Wei", "prompt prompt prompt: chaining small prompts beats one"),
    (
        "late",
        "workflow",
        "Ana Lima",
        "A long note that mentions a prompt once among many other words about spreadsheets, "
        "reports, meetings, calendars, reviews and the weekly summary for the team",
    ),
    (
        "late",
        "risk",
        None,
        'Never paste customer data (names, "IDs", e-mails) into a chat: NEAR* -x',
    ),
]


@pytest.fixture
def library(db):
    create_community(db, "Circle", "every other thursday", "12:00", "Europe/Berlin")
    for name, department in (
        ("Ana Lima", "Engineering"),
        ("Ben Okafor", "Sales"),
        ("Chen Wei", "HR"),
    ):
        add_member(db, None, MemberFields(name=name, department=department), date(2026, 1, 1))
    sessions = {
        "early": plan_session(db, None, FROZEN_NOW, when="2026-12-03").id,
        "late": plan_session(db, None, FROZEN_NOW, when="2026-12-17").id,
    }
    ids = [
        add_takeaway(db, sessions[when], text, kind=kind, author=author).id
        for when, kind, author, text in CORPUS
    ]
    return db, sessions, ids


def texts(results) -> list[str]:
    return [e.text for e in results.entries]


def test_accents_are_folded_both_ways(library):
    db, _, _ = library
    assert set(texts(search(db, "resume"))) == {CORPUS[0][3], CORPUS[1][3]}
    assert set(texts(search(db, "RÉSUMÉ"))) == {CORPUS[0][3], CORPUS[1][3]}


def test_words_match_by_prefix_in_any_order(library):
    db, _, _ = library
    assert texts(search(db, "bull")) == [CORPUS[1][3]]
    assert texts(search(db, "points bullet resume")) == [CORPUS[1][3]]
    assert texts(search(db, "bullet spreadsheets")) == []  # every word must be there


def test_the_best_match_comes_first(library):
    db, _, _ = library
    found = texts(search(db, "prompt"))
    assert found[0] == CORPUS[2][3] and CORPUS[3][3] in found


@pytest.mark.parametrize(
    "typed", ['"', "*", "-", ":", "(", ")", "NEAR", "AND OR NOT", '"unclosed', "-x NEAR(a b)", "^"]
)
def test_search_syntax_typed_by_a_person_is_never_an_error(library, typed):
    db, _, _ = library
    search(db, typed)  # no exception, whatever it finds


def test_syntax_characters_are_just_separators(library):
    db, _, _ = library
    assert texts(search(db, '"IDs" (names)')) == [CORPUS[4][3]]
    assert texts(search(db, "near")) == [CORPUS[4][3]]


def test_an_empty_search_lists_the_most_recent(library):
    db, _, _ = library
    found = texts(search(db, ""))
    assert found[:3] == [CORPUS[4][3], CORPUS[3][3], CORPUS[2][3]]  # the later session first


def test_filters_by_kind_author_department_and_date(library):
    db, _, _ = library
    assert texts(search(db, "", kind="PROMPT")) == [CORPUS[2][3], CORPUS[0][3]]
    assert texts(search(db, "prompt", author="ana lima")) == [CORPUS[3][3]]
    assert texts(search(db, "resume", department="sales")) == [CORPUS[1][3]]
    assert texts(search(db, "resume", since=date(2026, 12, 10))) == []
    with pytest.raises(InvalidInput, match="the kinds are tip, prompt, workflow"):
        search(db, "", kind="recipe")
    with pytest.raises(NotFound, match="did you mean 'Ana Lima'"):
        search(db, "", author="Ana Lim")


def test_matched_words_are_marked_for_highlighting(library):
    db, _, _ = library
    entry = search(db, "resum lign").entries[0]
    assert [entry.text[a:b] for a, b in entry.matched] == ["résumé", "lignes"]


def test_tried_by_and_worked_for_come_from_the_inspired_commitments(library):
    db, sessions, ids = library
    chaining = ids[2]
    owners = {"Ana Lima": "done", "Ben Okafor": "partly", "Chen Wei": "not_tried"}
    for owner, outcome in owners.items():
        item = add_commitment(
            db,
            sessions["late"],
            owner,
            f"{owner} tries chaining",
            date(2026, 12, 31),
            takeaway_id=chaining,
            mark_present=True,
        )
        mark(db, None, [item.id], outcome, note=f"{owner}: {outcome}")
    entry = next(e for e in search(db, "chaining").entries)
    assert (entry.tried, entry.worked) == (3, 2)
    assert set(entry.notes) == {"Ana Lima: done", "Ben Okafor: partly", "Chen Wei: not_tried"}
    tip = add_commitment(
        db, sessions["late"], "Ana Lima", "Bullet points", date(2026, 12, 31), takeaway_id=ids[1]
    )
    mark(db, None, [tip.id], "done")
    tried_only = add_commitment(
        db, sessions["late"], "Ben Okafor", "Customer data", date(2026, 12, 31), takeaway_id=ids[4]
    )
    mark(db, None, [tried_only.id], "not_tried")
    # Worked for 2, worked for 1, then the rest (tried but not worked counts 0) newest first.
    assert texts(search(db, "", sort=LibrarySort.WORKED)) == [
        CORPUS[2][3],
        CORPUS[1][3],
        CORPUS[4][3],
        CORPUS[3][3],
        CORPUS[0][3],
    ]
    assert texts(search(db, "resume", sort=LibrarySort.WORKED)) == [CORPUS[1][3], CORPUS[0][3]]


def test_a_carried_commitment_that_comes_out_done_worked_for_its_inspiration(library):
    db, sessions, ids = library
    first = add_commitment(
        db,
        sessions["early"],
        "Ana Lima",
        "Try the résumé prompt",
        date(2026, 12, 10),
        takeaway_id=ids[0],
        mark_present=True,
    )
    (carried,) = mark(db, None, [first.id], "carried")
    mark(db, None, [carried.successor_id], "done", note="Finally did it")
    entry = search(db, "resume trois").entries[0]
    assert (entry.tried, entry.worked) == (1, 1)
    assert "Finally did it" in entry.notes


def test_the_index_stays_in_step_with_every_write(library, another_database, tmp_path):
    db, _, ids = library
    edit_takeaway(db, ids[1], "Summarise the meeting as a table", "tip", "Ben Okafor")
    assert texts(search(db, "bullet")) == []
    assert texts(search(db, "tabl")) == ["Summarise the meeting as a table"]
    delete_takeaway(db, ids[4])
    assert texts(search(db, "customer")) == []
    export_archive(db, tmp_path / "lib.coparchive", None)
    other = another_database()
    import_archive(other, tmp_path / "lib.coparchive")  # written by Core statements
    assert texts(search(other, "tabl")) == ["Summarise the meeting as a table"]
    assert texts(search(other, "customer")) == []


def test_the_command_line_search(cop, library):
    done = cop("library", "search", "resume", "--kind", "tip")
    assert done.code == 0, done.err
    assert (
        "[tip]" in done.out
        and "Resume the meeting" in done.out
        and "Ben Okafor (Sales)" in done.out
    )
    payload = json.loads(cop("library", "search", "resume", "--json").out)
    assert {e["kind"] for e in payload["entries"]} == {"prompt", "tip"}
    assert cop("library", "search", "zzzz").out.strip() == "Nothing found."
    bad = cop("library", "search", "--sort", "best")
    assert bad.code == 2 and "choose one of relevance, recent, worked" in bad.err
    bad = cop("library", "search", "--kind", "recipe")
    assert bad.code == 2 and "the kinds are" in bad.err
    assert cop("library", "search", '"(', "NEAR").code == 0


def test_a_live_session_links_an_earlier_takeaway_once_and_keeps_it_if_the_earlier_goes(library):
    from facilitator.services import live
    from facilitator.services.captures import list_takeaways, revisit

    db, sessions, ids = library
    now_live = live.begin_session(db, None, FROZEN_NOW, "Ana Lima", None, "2026-12-03")
    assert now_live == sessions["early"]
    with pytest.raises(InvalidInput, match="from this session already"):
        revisit(db, now_live, ids[0])
    linked = revisit(db, now_live, ids[2])
    assert linked.kind == "prompt" and linked.text.startswith("Revisited from 2026-12-17: prompt")
    with pytest.raises(Exception, match="already links"):
        revisit(db, now_live, ids[2])
    delete_takeaway(db, ids[2])
    assert linked.text in [t.text for t in list_takeaways(db, now_live)]


def test_the_cli_searches_and_exports_the_default_community_unless_asked_for_all(
    cop, berlin_circle, db
):
    from facilitator.services.captures import add_takeaway as capture

    assert cop("community", "create", "Other", "--cadence", "weekly on monday").code == 0
    assert cop("community", "use", "Circle").code == 0
    assert cop("session", "plan", "--date", "2026-12-03").code == 0
    assert cop("session", "plan", "--date", "2026-11-30", "--community", "Other").code == 0
    for name, day, text in (
        ("Circle", "2026-12-03", "Circle's tip"),
        ("Other", "2026-11-30", "Other's tip"),
    ):
        listed = json.loads(cop("session", "list", "--json", "--community", name).out)
        assert listed[0]["scheduled_at"].startswith(day)
        capture(db, listed[0]["id"], text)
    found = json.loads(cop("library", "search", "--json").out)
    assert [e["text"] for e in found["entries"]] == ["Circle's tip"]
    every = json.loads(cop("library", "search", "--json", "--all-communities").out)
    assert sorted(e["text"] for e in every["entries"]) == ["Circle's tip", "Other's tip"]
    exported = cop("library", "export")
    assert "Circle's tip" in exported.out and "Other's tip" not in exported.out
    both = cop("library", "export", "--all-communities")
    assert "Circle's tip" in both.out and "Other's tip" in both.out
    clash = cop("library", "search", "--community", "Other", "--all-communities")
    assert clash.code == 2 and "not both" in clash.err
