"""One text policy: control characters are refused where text comes in, and neutralised in
every output, whatever older data, an archive or a shared server holds.

The output check derives its columns from the model: every text column of every table
(keys and the words cop stores for statuses and kinds apart) gets an escape sequence
planted in it, so a column added later is covered without anyone remembering to."""

from __future__ import annotations

import pytest
from sqlalchemy import String, update
from sqlmodel import SQLModel
from sqlmodel.sql.sqltypes import AutoString

HOSTILE = "T2 \x1b]0;PWNED\x07 \x1b[2J \x9b31m end"
"""Retitles and clears a terminal (OSC, BEL, CSI in 7-bit and 8-bit form)."""
FORBIDDEN = ("\x1b", "\x07", "\x9b")

VOCABULARY = {
    "status",
    "kind",
    "roles",
    "outcome",
    "action",
    "cadence",
    "timezone",
    "meeting_time",
    "deployment",
    "period_key",
    "content_hash",
    "form",
    "name_key",
    "fields",
    "threshold",
    "item",
    "email",
    "target",
    "page_id",
    "space",
    "parent_id",
    "url",
    "title_key",
    "version",
    "confluence_space",
    "confluence_user_key",
    "payload",
    "report_period",
    "location",
}
"""Columns that hold cop's own words or machine values (checked where they are set), not
free text a person typed."""
OWN_WORDS = {("warning_threshold", "name"), ("agenda_part", "name")}
"""Names cop gives (a threshold's, an agenda part's), matched by the code."""


def _is_text(column) -> bool:
    kind = column.type
    return isinstance(kind, String | AutoString) or isinstance(getattr(kind, "impl", None), String)


def free_text_columns() -> list[tuple[str, str]]:
    from store.models import load_all

    load_all()
    found = []
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if not _is_text(column) or column.primary_key:
                continue
            if column.foreign_keys or column.name.endswith("_id") or column.name in VOCABULARY:
                continue
            if (table.name, column.name) in OWN_WORDS:
                continue
            found.append((table.name, column.name))
    return found


def test_the_model_has_the_free_text_columns_this_test_plants_into():
    columns = set(free_text_columns())
    assert {("study_session", "topic"), ("member", "department"), ("takeaway", "text")} <= columns
    assert ("study_session", "cancel_reason") in columns and len(columns) >= 15


def plant(db) -> None:
    """The hostile text in every free-text column of every row (appended, so names stay
    distinct)."""
    with db.session() as s:
        for table_name, column_name in free_text_columns():
            table = SQLModel.metadata.tables[table_name]
            column = table.c[column_name]
            s.exec(
                update(table)
                .where(column.is_not(None))
                .values({column_name: column + " " + HOSTILE})
            )


READERS = [
    ("session", "list"),
    ("session", "show"),
    ("session", "show", "--json"),
    ("roster", "list", "--all"),
    ("roster", "export"),
    ("talk", "list"),
    ("followup", "list"),
    ("followup", "nudges"),
    ("announce",),
    ("invite", "-o", "-"),
    ("export", "-o", "-"),
    ("export", "-f", "confluence", "-o", "-"),
    ("report",),
    ("library", "search"),
    ("rotate", "--dry-run"),
    ("rotate", "--history"),
    ("community", "list"),
    ("checklist",),
]


@pytest.mark.parametrize("args", READERS, ids=" ".join)
def test_no_output_passes_a_control_sequence_on(cop, demo_db, args):
    plant(demo_db)
    result = cop(*args)
    assert result.code == 0, result.err
    shown = result.out + result.err
    assert "PWNED" in shown or args[0] in ("checklist", "community", "rotate")
    for char in FORBIDDEN:
        assert char not in shown, (args, char)


def test_written_files_hold_no_control_sequence(cop, demo_db, tmp_path):
    plant(demo_db)
    for args, name in (
        (("invite",), "q.ics"),
        (("export",), "latest.md"),
        (("export", "-f", "confluence"), "latest.xml"),
        (("report",), "report.md"),
    ):
        target = tmp_path / name
        assert cop(*args, "-o", str(target)).code == 0
        text = target.read_text(encoding="utf-8")
        assert "PWNED" in text and not any(char in text for char in FORBIDDEN), name


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("session", "plan", "--topic", HOSTILE), "topic"),
        (("roster", "add", "Zoë Quist", "--department", HOSTILE), "department"),
        (("roster", "add", HOSTILE), "name"),
        (("community", "create", HOSTILE, "--cadence", "weekly on monday"), "community name"),
        (("talk", "add", "Ana Lima", HOSTILE), "talk title"),
        (("roster", "away", "Ana Lima", "--from", "2027-01-04", "--reason", HOSTILE), "reason"),
        (("session", "cancel", "--reason", HOSTILE), "reason"),
    ],
)
def test_control_characters_are_refused_where_text_comes_in(cop, berlin_circle, args, field):
    assert cop("session", "plan").code == 0  # something to cancel
    before = cop("session", "list", "--json").out + cop("roster", "list", "--json").out
    result = cop(*args)
    assert result.code == 2, result
    assert f"the {field} contains control characters" in result.err
    assert not any(char in result.err for char in FORBIDDEN)
    after = cop("session", "list", "--json").out + cop("roster", "list", "--json").out
    assert after == before


def test_a_review_note_with_a_control_character_is_refused(cop, demo_db):
    listed = cop("followup", "list", "--json")
    first = __import__("json").loads(listed.out)[0]["id"][:6]
    result = cop("followup", "mark", first, "done", "--note", HOSTILE)
    assert result.code == 2 and "the note contains control characters" in result.err


def test_an_archive_holding_a_control_character_is_refused(demo_db, tmp_path, another_database):
    from facilitator.errors import CopError
    from facilitator.services.archive import export_archive, import_archive
    from store.errors import StoreError

    plant(demo_db)
    archive = tmp_path / "hostile.coparchive"
    export_archive(demo_db, archive, None)
    with pytest.raises((CopError, StoreError), match="control character"):
        import_archive(another_database(), archive, dry_run=True)


async def test_the_app_shows_stored_text_without_its_control_codes(demo_db):
    from rich.console import Console

    from screens.home import HomeScreen

    from tui_helpers import FakeTime, make_app, until_shown

    plant(demo_db)
    app = make_app(demo_db, FakeTime())
    async with app.run_test(size=(80, 24)) as pilot:
        await until_shown(pilot, HomeScreen)
        shown = app.screen.query_one("#next-session").render()
        console = Console(width=200, color_system=None, force_terminal=False)
        with console.capture() as captured:
            console.print(shown)
    text = captured.get()
    assert "PWNED" in text and not any(char in text for char in FORBIDDEN)
