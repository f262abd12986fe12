"""Sign someone up for a lightning talk: presenter (type-ahead), title, minutes."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from facilitator.domain import Talk
from facilitator.errors import SHOWN_ERRORS
from screens.failures import ReportsFailures
from screens.format import sentence


class TalkFormScreen(ReportsFailures, ModalScreen[Talk]):
    CSS_PATH = "talk_form.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="talk-form.cancel"),
        Binding("ctrl+s", "save", "Save", id="talk-form.save"),
    ]

    def __init__(self, names: list[str], save: Callable[[str, str, int | None], Talk]) -> None:
        super().__init__()
        self.names = names
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Label("Sign up for a lightning talk", id="title")
            yield Input(
                placeholder="Presenter (→ completes)",
                suggester=SuggestFromList(self.names, case_sensitive=False),
                id="presenter",
            )
            with Horizontal(id="row"):
                yield Input(placeholder="Title", id="talk-title")
                yield Input(placeholder="min", id="minutes", type="integer", max_length=2)
            yield Static(id="error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        minutes = self.query_one("#minutes", Input).value.strip()
        try:
            talk = self.save(
                self.query_one("#presenter", Input).value,
                self.query_one("#talk-title", Input).value,
                int(minutes) if minutes else None,
            )
        except SHOWN_ERRORS as error:
            self.query_one("#error", Static).update(sentence(str(error)))
            return
        self.dismiss(talk)

    def action_cancel(self) -> None:
        self.dismiss(None)
