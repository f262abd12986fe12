"""Curate a library entry from the app (`e` on the library): title, tags, the tool and
model it was tested with, its owner and status. The first save promotes the takeaway to a
curated entry; the same rules as `cop library edit` apply."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from facilitator.domain import LibraryEntry
from facilitator.errors import SHOWN_ERRORS
from facilitator.services.library_curation import EntryFields
from facilitator.vocabulary import LibraryStatus
from facilitator.workspace import Workspace
from screens.failures import ReportsFailures
from screens.format import sentence


class CurationFormScreen(ReportsFailures, ModalScreen[LibraryEntry]):
    CSS_PATH = "curation_form.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="curation.cancel"),
        Binding("ctrl+s", "save", "Save", id="curation.save"),
    ]

    def __init__(self, workspace: Workspace, entry: LibraryEntry) -> None:
        super().__init__()
        self.workspace = workspace
        self.entry = entry

    def compose(self) -> ComposeResult:
        c = self.entry.curation
        first_line = self.entry.text.strip().splitlines()[0] if self.entry.text.strip() else ""
        with Vertical(id="form"):
            yield Label("Curate this entry", id="title")
            yield Label("Title")
            yield Input(c.title if c else first_line[:120], id="entry-title")
            yield Label("Tags (comma-separated)")
            yield Input(", ".join(c.tags) if c else "", id="tags")
            yield Label("Tested with: tool, then model")
            yield Input((c.tool or "") if c else "", placeholder="tool", id="tool")
            yield Input((c.model or "") if c else "", placeholder="model", id="model")
            yield Label("Owner (a member's name)")
            yield Input((c.owner or "") if c else "", id="owner")
            yield Label("Status")
            yield Select(
                [(s.label, s.value) for s in LibraryStatus],
                value=(c.status if c else LibraryStatus.DRAFT).value,
                allow_blank=False,
                id="status",
            )
            yield Static("ctrl+s saves · tab moves · esc cancels", id="hint")
            yield Static(id="error")

    def on_mount(self) -> None:
        self.query_one("#entry-title", Input).focus()

    def action_save(self) -> None:
        def value(widget_id: str) -> str:
            return self.query_one(widget_id, Input).value

        fields = EntryFields(
            title=value("#entry-title"),
            tags=value("#tags"),
            tool=value("#tool"),
            model=value("#model"),
            owner=value("#owner"),
            status=str(self.query_one("#status", Select).value),
        )
        try:
            saved = self.workspace.curate_library_entry(self.entry.id, fields)
        except SHOWN_ERRORS as error:
            self.query_one("#error", Static).update(sentence(str(error)))
            return
        self.dismiss(saved)

    def action_cancel(self) -> None:
        self.dismiss(None)
