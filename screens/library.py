"""The library: search everything the community has learned, as you type.

Opened with `k` from home, and from a live session ("did we talk about this before?"),
where the agenda keeps running underneath: its clock is read from the stored events, so
nothing pauses while this screen is in front. The list holds the best 100 matches; the
pane beside it shows the highlighted entry whole (every line, literally), where it came
from, who said it and what came of it.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Select, Static

from facilitator.domain import LibraryEntry, LibraryResults
from facilitator.errors import SHOWN_ERRORS
from facilitator.live_session import LiveSession
from facilitator.services.library_curation import curation_summary
from facilitator.vocabulary import TakeawayKind
from facilitator.workspace import Workspace
from screens.failures import ReportsFailures
from screens.format import clipped, literal, sentence
from screens.key_bar import KeyBar
from screens.text_table import TextTable


class LibraryScreen(ReportsFailures, Screen[None]):
    CSS_PATH = "library.tcss"
    BINDINGS = [
        Binding("down", "to_results", "Results", show=False, id="library.results"),
        Binding("slash", "to_search", "Search", key_display="/", id="library.search"),
        Binding("enter", "open_session", "Its session", id="library.open"),
        Binding("l", "link", "Link to this session", id="library.link"),
        Binding("e", "curate", "Curate", id="library.curate"),
        Binding("v", "review_queue", "Review queue", id="library.queue"),
        Binding("y", "verify", "Verified today", id="library.verify"),
        Binding("escape", "back", "Back", id="library.back"),
    ]
    HELP_TITLE = "Library: type to search, ↓ to the results"

    def __init__(self, workspace: Workspace, live: LiveSession | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.live = live
        """In front of a live session: Enter shows the entry (it does not leave the agenda)
        and `l` links it to the session's discussion."""
        self.results = LibraryResults(entries=[], words=())

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="finder"):
            yield Input(
                placeholder="Search: words in any order, the start of a word is enough",
                id="query",
            )
            with Horizontal(id="filters"):
                yield Select(
                    [(kind.value, kind.value) for kind in TakeawayKind],
                    prompt="Every kind",
                    id="kind",
                )
                yield Select([], prompt="Every department", id="department")
        with Horizontal(id="library"):
            yield TextTable(id="entries", flex=("Takeaway",))
            with VerticalScroll(id="entry"):
                yield Static(id="entry-text")
        yield Static(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Library"
        departments = self.workspace.library_departments()
        self.query_one("#department", Select).set_options((d, d) for d in departments)
        self.query_one("#entries", DataTable).add_columns("Kind", "Takeaway", "When")
        self.search()
        self.query_one("#query", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.search()

    def on_select_changed(self, event: Select.Changed) -> None:
        self.search()

    def _choice(self, widget_id: str) -> str | None:
        value = self.query_one(widget_id, Select).value
        return None if value is Select.NULL else str(value)

    def search(self) -> None:
        """One query per change; the index answers in milliseconds, so no waiting."""
        try:
            results = self.workspace.library(
                self.query_one("#query", Input).value,
                kind=self._choice("#kind"),
                department=self._choice("#department"),
            )
        except SHOWN_ERRORS as error:
            self.say(sentence(str(error)), error=True)
            return
        self.fill(results)
        count = len(results.entries)
        if results.words:
            self.say(literal(f"{count} found" if count < 100 else "The best 100"))
        else:
            self.say(literal("The most recent" if count else "No takeaways yet"))

    def fill(self, results: LibraryResults) -> None:
        self.results = results
        table = self.query_one("#entries", DataTable)
        table.clear()
        for entry in self.results.entries:
            table.add_row(
                literal(entry.kind.value),
                clipped(entry.text, 200),
                literal(f"{entry.session_day:%Y-%m-%d}"),
                key=entry.id,
            )
        self.show(self.selected())

    def selected(self) -> LibraryEntry | None:
        table = self.query_one("#entries", DataTable)
        if not self.results.entries or table.cursor_row < 0:
            return None
        return self.results.entries[min(table.cursor_row, len(self.results.entries) - 1)]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show(self.selected())

    def show(self, entry: LibraryEntry | None) -> None:
        self.query_one("#entry-text", Static).update(describe(entry) if entry else "")
        self.refresh_bindings()  # "verified today" is offered for curated entries only
        self.query_one("#entry", VerticalScroll).scroll_home(animate=False)

    def say(self, message: Text, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.set_class(error, "-error")
        status.update(message)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_session":
            return self.live is None and self.query_one("#entries").has_focus
        if action == "link":
            return self.live is not None and self.selected() is not None
        if action == "curate":
            return self.selected() is not None and self.query_one("#entries").has_focus
        if action == "verify":
            entry = self.selected()
            return entry is not None and entry.curation is not None
        return True

    def action_link(self) -> None:
        entry = self.selected()
        if self.live is None or entry is None:
            return
        try:
            self.live.revisit(entry.id)
        except SHOWN_ERRORS as error:
            self.say(sentence(str(error)), error=True)
            return
        self.say(literal(f"Linked to this session's takeaways: {entry.text.splitlines()[0]}"))

    def action_curate(self) -> None:
        from screens.curation_form import CurationFormScreen

        entry = self.selected()
        if entry is None:
            return

        def saved(done: LibraryEntry | None) -> None:
            if done is None:
                return
            entries = [done if e.id == done.id else e for e in self.results.entries]
            self.results = LibraryResults(entries=entries, words=self.results.words)
            self.show(done)
            self.say(literal(f"Saved: {done.curation.title} ({done.curation.status.label})"))

        self.app.push_screen(CurationFormScreen(self.workspace, entry), saved)

    def action_review_queue(self) -> None:
        """The curated entries nobody verified in 90 days, never-verified first."""
        stale = self.workspace.library_stale()
        self.fill(LibraryResults(entries=stale, words=()))
        self.say(literal(f"Review queue: {len(stale)} not verified in 90 days (y: verified today)"))
        if stale:
            self.query_one("#entries", DataTable).focus()

    def action_verify(self) -> None:
        from screens.prompt import PromptScreen

        entry = self.selected()
        if entry is None or entry.curation is None:
            return
        names = [m.name for m in self.workspace.people()]

        def verified(answer: str | None) -> None:
            if not answer or not answer.strip():
                return
            try:
                done = self.workspace.verify_library_entry(entry.id, answer)
            except SHOWN_ERRORS as error:
                self.say(sentence(str(error)), error=True)
                return
            self.say(
                literal(f"Verified today by {done.curation.verified_by}: {done.curation.title}")
            )
            self.show(done)

        self.app.push_screen(
            PromptScreen("Who checked that it still works? (→ completes)", "", names), verified
        )

    def action_to_results(self) -> None:
        """↓ from the search box goes to the results (the list moves its own cursor)."""
        if self.results.entries:
            self.query_one("#entries", DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on an entry: the list consumes the key, so it arrives as a selection."""
        if self.live is None:
            self.action_open_session()

    def action_to_search(self) -> None:
        self.query_one("#query", Input).focus()

    def action_open_session(self) -> None:
        from screens.history import HistoryScreen

        entry = self.selected()
        if entry is not None:
            self.app.push_screen(HistoryScreen(self.workspace, entry.session_id))

    def action_back(self) -> None:
        self.dismiss(None)


def describe(entry: LibraryEntry) -> Text:
    """The whole entry: its text as typed (matched words marked) and where it came from."""
    body = Text(entry.text)
    for start, end in entry.matched:
        body.stylize("bold reverse", start, end)
    where = f"{entry.session_day:%a %d %b %Y}"
    if entry.topic:
        where += f" · {entry.topic}"
    who = entry.author or "someone"
    if entry.department:
        who += f" ({entry.department})"
    heading = Text(entry.kind.value.capitalize(), style="bold")
    if entry.curation:
        c = entry.curation
        heading = Text.assemble(
            heading, " · ", literal(c.title), (f"  ({c.status.label})", "magenta")
        )
    parts = [
        heading,
        Text("\n"),
        body,
        Text("\n\n"),
        Text(f"From {where}\nSaid by {who}", style="dim"),
    ]
    if entry.curation:
        parts.append(Text("\n") + literal(curation_summary(entry.curation)))
    if entry.tried:
        parts.append(Text(f"\n\nTried by {entry.tried}, worked for {entry.worked}", style="bold"))
        for note in entry.notes:
            parts.append(Text("\n  “") + literal(note) + Text("”"))
    else:
        parts.append(Text("\n\nNobody has made it a commitment yet.", style="dim"))
    return Text.assemble(*parts)
