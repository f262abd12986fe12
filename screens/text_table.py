"""One table for every list of user text: it fits the width, cuts with an ellipsis, and shows
the whole text of the highlighted row in a detail line.

DataTable sizes columns to their longest cell, so one long takeaway pushed the other columns
off an 80-column screen and short headers were clipped ("Prese", "Carr"). Here the columns
named `flex` share what the others leave, every header keeps its full label, and the text a
cell cannot hold is shown whole (line breaks too) in the detail widget below the table.

A long list (a roster of hundreds) draws its first screenful before the screen is painted
and the rest right after, so it opens as fast as a short one.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable, Static

from screens.format import clipped

CELL_PADDING = 2
"""DataTable pads each cell by one column on both sides."""
SCROLLBAR = 2
FIRST_ROWS = 60
"""Rows drawn before the first paint: more than any terminal shows at once."""


def _plain(cell: object) -> str:
    return cell.plain if isinstance(cell, Text) else ("" if cell is None else str(cell))


class DetailLine(Static):
    """The whole text of the highlighted row, below its table."""

    DEFAULT_CSS = """
    DetailLine {
        height: auto;
        max-height: 4;
        padding: 0 1;
        color: $text-muted;
    }
    """


class TextTable(DataTable):
    """A DataTable whose `flex` columns share the free width; cells are cut, never clipped."""

    def __init__(
        self,
        *,
        flex: tuple[str, ...] = (),
        detail: str | None = None,
        id: str | None = None,
        zebra_stripes: bool = True,
    ) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=zebra_stripes)
        self.flex = flex
        """Labels of the columns that take the free width (user text: topics, notes)."""
        self.detail = detail
        """Id of the Static that shows the highlighted row's whole text."""
        self._labels: list[str] = []
        self._rows: list[tuple[str | None, tuple[object, ...]]] = []
        self._widths: list[int] = []
        self._pending = False
        self._wanted_row: int | None = None
        """A cursor row asked for before that row was drawn; taken once it is."""

    # The DataTable calls screens make, kept, so a screen only swaps the class.

    def add_columns(self, *labels: str) -> list:
        return [self.add_column(label) for label in labels]

    def add_column(self, label: str, *, width: int | None = None, key: str | None = None, **kw):
        self._labels.append(label)
        # As text, not markup: a label is shown as written (and rich's emoji table, ~5 ms,
        # is not loaded to look for ":codes:" in it).
        return super().add_column(Text(label), width=width, key=key, **kw)

    def add_row(self, *cells: object, key: str | None = None, **kwargs) -> None:
        self._rows.append((key, cells))
        self._schedule()
        if len(self._rows) <= FIRST_ROWS:
            super().add_row(*self._cut(cells), key=key, **kwargs)

    def move_cursor(self, *, row: int | None = None, **kwargs) -> None:
        if row is not None and row >= super().row_count:
            self._wanted_row = row  # not drawn yet: taken when the rest of the rows are
            return
        super().move_cursor(row=row, **kwargs)

    def clear(self, columns: bool = False):
        self._rows = []
        self._wanted_row = None
        if columns:
            self._labels = []
        return super().clear(columns)

    def full_row(self, index: int) -> tuple[object, ...]:
        """The cells of a row as they were given, uncut."""
        return self._rows[index][1]

    # Layout

    def _schedule(self) -> None:
        if not self._pending:
            self._pending = True
            self.call_after_refresh(self._relayout)

    def on_resize(self) -> None:
        self._schedule()

    def _available(self) -> int:
        width = self.size.width or self.app.size.width
        return max(10, width - SCROLLBAR - CELL_PADDING * len(self._labels))

    def _compute_widths(self) -> list[int]:
        natural = [len(label) for label in self._labels]
        for _, cells in self._rows:
            for i, cell in enumerate(cells[: len(natural)]):
                longest = max((len(line) for line in _plain(cell).splitlines()), default=0)
                natural[i] = max(natural[i], longest)
        flex = [i for i, label in enumerate(self._labels) if label in self.flex]
        fixed = sum(w for i, w in enumerate(natural) if i not in flex)
        free = self._available() - fixed
        widths = list(natural)
        # Water-filling: the narrowest flex columns keep their natural width, and what they
        # leave is shared by the wider ones.
        left = max(0, free)
        waiting = sorted(flex, key=lambda i: natural[i])
        while waiting:
            share = left // len(waiting)
            i = waiting.pop(0)
            widths[i] = max(len(self._labels[i]), min(natural[i], share))
            left -= widths[i]
        return widths

    def _cut(self, cells: tuple[object, ...]) -> list[Text]:
        out = []
        for i, cell in enumerate(cells):
            width = self._widths[i] if i < len(self._widths) else 10_000
            if isinstance(cell, Text):
                piece = cell.copy()
                if "\n" in piece.plain or piece.cell_len > width:
                    piece = clipped(piece.plain, width)
                    piece.stylize(cell.style)
                out.append(piece)
            else:
                out.append(clipped(_plain(cell), width))
        return out

    def _relayout(self) -> None:
        """Fit the columns to the width and draw the rows not drawn yet; nothing once the
        table has left the screen (a layout asked for just before the screen closed)."""
        self._pending = False
        if not self.is_attached:
            return
        widths = self._compute_widths()
        drawn = super().row_count
        if widths == self._widths and drawn == len(self._rows):
            return
        cursor = self.cursor_row if self._wanted_row is None else self._wanted_row
        self._wanted_row = None
        if widths != self._widths:
            self._widths = widths
            drawn = 0
            super().clear(columns=True)
            for label, width in zip(self._labels, widths, strict=True):
                super().add_column(Text(label), width=width)
        for key, cells in self._rows[drawn:]:
            super().add_row(*self._cut(cells), key=key)
        if self._rows:
            super().move_cursor(row=min(max(cursor, 0), len(self._rows) - 1))
        self._show_detail()

    # The detail line

    def _is_cut(self, column: int, value: str) -> bool:
        width = self._widths[column] if column < len(self._widths) else 10_000
        return "\n" in value or len(value) > width

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        if self.detail is None or not self.is_mounted or not self.is_attached:
            return
        target = self.screen.query(f"#{self.detail}")
        if not target:
            return
        text = Text()
        if self._rows and 0 <= self.cursor_row < len(self._rows):
            cells = self._rows[self.cursor_row][1]
            flex = [i for i, label in enumerate(self._labels) if label in self.flex]
            cut = [i for i in flex if i < len(cells) and self._is_cut(i, _plain(cells[i]))]
            for i in cut or flex[-1:]:
                if i >= len(cells) or not _plain(cells[i]):
                    continue
                if text:
                    text.append("  ·  ")
                text.append(f"{self._labels[i]}: ", style="bold")
                text.append(_plain(cells[i]))
        target.first(DetailLine).update(text)
