"""A session left live (after a crash, or cop was closed mid-meeting): what to do with it.

Each choice says plainly what it does; none of them loses anything captured.
"""

from __future__ import annotations

from enum import StrEnum

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from screens.failures import ReportsFailures
from screens.format import literal


class ResumeChoice(StrEnum):
    RESUME = "resume"
    LATER = "later"
    ABANDON = "abandon"


class ResumeScreen(ReportsFailures, ModalScreen[ResumeChoice]):
    CSS_PATH = "resume.tcss"
    BINDINGS = [
        Binding("r,y", "choose('resume')", "Resume", id="resume.resume"),
        Binding("n,escape", "choose('later')", "Not now", id="resume.later"),
        Binding("a", "choose('abandon')", "Abandon", id="resume.abandon"),
    ]

    def __init__(self, about: str) -> None:
        super().__init__()
        self.about = about

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("A session is still live.", id="question")
            yield Static(literal(self.about), id="detail")
            yield Button(
                "Resume (r): back to the agenda; the clock carries on where it was",
                variant="primary",
                compact=True,
                id="resume",
            )
            yield Button(
                "Not now, keep it live (n): go home; s resumes it later", compact=True, id="later"
            )
            yield Button(
                "Abandon (a): end it now, without the closing; everything captured stays",
                variant="error",
                compact=True,
                id="abandon",
            )

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    def action_choose(self, choice: str) -> None:
        self.dismiss(ResumeChoice(choice))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(ResumeChoice(event.button.id))
