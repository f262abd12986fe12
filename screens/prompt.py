"""Ask for one line of text; enter answers (possibly empty), esc backs out with None."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from screens.failures import ReportsFailures
from screens.format import literal


class PromptScreen(ReportsFailures, ModalScreen[str]):
    CSS_PATH = "prompt.tcss"
    BINDINGS = [Binding("escape", "back", "Back", id="prompt.back")]

    def __init__(
        self, question: str, placeholder: str = "", suggestions: list[str] | None = None
    ) -> None:
        super().__init__()
        self.question = question
        self.placeholder = placeholder
        self.suggestions = suggestions
        """Names that → completes, when the answer is one of them."""

    def compose(self) -> ComposeResult:
        from textual.suggester import SuggestFromList

        suggester = (
            SuggestFromList(self.suggestions, case_sensitive=False) if self.suggestions else None
        )
        with Vertical(id="dialog"):
            yield Label(literal(self.question), id="question")
            yield Input(placeholder=self.placeholder, suggester=suggester, id="answer")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_back(self) -> None:
        self.dismiss(None)
