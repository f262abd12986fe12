"""Check-in: who is here. Type to filter, space to mark present, add a newcomer in seconds.

Each mark is stored as it is made, so the list can be reopened (key a) at any time during
the session and a crash loses nothing.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from facilitator.domain import AttendanceRow
from facilitator.errors import SHOWN_ERRORS
from facilitator.live_session import LiveSession
from facilitator.vocabulary import AttendanceStatus
from screens.clock_line import ClockLine
from screens.failures import ReportsFailures
from screens.format import literal, sentence
from screens.key_bar import KeyBar
from screens.newcomer import NewcomerScreen

MARKS = {
    AttendanceStatus.PRESENT: ("✓ present", "bold green"),
    AttendanceStatus.EXCUSED: ("excused", "yellow"),
}


class CheckInTable(DataTable):
    """The roster list; printable keys other than space go to the filter."""

    class FilterTyped(events.Message):
        def __init__(self, key: str) -> None:
            super().__init__()
            self.key = key

    def on_key(self, event: events.Key) -> None:
        if event.key == "backspace" or (event.is_printable and event.character != " "):
            event.stop()
            event.prevent_default()
            self.post_message(
                self.FilterTyped(event.key if event.key == "backspace" else event.character)
            )


class CheckInScreen(ReportsFailures, ModalScreen[None]):
    CSS_PATH = "checkin.tcss"
    BINDINGS = [
        Binding("space", "toggle", "Present", id="checkin.present"),
        Binding("ctrl+e", "excused", "Excused", id="checkin.excused"),
        Binding("ctrl+n", "newcomer", "Newcomer", id="checkin.newcomer"),
        Binding("escape", "clear_or_done", "Done", id="checkin.done"),
    ]

    def __init__(self, live: LiveSession, today: date) -> None:
        super().__init__()
        self.live = live
        self.today = today
        self.rows: list[AttendanceRow] = []
        self.filter = ""
        """What was typed; every word must appear in the name or department."""

    def compose(self) -> ComposeResult:
        with Vertical(id="checkin"):
            yield ClockLine(self.live)
            yield Label("Who is here?", id="title")
            yield Static(id="filter")
            yield CheckInTable(id="people", cursor_type="row", zebra_stripes=True)
            yield Static(id="count")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(CheckInTable)
        table.add_columns("Name", "Department", "Here")
        self.rows = self.live.attendance()
        self.fill()
        table.focus()

    def shown(self) -> list[AttendanceRow]:
        words = self.filter.casefold().split()
        return [
            r
            for r in self.rows
            if all(w in f"{r.name} {r.department or ''}".casefold() for w in words)
        ]

    def fill(self, keep: str | None = None) -> None:
        table = self.query_one(CheckInTable)
        table.clear()
        for row in self.shown():
            mark, style = MARKS.get(row.status or "", ("", ""))
            if row.newcomer:
                mark = f"{mark} · new" if mark else "new"
            table.add_row(
                literal(row.name),
                literal(row.department or ""),
                Text(mark, style),
                key=row.member_id,
            )
            if row.member_id == keep:
                table.move_cursor(row=table.row_count - 1)
        typed = self.filter or "type to filter"
        self.query_one("#filter", Static).update(
            Text.assemble(("Filter: ", "bold"), literal(typed))
        )
        present = sum(1 for r in self.rows if r.status == AttendanceStatus.PRESENT)
        self.query_one("#count", Static).update(
            f"{present} present · {len(self.shown())} of {len(self.rows)} shown"
        )

    def on_check_in_table_filter_typed(self, message: CheckInTable.FilterTyped) -> None:
        self.filter = self.filter[:-1] if message.key == "backspace" else self.filter + message.key
        self.fill()

    def _current(self) -> AttendanceRow | None:
        shown = self.shown()
        table = self.query_one(CheckInTable)
        if not shown or table.cursor_row < 0:
            return None
        return shown[min(table.cursor_row, len(shown) - 1)]

    def _mark(self, status: str) -> None:
        row = self._current()
        if row is None:
            return
        new_status = AttendanceStatus.ABSENT if row.status == status else status
        try:
            saved = self.live.set_attendance(row.member_id, new_status)
        except SHOWN_ERRORS as error:
            self.notify(str(sentence(str(error))), severity="error")
            return
        self.rows = [saved if r.member_id == saved.member_id else r for r in self.rows]
        self.filter = ""  # ready for the next name
        self.fill(keep=saved.member_id)

    def action_toggle(self) -> None:
        self._mark(AttendanceStatus.PRESENT)

    def action_excused(self) -> None:
        self._mark(AttendanceStatus.EXCUSED)

    def action_newcomer(self) -> None:
        def added(row: AttendanceRow | None) -> None:
            if row is None:
                return
            self.rows = self.live.attendance()
            self.filter = ""
            self.fill(keep=row.member_id)
            self.notify(f"{row.name} joined the roster and is checked in.")

        def save(name: str, department: str) -> AttendanceRow:
            return self.live.add_newcomer(name, department or None, self.today)

        self.app.push_screen(NewcomerScreen(self.filter, save), added)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_done()

    def action_clear_or_done(self) -> None:
        if self.filter:
            self.filter = ""
            self.fill()
        else:
            self.action_done()

    def action_done(self) -> None:
        self.dismiss(None)
