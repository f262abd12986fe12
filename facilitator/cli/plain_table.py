"""Tables for the commands' output: aligned columns of literal text, fitted to the terminal.

Rich's Table renders every cell through its layout engine, about 1 ms a row: a roster of a
few hundred members took longer to draw than to read. Here each cell is measured once in
terminal cells (wide characters count two) and long cells wrap inside their column, so
nothing is cut off.
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
    """The table as lines of text: a title, the headings, a rule, then one or more lines per
    row. Columns named in `keep` (ids, dates) never wrap; the others share what is left."""
    cells = [
        ["" if cell is None else " ".join(str(cell).splitlines()) for cell in row] for row in rows
    ]
    widths = [
        max([cell_len(name), *(cell_len(row[i]) for row in cells)])
        for i, name in enumerate(columns)
    ]
    available = (width or shutil.get_terminal_size((80, 24)).columns) - len(GAP) * (
        len(columns) - 1
    )
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
    lines = [title] if title else []
    lines.append(_line(list(columns), widths))
    lines.append(GAP.join("─" * w for w in widths))
    for row in cells:
        wrapped = [_wrap(cell, w) for cell, w in zip(row, widths, strict=True)]
        for depth in range(max(len(parts) for parts in wrapped)):
            lines.append(_line([p[depth] if depth < len(p) else "" for p in wrapped], widths))
    return "\n".join(lines)


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


def _wrap(text: str, width: int) -> list[str]:
    """The cell's lines: words kept whole where they fit, longer words folded."""
    if cell_len(text) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if cell_len(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for char in word:
            if cell_len(line) + get_character_cell_size(char) > width:
                lines.append(line)
                line = ""
            line += char
    lines.append(line)
    return lines


def _line(values: list[str], widths: list[int]) -> str:
    padded = [v + " " * (w - cell_len(v)) for v, w in zip(values, widths, strict=True)]
    return GAP.join(padded).rstrip()
