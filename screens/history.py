"""Past sessions: read a summary (rendered from its Markdown export), save it, publish it.

Also where the facilitator lands after ending a session, so the notes go out while the
room is still there. Publishing talks to Confluence in a worker thread; the screen says
where the summary went (a path or the page's address) once it is done.

The list holds a page of sessions at a time and reads the next page when the cursor
reaches its end, so years of history open as fast as a month. The summary is drawn by
Rich's Markdown renderer into one scrolling widget: Textual's Markdown widget mounts a
widget per block and took about half a second per summary, on every ↑/↓.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from facilitator.domain import SessionSummary
from facilitator.vocabulary import PostSubject
from facilitator.workspace import Workspace
from screens.chat_posts import PostsToChat
from screens.failures import ReportsFailures
from screens.format import literal
from screens.key_bar import KeyBar
from screens.publishing import SavesAndPublishes
from screens.text_table import TextTable

PAGE = 50
"""Sessions read at a time; the next page is read when the cursor reaches the last row."""


class HistoryScreen(PostsToChat, SavesAndPublishes, ReportsFailures, Screen[None]):
    CSS_PATH = "history.tcss"
    BINDINGS = [
        Binding("x", "export", "Save as Markdown", id="history.export"),
        Binding("p", "publish", "Publish to Confluence", id="history.publish"),
        Binding("c", "post", "Post summary to chat", id="history.post"),
        Binding(
            "space,pagedown",
            "scroll_summary(1)",
            "Read on",
            key_display="space",
            priority=True,
            id="history.read_on",
        ),
        Binding("pageup", "scroll_summary(-1)", "Read back", priority=True, id="history.read_back"),
        Binding("end", "summary_edge(1)", "End of summary", show=False, priority=True),
        Binding("home", "summary_edge(0)", "Top of summary", show=False, priority=True),
        Binding("escape", "back", "Back", id="history.back"),
    ]
    HELP_TITLE = "History: ↑/↓ choose a session"

    def __init__(self, workspace: Workspace, session_id: str | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.wanted = session_id
        self.sessions: list[SessionSummary] = []
        self.total = 0
        """How many ended sessions there are; `sessions` holds the pages read so far."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="history"):
            yield TextTable(id="sessions", flex=("Topic",))
            with VerticalScroll(id="summary"):
                yield Static(id="summary-text")
        yield Static(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "History"
        table = self.query_one("#sessions", DataTable)
        table.add_columns("When", "Topic")
        self.read_page()
        if not self.sessions:
            self.show_summary("No session has ended yet. Summaries appear here once one has.")
            return
        self.refresh_bindings()
        ids = [s.id for s in self.sessions]
        table.move_cursor(row=ids.index(self.wanted) if self.wanted in ids else 0)
        table.focus()

    def read_page(self) -> None:
        """Add the next page of sessions to the list."""
        page, self.total = self.workspace.ended_sessions(len(self.sessions), PAGE)
        table = self.query_one("#sessions", DataTable)
        for session in page:
            table.add_row(
                literal(f"{session.scheduled_at:%Y-%m-%d}"),
                literal(session.topic or "—"),
                key=session.id,
            )
        self.sessions.extend(page)

    def show_summary(self, markdown: str) -> None:
        from rich.markdown import Markdown

        self.query_one("#summary-text", Static).update(Markdown(markdown))
        self.query_one("#summary", VerticalScroll).scroll_home(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """With no ended session there is nothing to save, publish or read: hide those keys."""
        if action in ("export", "publish", "post", "scroll_summary", "summary_edge"):
            return bool(self.sessions)
        return True

    def action_scroll_summary(self, pages: int) -> None:
        """The summary scrolls from the keyboard while ↑/↓ keep choosing the session."""
        summary = self.query_one("#summary", VerticalScroll)
        if pages > 0:
            summary.scroll_page_down(animate=False)
        else:
            summary.scroll_page_up(animate=False)

    def action_summary_edge(self, end: int) -> None:
        summary = self.query_one("#summary", VerticalScroll)
        if end:
            summary.scroll_end(animate=False)
        else:
            summary.scroll_home(animate=False)

    def selected(self) -> SessionSummary | None:
        table = self.query_one("#sessions", DataTable)
        if not self.sessions or table.cursor_row < 0:
            return None
        return self.sessions[min(table.cursor_row, len(self.sessions) - 1)]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        session = self.selected()
        if session is None:
            return
        self.show_summary(self.workspace.summary_markdown(session.id))
        if event.cursor_row == len(self.sessions) - 1 and len(self.sessions) < self.total:
            self.read_page()

    def action_export(self) -> None:
        session = self.selected()
        if session is None:
            return
        self.ask_and_save(
            "Save the summary as Markdown to (enter keeps the default):",
            self.workspace.default_export_path(session.id),
            lambda path: self.workspace.export_markdown(session.id, path),
        )

    def action_publish(self) -> None:
        session = self.selected()
        if session is not None:
            self.start_publishing("the summary", lambda: self.workspace.publish(session.id))

    def action_post(self) -> None:
        session = self.selected()
        if session is not None:
            self.choose_channel_and_post(PostSubject.SUMMARY, session.id)

    def palette_commands(self) -> list:
        """ "Post summary to NAME" for each of the community's chat channels."""
        session = self.selected()
        if session is None:
            return []
        return self.chat_commands(PostSubject.SUMMARY, "Post summary", session.id)

    def action_back(self) -> None:
        self.app.pop_screen()
