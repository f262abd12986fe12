"""The lightning-talk queue: sign someone up, reorder, run a talk's timer, mark how it went."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from facilitator.domain import Talk
from facilitator.errors import SHOWN_ERRORS
from facilitator.live_session import LiveSession
from facilitator.vocabulary import TalkStatus
from facilitator.workspace import Workspace
from screens.clock_line import ClockLine
from screens.failures import ReportsFailures
from screens.format import literal, sentence
from screens.key_bar import KeyBar
from screens.talk_form import TalkFormScreen
from screens.text_table import DetailLine, TextTable

STATUS_STYLE = {
    TalkStatus.RUNNING: "bold reverse",
    TalkStatus.GIVEN: "green",
    TalkStatus.SKIPPED: "yellow",
    TalkStatus.WITHDRAWN: "dim",
}


class TalksScreen(ReportsFailures, ModalScreen[None]):
    CSS_PATH = "talks.tcss"
    BINDINGS = [
        Binding("a", "add", "Sign up", id="talks.add"),
        Binding("enter", "start", "Start", id="talks.start"),
        Binding("g", "finish('given')", "Given", id="talks.given"),
        Binding("s", "finish('skipped')", "Skipped", id="talks.skipped"),
        Binding("w", "finish('withdrawn')", "Withdrawn", id="talks.withdrawn"),
        Binding("u", "finish('queued')", "Requeue", show=False, id="talks.requeue"),
        Binding("shift+up,K", "move(-1)", "Move up", key_display="⇧↑", id="talks.up"),
        Binding("shift+down,J", "move(1)", "Move down", key_display="⇧↓", id="talks.down"),
        Binding("escape", "close", "Close", id="talks.close"),
    ]

    def __init__(self, workspace: Workspace, live: LiveSession) -> None:
        super().__init__()
        self.workspace = workspace
        self.live = live
        self.items: list[Talk] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="talks"):
            yield ClockLine(self.live)
            yield Label("Lightning talks", id="title")
            yield TextTable(id="queue", flex=("Presenter", "Title"), detail="talk-detail")
            yield DetailLine(id="talk-detail")
            yield Static(id="hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns("#", "Presenter", "Title", "Min", "Status")
        self.reload()

    def reload(self, keep: str | None = None) -> None:
        table = self.query_one(DataTable)
        keep = keep or (self._current().id if self._current() else None)
        self.items = self.live.talks()
        table.clear()
        for n, talk in enumerate(self.items, start=1):
            status = talk.status.replace("_", " ")
            if talk.rolled_over and talk.status == TalkStatus.QUEUED:
                status = "queued (rolled over)"
            table.add_row(
                literal(n),
                literal(talk.presenter),
                literal(talk.title),
                literal(talk.minutes),
                Text(status, STATUS_STYLE.get(talk.status, "")),
                key=talk.id,
            )
            if talk.id == keep:
                table.move_cursor(row=n - 1)
        hint = "Talks run during Practice sharing: enter starts the highlighted one."
        if not self.items:
            hint = "No talks yet: press a to sign someone up."
        self.query_one("#hint", Static).update(hint)

    def _current(self) -> Talk | None:
        table = self.query_one(DataTable)
        if not self.items or table.cursor_row < 0:
            return None
        return self.items[min(table.cursor_row, len(self.items) - 1)]

    def _try(self, change: Callable[[], object], done: str | None = None) -> None:
        try:
            change()
        except SHOWN_ERRORS as error:
            self.notify(str(sentence(str(error))), severity="warning")
            return
        if done:
            self.notify(done)
        self.reload()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_start()

    def action_start(self) -> None:
        talk = self._current()
        if talk is not None:
            self._try(lambda: self.live.start_talk(talk.id), f"Talk started: {talk.title}")

    def action_finish(self, status: str) -> None:
        talk = self._current()
        if talk is not None:
            self._try(lambda: self.live.finish_talk(talk.id, status))

    def action_move(self, offset: int) -> None:
        talk = self._current()
        if talk is not None:
            self.live.move_talk(talk.id, offset)
            self.reload(keep=talk.id)

    def action_add(self) -> None:
        names = [m.name for m in self.workspace.people()]

        def added(talk: Talk | None) -> None:
            if talk is not None:
                self.reload(keep=talk.id)
                self.notify(f"{talk.presenter} signed up: {talk.title}")

        self.app.push_screen(TalkFormScreen(names, self.live.add_talk), added)

    def action_close(self) -> None:
        self.dismiss(None)
