"""The keys of a screen on as many lines as they need: the agenda has more than one line holds.

Textual's Footer is one line and drops what does not fit, so at 80 columns the agenda's
follow-up, next-host, attendance and home keys were never shown. This bar lists every shown
binding the screen allows right now (its `check_action`), wrapping between keys.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from screens.bindings import key_text, usable_bindings


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: auto;
        max-height: 3;
        background: $footer-background;
        color: $footer-foreground;
        padding: 0 1;
    }
    """

    def __init__(self, palette: bool = True) -> None:
        super().__init__()
        self.palette = palette
        """Also name ctrl+p (the agenda leaves it to help, to stay on two lines)."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh_keys())
        self.refresh_keys()

    def on_resize(self) -> None:
        self.refresh_keys()

    def keys(self) -> list[tuple[str, str]]:
        screen = self.screen
        shown = [
            (key_text(screen, binding), binding.description)
            for binding in usable_bindings(screen)
            if binding.show
        ]
        shown.append(("?", "Help"))
        if self.palette:
            shown += [("^p", "Palette"), ("^q", "Quit")]
        return shown

    def refresh_keys(self) -> None:
        """Lay the keys out for the current width (call again when what is allowed changes)."""
        width = max(20, self.size.width - 2 if self.size.width else 78)
        text = Text()
        used = 0
        for key, what in self.keys():
            item = len(key) + 1 + len(what)
            if used and used + 2 + item > width:
                text.append("\n")
                used = 0
            elif used:
                text.append("  ")
                used += 2
            text.append(key, style="bold")
            text.append(f" {what}")
            used += item
        self.update(text)
