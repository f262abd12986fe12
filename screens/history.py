"""Past sessions: read a summary (rendered from its Markdown export), save it, publish it.

Also where the facilitator lands after ending a session, so the notes go out while the
room is still there. Publishing talks to Confluence in a worker thread; the screen says
where the summary went (a path or the page's address) once it is done.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Markdown, Static

from facilitator.domain import SessionSummary
from facilitator.errors import CopError
from facilitator.workspace import Workspace
from screens.format import literal, sentence


class HistoryScreen(Screen[None]):
    CSS_PATH = "history.tcss"
    BINDINGS = [
        Binding("x", "export", "Save as Markdown", id="history.export"),
        Binding("p", "publish", "Publish to Confluence", id="history.publish"),
        Binding("escape", "back", "Back", id="history.back"),
    ]

    def __init__(self, workspace: Workspace, session_id: str | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.wanted = session_id
        self.sessions: list[SessionSummary] = []
        self.publishing = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="history"):
            yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
            yield Markdown(id="summary")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "History"
        table = self.query_one("#sessions", DataTable)
        table.add_columns("When", "Topic")
        self.sessions = self.workspace.ended_sessions()
        for session in self.sessions:
            table.add_row(
                literal(f"{session.scheduled_at:%Y-%m-%d}"),
                literal(session.topic or "—"),
                key=session.id,
            )
        if not self.sessions:
            self.query_one("#summary", Markdown).update(
                "No session has ended yet. Summaries appear here once one has."
            )
            return
        ids = [s.id for s in self.sessions]
        table.move_cursor(row=ids.index(self.wanted) if self.wanted in ids else 0)
        table.focus()

    def selected(self) -> SessionSummary | None:
        table = self.query_one("#sessions", DataTable)
        if not self.sessions or table.cursor_row < 0:
            return None
        return self.sessions[min(table.cursor_row, len(self.sessions) - 1)]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        session = self.selected()
        if session is not None:
            self.query_one("#summary", Markdown).update(self.workspace.summary_markdown(session.id))

    def say(self, message: Text | str, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.set_class(error, "-error")
        status.update(message)

    def action_export(self) -> None:
        from screens.prompt import PromptScreen

        session = self.selected()
        if session is None:
            return
        default = self.workspace.default_export_path(session.id)

        def save(answer: str | None) -> None:
            if answer is None:
                return
            path = Path(answer.strip() or default).expanduser()
            try:
                changed = self.workspace.export_markdown(session.id, path)
            except CopError as error:
                self.say(sentence(str(error)), error=True)
                return
            self.say(literal(f"Saved to {path}" if changed else f"{path} was already up to date"))

        self.app.push_screen(
            PromptScreen(
                "Save the summary as Markdown to (enter keeps the default):", str(default)
            ),
            save,
        )

    def action_publish(self) -> None:
        session = self.selected()
        if session is None or self.publishing:
            return
        self.publishing = True
        self.say(literal("Publishing to Confluence…"))
        self.publish(session.id)

    @work(thread=True, exclusive=True, group="publish")
    def publish(self, session_id: str) -> None:
        try:
            result = self.workspace.publish(session_id)
        except CopError as error:
            self.app.call_from_thread(self.published, sentence(str(error)), True)
            return
        words = {"created": "Published", "updated": "Updated", "unchanged": "Already up to date"}
        message = f"{words[result.outcome]}: {result.url} (copy in {result.local_file})"
        self.app.call_from_thread(self.published, literal(message), False)

    def published(self, message: Text, error: bool) -> None:
        self.publishing = False
        self.say(message, error)

    def action_back(self) -> None:
        self.app.pop_screen()
