"""`cop export` to standard output, a file and a folder, against a real SQLite file."""

from __future__ import annotations

import pytest


@pytest.fixture
def demo(demo_db):
    return demo_db


def test_the_default_is_the_latest_ended_session_as_markdown_on_stdout(cop, demo):
    result = cop("export")
    assert result.code == 0, result.err
    assert result.out.startswith("---\ncommunity: AI Practice Circle\ndate: '2026-11-19'")
    assert "# AI Practice Circle — 2026-11-19: Measuring time saved" in result.out
    assert cop("export", "latest", "-o", "-").out == result.out
    assert cop("export").out == result.out  # byte-identical every time


def test_a_session_by_date_in_confluence_format_to_a_file(cop, demo, tmp_path):
    target = tmp_path / "notes" / "nov5.xml"
    result = cop("export", "2026-11-05", "--format", "confluence", "--output", str(target))
    assert result.code == 0 and f"Wrote {target}" in result.out
    assert target.read_text(encoding="utf-8").startswith("<p><strong>When:</strong> Thu 05 Nov")
    again = cop("export", "2026-11-05", "-f", "confluence", "-o", str(target))
    assert "already up to date" in again.out


def test_all_sessions_into_a_folder_rewrites_only_what_changed(cop, demo, tmp_path):
    folder = tmp_path / "notes"
    first = cop("export", "--all", "--output", str(folder))
    assert first.code == 0 and "12 written, 0 unchanged, 12 sessions" in first.out
    names = sorted(p.name for p in folder.iterdir())
    assert names[0].startswith("2026-06-18-ai-practice-circle-") and names[0].endswith(".md")
    touched = folder / names[0]
    touched.write_text("edited", encoding="utf-8")
    stamp = (folder / names[1]).stat().st_mtime_ns
    second = cop("export", "--all", "--output", str(folder))
    assert "1 written, 11 unchanged" in second.out
    assert touched.read_text(encoding="utf-8").startswith("---\n")
    assert (folder / names[1]).stat().st_mtime_ns == stamp
    assert sorted(p.name for p in folder.iterdir()) == names  # no temporary files left


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2026-12-03"], "is planned; only ended sessions have a summary"),
        (["1999-01-01"], "no session on 1999-01-01"),
        (["--format", "pdf"], "unknown format 'pdf'; use markdown or confluence"),
        (["--all"], "--all needs --output FOLDER"),
        (["--all", "latest", "-o", "x"], "--all exports every ended session"),
    ],
)
def test_bad_input_is_named(cop, demo, args, message):
    result = cop("export", *args)
    assert result.code == 2 and message in result.err


def test_nothing_ended_yet_and_an_unwritable_target(cop, berlin_circle, tmp_path):
    assert "no session has ended yet" in cop("export").err
    cop("session", "plan")
    blocked = tmp_path / "file"
    blocked.write_text("x", encoding="utf-8")
    folder_is_file = cop("export", "--all", "--output", str(blocked))
    assert folder_is_file.code == 2 and "is a file" in folder_is_file.err


def test_a_failed_write_leaves_no_temporary_file(tmp_path):
    from facilitator.errors import InvalidInput
    from facilitator.services.export import write_file

    target = tmp_path / "summary.md"
    target.mkdir()  # a folder where the file should go: the final rename fails
    with pytest.raises(InvalidInput, match="cannot write"):
        write_file(target, "# notes\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.md"]
