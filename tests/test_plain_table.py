"""The commands' tables: aligned, fitted to the terminal, and nothing in a cell lost."""

from __future__ import annotations

from collections import Counter

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


def test_a_long_cell_wraps_between_words_and_kept_columns_never_wrap():
    text = render_table(
        None,
        ["Id", "Topic"],
        [["3f2a9c01", "Measuring the time saved by prompts in the weekly report"]],
        keep=("Id",),
        width=30,
    )
    lines = text.splitlines()
    assert all(cell_len(line) <= 30 for line in lines)
    assert lines[2].startswith("3f2a9c01  Measuring the time")
    assert [line[10:] for line in lines[3:]] == ["saved by prompts in", "the weekly report"]


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
def test_every_line_fits_and_every_character_is_kept(rows, width):
    text = render_table(None, ["Name", "Department", "Notes"], rows, width=width)
    lines = text.splitlines()
    assert all(cell_len(line) <= width for line in lines)
    shown = Counter(c for c in "".join(lines[2:]) if not c.isspace())
    typed = Counter(c for row in rows for cell in row for c in cell if not c.isspace())
    assert shown == typed
