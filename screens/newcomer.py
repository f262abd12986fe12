"""Add a newcomer mid-session: a name and a department, nothing else to slow the room down."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from facilitator.domain import AttendanceRow
from facilitator.errors import SHOWN_ERRORS
from screens.failures import ReportsFailures
from screens.format import sentence


class NewcomerScreen(ReportsFailures, ModalScreen[AttendanceRow]):
    """Saves through the caller's function so a refusal shows here, with the typing kept."""

    CSS_PATH = "newcomer.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="newcomer.cancel"),
        Binding("ctrl+s", "save", "Add", id="newcomer.save"),
    ]

    def __init__(self, name: str, save: Callable[[str, str], AttendanceRow]) -> None:
        super().__init__()
        self.typed_name = name
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Label("New here? Add them to the roster", id="title")
            yield Input(self.typed_name, placeholder="Full name", id="name")
            yield Input(placeholder="Department or function (optional)", id="department")
            yield Static(id="error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "name":
            self.query_one("#department", Input).focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        name = self.query_one("#name", Input).value
        department = self.query_one("#department", Input).value
        try:
            row = self.save(name, department)
        except SHOWN_ERRORS as error:
            self.query_one("#error", Static).update(sentence(str(error)))
            self.query_one("#name", Input).focus()
            return
        self.dismiss(row)

    def action_cancel(self) -> None:
        self.dismiss(None)
