"""A countdown drawn in block figures that grow with the space they are given.

Textual's Digits are always three rows tall: readable on a laptop, not from the back of a
room on a shared screen. These figures are a 3×5 block font scaled by whole cells to fill
the widget: about twice as wide as tall per step, because a terminal cell is about twice as
tall as it is wide.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from screens.format import WARNING_SECONDS, clock_text

GLYPHS = {
    "0": ("███", "█ █", "█ █", "█ █", "███"),
    "1": (" █ ", "██ ", " █ ", " █ ", "███"),
    "2": ("███", "  █", "███", "█  ", "███"),
    "3": ("███", "  █", " ██", "  █", "███"),
    "4": ("█ █", "█ █", "███", "  █", "  █"),
    "5": ("███", "█  ", "███", "  █", "███"),
    "6": ("███", "█  ", "███", "█ █", "███"),
    "7": ("███", "  █", "  █", " █ ", " █ "),
    "8": ("███", "█ █", "███", "█ █", "███"),
    "9": ("███", "█ █", "███", "  █", "███"),
    ":": (" ", "█", " ", "█", " "),
    "+": ("   ", " █ ", "███", " █ ", "   "),
    "-": ("   ", "   ", "███", "   ", "   "),
    " ": ("  ", "  ", "  ", "  ", "  "),
}
FONT_ROWS = 5


def glyph_rows(text: str) -> list[str]:
    """The text in the unscaled block font, one string per row, glyphs one column apart."""
    glyphs = [GLYPHS.get(char, GLYPHS[" "]) for char in text]
    return [" ".join(g[row] for g in glyphs) for row in range(FONT_ROWS)]


def scale_for(text: str, width: int, height: int) -> tuple[int, int]:
    """The largest whole-cell scale (columns, rows) at which the text fits."""
    base = max(1, len(glyph_rows(text)[0]))
    rows = max(1, height // FONT_ROWS)
    columns = max(1, min(width // base, 2 * rows))
    rows = max(1, min(rows, columns))
    return columns, rows


def render_big(text: str, width: int, height: int) -> list[str]:
    """The text scaled to fit width × height, centred, as `height` lines of `width` cells."""
    columns, rows = scale_for(text, width, height)
    lines = [
        "".join(char * columns for char in row) for row in glyph_rows(text) for _ in range(rows)
    ]
    top = max(0, (height - len(lines)) // 2)
    out = [""] * top + lines
    out += [""] * max(0, height - len(out))
    return [line.center(width)[:width] for line in out[:height]]


class BigClock(Widget):
    """Shows `value` ("12:34", "+0:10") as large as the widget's size allows."""

    DEFAULT_CSS = """
    BigClock {
        height: 5;
        width: 1fr;
    }
    """

    value: reactive[str] = reactive("")
    """The text drawn; set it on every repaint (unchanged values draw nothing new)."""

    def __init__(self, value: str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.value = value

    seconds_left: float = 0.0
    """What it shows, as seconds (negative: overtime)."""

    def show(self, seconds_left: float) -> None:
        """A countdown: amber in its last two minutes, white on red once over."""
        self.seconds_left = seconds_left
        self.value = clock_text(seconds_left)
        self.set_class(0 < seconds_left <= WARNING_SECONDS, "-warning")
        self.set_class(seconds_left <= 0, "-overtime")

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        lines = render_big(self.value, width, height)
        style = self.rich_style
        if y >= len(lines):
            return Strip.blank(width, style)
        return Strip([Segment(lines[y], style + Style())], width)
