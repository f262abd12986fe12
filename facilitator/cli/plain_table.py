"""Tables for the commands' output: aligned columns of literal text.

Rich's Table renders every cell through its layout engine, about 1 ms a row: a roster of a
few hundred members took longer to draw than to read. Here each cell is measured once in
terminal cells (wide characters count two). In a terminal the table fits its width and a
cell too long for its column is cut with "…", as in the app (one row, one line); piped to
a script (`width=None`) every value is printed whole, so `grep "Ana Lima"` finds her.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len as rich_cell_len
from rich.cells import get_character_cell_size

GAP = "  "
NARROWEST = 6
"""A column that wraps is never squeezed below this many cells (or its heading)."""


def render_table(
    title: str | None,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    keep: tuple[str, ...] = (),
    width: int | None = None,
) -> str:
    """The table as lines of text: a title, the headings, a rule, then a line per row.
    With a `width`, columns named in `keep` (ids, dates) are never cut and the others share
    what is left; without one, every value is whole."""
    cells = [
        ["" if cell is None else " ".join(str(cell).splitlines()) for cell in row] for row in rows
    ]
    widths = [
        max([cell_len(name), *(cell_len(row[i]) for row in cells)])
        for i, name in enumerate(columns)
    ]
    if width is not None:
        _fit_to(widths, columns, cells, keep, width)
    lines = [title] if title else []
    lines.append(_line([_cut(name, w) for name, w in zip(columns, widths, strict=True)], widths))
    lines.append(GAP.join("─" * w for w in widths))
    for row in cells:
        lines.append(_line([_cut(cell, w) for cell, w in zip(row, widths, strict=True)], widths))
    return "\n".join(lines)


def terminal_width() -> int:
    return shutil.get_terminal_size((80, 24)).columns


def _fit_to(
    widths: list[int],
    columns: Sequence[str],
    cells: list[list[str]],
    keep: tuple[str, ...],
    width: int,
) -> None:
    """Narrow the columns not kept until the table fits `width`: first down to their
    longest word (a value cut between words reads best), then to a few cells."""
    available = width - len(GAP) * (len(columns) - 1)
    flexible = [name not in keep for name in columns]
    headings = [cell_len(name) for name in columns]
    words = [
        max([headings[i], *(_longest_word(row[i]) for row in cells)]) if flexible[i] else w
        for i, w in enumerate(widths)
    ]
    _fit(widths, words, available)  # first wrap between words only
    _fit(
        widths,
        [max(NARROWEST, h) if f else w for w, f, h in zip(widths, flexible, headings, strict=True)],
        available,
    )
    # Still too wide: headings are cut too ("Commit…") rather than the terminal folding lines.
    _fit(widths, [NARROWEST if f else w for w, f in zip(widths, flexible, strict=True)], available)


def cell_len(text: str) -> int:
    """Terminal cells the text takes; ASCII (most cells) without Rich's per-character look-up."""
    return len(text) if text.isascii() and text.isprintable() else rich_cell_len(text)


def _fit(widths: list[int], floors: list[int], available: int) -> None:
    """Narrow the widest column above its floor, one cell at a time, until the table fits
    (or every column is at its floor: the terminal then wraps what is left)."""
    while sum(widths) > available:
        candidates = [i for i, w in enumerate(widths) if w > floors[i]]
        if not candidates:
            return
        widest = max(candidates, key=lambda i: widths[i])
        widths[widest] -= 1


def _longest_word(text: str) -> int:
    return max((cell_len(word) for word in text.split(" ")), default=0)


ELLIPSIS = "…"


def _cut(text: str, width: int) -> str:
    """The cell within `width` terminal cells: whole when it fits, else its start and "…"."""
    if cell_len(text) <= width:
        return text
    kept = ""
    for char in text:
        if cell_len(kept) + get_character_cell_size(char) > width - 1:
            break
        kept += char
    return kept.rstrip() + ELLIPSIS


def _line(values: list[str], widths: list[int]) -> str:
    padded = [v + " " * (w - cell_len(v)) for v, w in zip(values, widths, strict=True)]
    return GAP.join(padded).rstrip()
