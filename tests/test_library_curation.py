"""Curating the library: promote, edit, verify, retire, and the stale review queue."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from test_library import CORPUS, library  # noqa: F401  (the fixture)

from facilitator.errors import InvalidInput, NotFound
from facilitator.services.archive import export_archive, import_archive
from facilitator.services.captures import delete_takeaway
from facilitator.services.library import search
from facilitator.services.library_curation import EntryFields, edit_entry, stale_entries

from conftest import FROZEN_NOW

NOW = FROZEN_NOW


def test_the_first_edit_promotes_a_takeaway_to_a_draft_titled_by_its_first_line(library):  # noqa: F811
    db, _, ids = library
    entry = edit_entry(db, ids[2][:6], EntryFields(tags=" Chaining, prompts ,chaining"), NOW)
    c = entry.curation
    assert c.title == CORPUS[2][3]
    assert c.tags == ("chaining", "prompts")
    assert c.status == "draft" and c.verified_at is None

    entry = edit_entry(
        db,
        ids[2],
        EntryFields(
            title="Chain small prompts",
            tool="ChatGPT",
            model="gpt-5",
            owner="Chen Wei",
            status="in daily use",
            verified_by="Ana Lima",
        ),
        NOW,
    )
    c = entry.curation
    assert (c.title, c.tool, c.model, c.owner, c.status.label) == (
        "Chain small prompts",
        "ChatGPT",
        "gpt-5",
        "Chen Wei",
        "in daily use",
    )
    assert (c.verified_at, c.verified_by) == (NOW, "Ana Lima")
    assert search(db, "chain").entries[0].curation.title == "Chain small prompts"


def test_bad_edits_name_the_problem(library):  # noqa: F811
    db, _, ids = library
    with pytest.raises(
        InvalidInput, match="the statuses are draft, reviewed, in-daily-use, retired"
    ):
        edit_entry(db, ids[0], EntryFields(status="golden"), NOW)
    with pytest.raises(InvalidInput, match="at least 4 characters"):
        edit_entry(db, ids[0][:2], EntryFields(), NOW)
    with pytest.raises(NotFound, match="no library entry with id 'zzzz'"):
        edit_entry(db, "zzzz", EntryFields(), NOW)
    with pytest.raises(NotFound, match="no member named 'Nobody'"):
        edit_entry(db, ids[0], EntryFields(owner="Nobody"), NOW)


def test_stale_lists_never_verified_first_and_leaves_out_fresh_and_retired(library):  # noqa: F811
    db, _, ids = library
    edit_entry(db, ids[0], EntryFields(verified_by="Ana Lima"), NOW - timedelta(days=200))
    edit_entry(db, ids[1], EntryFields(verified_by="Ana Lima"), NOW - timedelta(days=10))
    edit_entry(db, ids[2], EntryFields(), NOW)  # never verified
    edit_entry(db, ids[3], EntryFields(status="retired"), NOW)
    assert [e.id for e in stale_entries(db, None, NOW, 90)] == [ids[2], ids[0]]
    assert [e.id for e in stale_entries(db, None, NOW, 5)] == [ids[2], ids[0], ids[1]]
    assert [e.text for e in search(db, "", status="retired").entries] == [CORPUS[3][3]]


def test_an_entry_goes_with_its_takeaway_and_travels_in_an_archive(
    library,  # noqa: F811
    another_database,
    tmp_path,
):
    db, _, ids = library
    edit_entry(db, ids[0], EntryFields(title="Résumé prompt"), NOW)
    edit_entry(db, ids[1], EntryFields(title="Bullets"), NOW)
    delete_takeaway(db, ids[1])
    export_archive(db, tmp_path / "lib.coparchive", None)
    other = another_database()
    import_archive(other, tmp_path / "lib.coparchive")
    titles = [e.curation.title for e in search(other, "").entries if e.curation]
    assert titles == ["Résumé prompt"]


def test_the_command_line_edits_and_lists_the_stale(cop, library):  # noqa: F811
    _, _, ids = library
    done = cop("library", "edit", ids[2][:8], "--title", "Chain small prompts", "--tags", "a,b")
    assert done.code == 0, done.err
    assert "Chain small prompts (draft)" in done.out and "never verified" in done.out
    bad = cop("library", "edit", ids[2][:8], "--status", "golden")
    assert bad.code == 2 and "the statuses are" in bad.err
    listed = cop("library", "stale")
    assert "1 not verified in 90 days" in listed.out and "Chain small prompts" in listed.out
    assert json.loads(cop("library", "stale", "--json").out)[0]["curation"]["status"] == "draft"
    found = cop("library", "search", "chain", "--status", "draft")
    assert "Chain small prompts" in found.out and "(draft)" in found.out
