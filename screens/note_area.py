"""The note field of the takeaway and commitment forms: one line to type, several to paste.

A single-line Input keeps only the first line of a paste, silently. A prompt or a workflow
is often pasted whole, so the note is a TextArea that keeps every pasted line, while `enter`
still saves as in every other cop form; `ctrl+j` (or `shift+enter` where the terminal
reports it) starts a new line by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import TextArea


class NoteArea(TextArea):
    DEFAULT_CSS = """
    NoteArea {
        height: auto;
        min-height: 3;
        max-height: 8;
    }
    """
    BINDINGS = [
        Binding("ctrl+j,shift+enter", "new_line", "New line", show=False, id="note.new_line"),
    ]

    @dataclass
    class Submitted(Message):
        """Enter was pressed: the form saves."""

        note: NoteArea

        @property
        def control(self) -> NoteArea:
            return self.note

    def __init__(self, text: str = "", *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(
            text,
            id=id,
            placeholder=placeholder,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
        )

    @property
    def value(self) -> str:
        """The note as typed; the same name as Input's, so forms and drafts treat both alike."""
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.load_text(text)
        self.move_cursor(self.document.end)

    async def _on_key(self, event: events.Key) -> None:
        """Enter saves; every other key goes on to TextArea's own handler (Textual calls
        each class's handler in turn unless one prevents the default)."""
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted(self))

    def _on_paste(self, event: events.Paste) -> None:
        """TextArea's own handler keeps every pasted line; the form above must not see it."""
        event.stop()

    def action_new_line(self) -> None:
        start, end = self.selection
        self._replace_via_keyboard("\n", start, end)
