"""Help (`?`): cop's own keys for the screen below first, then the keys that work anywhere.

Textual's key panel lists every inherited binding (Cursor up, Page Left…) before cop's;
this lists what the facilitator can do here, in the screen's own words. It sits on the
right, so on the agenda the countdown stays in view.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from screens.bindings import key_text, usable_bindings, words
from screens.failures import ReportsFailures

EVERYWHERE = (
    ("?", "this help"),
    ("ctrl+p", "command palette: every screen and action"),
    ("ctrl+q", "quit"),
)


def screen_keys(screen: Screen) -> list[tuple[str, str]]:
    """The screen's own bindings that work right now, as (keys, what they do)."""
    return [
        (key_text(screen, binding, every_key=True), words(binding))
        for binding in usable_bindings(screen)
    ]


class HelpScreen(ReportsFailures, ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape,question_mark", "close", "Close help", id="help.close"),
    ]

    def __init__(self, below: Screen) -> None:
        super().__init__()
        self.below = below

    def compose(self) -> ComposeResult:
        below = bool(getattr(self.below, "CLOCK_FILLS_WIDTH", False))
        self.set_class(below, "-below")
        with VerticalScroll(id="help"):
            yield Static(self.keys_line() if below else self.keys_table(), id="keys")

    def keys_line(self) -> Text:
        """Over presentation mode the clock spans the width: help is a short strip below it."""
        text = Text()
        for keys, what in [*screen_keys(self.below), *EVERYWHERE]:
            if text:
                text.append("  ·  ")
            text.append(keys, style="bold")
            text.append(f" {what}")
        return text

    def keys_table(self) -> Table:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        title = getattr(self.below, "HELP_TITLE", None) or "This screen"
        grid.add_row(Text(title, style="bold underline"), "")
        for keys, what in screen_keys(self.below):
            grid.add_row(Text(keys), Text(what))
        grid.add_row("", "")
        grid.add_row(Text("Everywhere", style="bold underline"), "")
        for keys, what in EVERYWHERE:
            grid.add_row(Text(keys), Text(what))
        grid.add_row("", "")
        grid.add_row("", Text("esc or ? closes this", style="dim"))
        return grid

    def action_close(self) -> None:
        self.dismiss(None)
