"""Capture or edit a takeaway: the text, who said it (type-ahead), and its kind."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Select, Static

from facilitator.domain import TakeawayItem
from facilitator.errors import SHOWN_ERRORS
from facilitator.live_session import LiveSession
from facilitator.vocabulary import TakeawayKind
from screens.clock_line import ClockLine
from screens.drafts import DraftForm
from screens.format import sentence
from screens.note_area import NoteArea


class TakeawayFormScreen(DraftForm[TakeawayItem]):
    """Saves here (not in the caller) so a refusal is shown with the text still typed;
    dismisses with the stored takeaway only after it is committed."""

    CSS_PATH = "takeaway_form.tcss"
    DRAFT_FIELDS = ("text", "author", "kind")
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="takeaway.cancel"),
        Binding("ctrl+s", "save", "Save", id="takeaway.save"),
    ]

    def __init__(
        self, live: LiveSession, names: list[str], item: TakeawayItem | None = None
    ) -> None:
        super().__init__(live, f"takeaway:{item.id}" if item else "takeaway")
        self.names = names
        self.item = item

    def compose(self) -> ComposeResult:
        item = self.item
        with Vertical(id="form"):
            yield ClockLine(self.live)
            yield Label("Edit takeaway" if item else "New takeaway", id="title")
            yield NoteArea(
                item.text if item else "",
                placeholder="What did we learn? (enter saves, ctrl+j new line)",
                id="text",
            )
            with Horizontal(id="row"):
                yield Input(
                    item.author or "" if item else "",
                    placeholder="Who (optional; → completes)",
                    suggester=SuggestFromList(self.names, case_sensitive=False),
                    id="author",
                )
                yield Select(
                    [(kind.value, kind) for kind in TakeawayKind],
                    value=item.kind if item else TakeawayKind.TIP,
                    allow_blank=False,
                    id="kind",
                )
            yield Static(id="error")

    def on_mount(self) -> None:
        self.restore_draft()
        self.query_one("#text", NoteArea).focus()

    def action_save(self) -> None:
        text = self.query_one("#text", NoteArea).value
        author = self.query_one("#author", Input).value
        kind = str(self.query_one("#kind", Select).value)
        try:
            if self.item is None:
                saved = self.live.add_takeaway(text, kind, author or None)
            else:
                saved = self.live.edit_takeaway(self.item.id, text, kind, author or None)
        except SHOWN_ERRORS as error:
            self.query_one("#error", Static).update(sentence(str(error)))
            return
        self.discard_draft()
        self.dismiss(saved)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def on_note_area_submitted(self, event: NoteArea.Submitted) -> None:
        self.action_save()

    def action_cancel(self) -> None:
        """Close without saving; anything typed is kept as a draft for next time."""
        self.close_keeping_draft()
