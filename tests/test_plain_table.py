"""The commands' tables: aligned, fitted to the terminal, and nothing in a cell lost."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from facilitator.cli.plain_table import render_table


def test_columns_line_up_under_their_headings():
    text = render_table("Roster", ["Name", "Hosts"], [["Ana Lima", "yes"], ["Bo", None]], width=80)
    assert text.splitlines() == [
        "Roster",
        "Name      Hosts",
        "────────  ─────",
        "Ana Lima  yes",
        "Bo",
    ]


def test_a_long_cell_is_cut_with_an_ellipsis_and_kept_columns_never_are():
    text = render_table(
        None,
        ["Id", "Topic"],
        [["3f2a9c01", "Measuring the time saved by prompts in the weekly report"]],
        keep=("Id",),
        width=30,
    )
    lines = text.splitlines()
    assert len(lines) == 3 and all(cell_len(line) <= 30 for line in lines)
    assert lines[2] == "3f2a9c01  Measuring the time…"


def test_without_a_width_every_value_is_whole_on_one_line():
    topic = "Measuring the time saved by prompts in the weekly report"
    text = render_table(None, ["Id", "Topic"], [["3f2a9c01", topic], ["ab", "short"]])
    assert text.splitlines()[2:] == [f"3f2a9c01  {topic}", "ab        short"]


def test_wide_characters_count_two_cells_and_markup_stays_literal():
    text = render_table(None, ["Name", "N"], [["王小明", 1], ["[b]Zed[/b]", 2]], width=80)
    assert text.splitlines()[2:] == ["王小明      1", "[b]Zed[/b]  2"]


cells = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=40
)


@given(
    rows=st.lists(st.lists(cells, min_size=3, max_size=3), min_size=1, max_size=6),
    width=st.integers(min_value=30, max_value=120),
)
def test_every_row_is_one_line_that_fits_and_shows_each_value_or_its_start(rows, width):
    text = render_table(None, ["Name", "Department", "Notes"], rows, width=width)
    lines = text.split("\n")
    assert len(lines) == 2 + len(rows)
    assert all(cell_len(line) <= width for line in lines)
    whole = render_table(None, ["Name", "Department", "Notes"], rows)
    for row, line in zip(rows, lines[2:], strict=True):
        for value in row:
            flat = " ".join(value.splitlines())
            shown = flat if flat.strip() in line else None
            if shown is None:  # cut: its start is there, and the line carries an ellipsis
                assert "…" in line
    for row, line in zip(rows, whole.split("\n")[2:], strict=True):
        assert all(" ".join(value.splitlines()).strip() in line for value in row)


def test_a_piped_command_prints_whole_values_whatever_the_width(cop, berlin_circle, monkeypatch):
    monkeypatch.setenv("COLUMNS", "40")
    long = "Maximiliane Anneliese Wolkenstein-Rodenegg"
    assert cop("roster", "add", long, "--department", "Research and Development").code == 0
    assert cop("session", "plan", "--topic", "Prompting for the quarterly planning").code == 0
    roster = cop("roster", "list").out
    assert any(long in line and "Research and Development" in line for line in roster.split("\n"))
    sessions = cop("session", "list").out
    assert any(
        "planned" in line and "Prompting for the quarterly planning" in line
        for line in sessions.split("\n")
    )


def test_a_message_piped_to_a_script_stays_one_line(capsys, monkeypatch):
    from facilitator.cli.opening import console, say

    monkeypatch.setenv("COLUMNS", "40")
    console.cache_clear()  # a console made now, for a 40-column width
    try:
        message = "Zoe Quist and Zoë Quist (AI Practice Circle): the same name but for case"
        say(message)
        assert capsys.readouterr().out == message + "\n"
    finally:
        console.cache_clear()
