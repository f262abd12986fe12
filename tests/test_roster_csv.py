"""Roster import from real-world HR exports, and export back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def write(tmp_path: Path, text: str, name: str = "people.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def roster(cop) -> dict[str, dict]:
    return {m["name"]: m for m in json.loads(cop("roster", "list", "--all", "--json").out)}


def test_semicolon_export_with_bom_aliases_and_blank_lines(cop, berlin_circle, tmp_path):
    path = write(
        tmp_path,
        "Full name;E-mail;Function\n\nZoë Müller;zoe@example.com;Legal\n\n"
        "Yusuf Ali;YUSUF@example.com;Sales\n",
        bom=True,
    )
    result = cop("roster", "import", str(path))
    assert result.code == 0, result
    assert "Added 2" in result.out
    members = roster(cop)
    assert members["Zoë Müller"]["department"] == "Legal"
    assert members["Yusuf Ali"]["email"] == "yusuf@example.com"


def test_comma_file_with_team_header_and_quoted_fields(cop, berlin_circle, tmp_path):
    path = write(tmp_path, 'Name,Email,Team\n"Doe, Jane",jane@example.com,"R&D, Lab"\n')
    assert cop("roster", "import", str(path)).code == 0
    assert roster(cop)["Doe, Jane"]["department"] == "R&D, Lab"


def test_bad_rows_are_reported_with_line_numbers_and_good_rows_still_land(
    cop, berlin_circle, tmp_path
):
    path = write(
        tmp_path,
        "Name,Email,Department\n"
        "Good One,good@example.com,Ops\n"
        ",nobody@example.com,Ops\n"
        "Bad Mail,not-an-address,Ops\n"
        "\n"
        "Good Two,,Ops\n",
    )
    result = cop("roster", "import", str(path))
    assert result.code == 1
    assert "line 3: the name is empty" in result.out
    assert "line 4: 'not-an-address' is not a valid e-mail address" in result.out
    members = roster(cop)
    assert {"Good One", "Good Two"} <= members.keys() and "Bad Mail" not in members


def test_duplicates_in_the_file_are_skipped(cop, berlin_circle, tmp_path):
    path = write(
        tmp_path,
        "Name,Email\nEve Adams,eve@example.com\nEve Adams,eve@example.com\nEVE ADAMS,\n",
    )
    result = cop("roster", "import", str(path))
    assert "Added 1" in result.out and "duplicates skipped 2" in result.out
    assert "line 3: Eve Adams repeats line 2" in result.out


def test_reimporting_the_same_file_changes_nothing(cop, berlin_circle, tmp_path, db_path):
    path = write(
        tmp_path, "Name,Email,Department\nEve Adams,eve@example.com,Ops\nAna Lima,,Engineering\n"
    )
    first = cop("roster", "import", str(path))
    assert "Added 1" in first.out and "unchanged 1" in first.out
    before = roster(cop)
    second = cop("roster", "import", str(path))
    assert "Added 0, updated 0, unchanged 2" in second.out
    assert roster(cop) == before


def test_matching_is_by_email_then_by_name(cop, berlin_circle, tmp_path):
    cop("roster", "add", "Eve Adams", "--email", "eve@example.com")
    path = write(
        tmp_path,
        "Name,Email,Department\nEve Adams-Smith,eve@example.com,Ops\nBen Okafor,,Marketing\n",
    )
    result = cop("roster", "import", str(path))
    assert "updated 2" in result.out
    members = roster(cop)
    assert "Eve Adams-Smith" in members and "Eve Adams" not in members
    assert members["Ben Okafor"]["department"] == "Marketing"


def test_dry_run_changes_nothing(cop, berlin_circle, tmp_path):
    before = roster(cop)
    path = write(tmp_path, "Name\nNew Person\nAna Lima\n")
    result = cop("roster", "import", str(path), "--dry-run")
    assert result.code == 0 and "Would add 1" in result.out
    assert roster(cop) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        (
            "Email,Department\na@example.com,X\n",
            "no Name column (headers found: Email, Department)",
        ),
    ],
)
def test_unusable_files(cop, berlin_circle, tmp_path, content, message):
    result = cop("roster", "import", str(write(tmp_path, content)))
    assert result.code == 2 and message in result.err


def test_a_file_that_is_not_utf8_names_the_line(cop, berlin_circle, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("Name\nAna\nJosé\n".encode("latin-1"))
    result = cop("roster", "import", str(path))
    assert result.code == 2 and "line 3 is not UTF-8" in result.err


def test_a_missing_file_is_named(cop, berlin_circle, tmp_path):
    result = cop("roster", "import", str(tmp_path / "nope.csv"))
    assert result.code == 2 and "nope.csv does not exist" in result.err


def test_export_then_import_round_trips(cop, berlin_circle, tmp_path):
    cop("roster", "add", 'Eve; "Quoted"', "--email", "eve@example.com", "--role", "champion")
    target = tmp_path / "out.csv"
    assert cop("roster", "export", str(target)).code == 0
    assert (
        target.read_text().splitlines()[0]
        == "Name,Email,Department,Roles,Facilitates,Active,Joined"
    )
    result = cop("roster", "import", str(target))
    assert "Added 0, updated 0, unchanged 4" in result.out
    assert cop("roster", "export").out == target.read_text()
