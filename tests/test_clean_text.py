"""exporters.text, character by character: what `clean` keeps for a document and what
`terminal_safe` lets through to a terminal."""

from __future__ import annotations

import pytest

from exporters.text import clean, lines, one_line, terminal_safe


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("a\r\nb", "a\nb"),  # a Windows line ending is one line break, not two
        ("a\rb", "a\nb"),  # an old Mac one too
        ("a\r\n\r\nb", "a\n\nb"),
        ("tab\tkept", "tab\tkept"),
        ("nul\x00 bell\x07 esc\x1b[31m", "nul bell esc[31m"),
        ("c1\x85\x9b", "c1"),
        ("surrogate\ud800 private\ue000 unassigned\U000e0080", "surrogate private unassigned"),
        ("émoji 👋🏽 and ع", "émoji 👋🏽 and ع"),
    ],
)
def test_clean_keeps_text_and_line_breaks_only(raw, kept):
    assert clean(raw) == kept


def test_lines_and_one_line_lay_out_a_pasted_note():
    note = "  first\r\n\r\n\tsecond  \rthird\x1b\n"
    assert lines(note) == ["first", "second", "third"]
    assert one_line(note) == "first second third"


COLOURED = "a\x1b[1;31mred\x1b[0m\x1b]0;title\x07\x1b[2Jb\r\nc\rd\x9b"


def test_terminal_safe_drops_every_control_sequence_but_keeps_crlf():
    assert terminal_safe(COLOURED) == "a[1;31mred[0m]0;title[2Jb\r\ncd"


def test_terminal_safe_can_keep_colours_and_still_drops_the_rest():
    kept = terminal_safe(COLOURED, keep_colours=True)
    assert kept == "a\x1b[1;31mred\x1b[0m]0;title[2Jb\r\ncd"
