"""The room view (`cop room`): the live session for a second screen, read-only.

It reads the session again every half second from the database the facilitator's app
writes (an SQLite file or a PostgreSQL server), so it follows within a second; it never
writes, and says so. It waits for a session that has not started and tells when the one
it followed has ended.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Static

from facilitator.errors import SHOWN_ERRORS
from facilitator.vocabulary import TopicStatus
from facilitator.workspace import Workspace
from screens.big_clock import BigClock
from screens.failures import ReportsFailures, in_timer
from screens.format import literal, sentence

REFRESH_SECONDS = 0.5


class RoomScreen(ReportsFailures, Screen[None]):
    CSS_PATH = "room.tcss"
    BINDINGS = [Binding("escape,q", "app.quit", "Quit", id="room.quit")]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.following: str | None = None
        """The session shown last, so its end can be told."""

    def compose(self) -> ComposeResult:
        yield Static(id="banner")
        yield Static(id="part")
        yield BigClock(id="big")
        yield Static(id="now")
        with Horizontal(id="lists"):
            with Vertical(id="left"):
                yield Static(id="queue")
                yield Static(id="board")
            yield Static(id="takeaways")

    def on_mount(self) -> None:
        self.refresh_view()
        self.set_interval(REFRESH_SECONDS, in_timer(self, self.refresh_view))

    def refresh_view(self) -> None:
        from facilitator.services.room import RoomState, plain_line

        try:
            view = self.workspace.room_view(self.following)
        except SHOWN_ERRORS as error:
            self.query_one("#now", Static).update(sentence(str(error)))
            return
        banner = Text.assemble(
            ("ROOM VIEW", "bold reverse"),
            "  ·  read-only: this screen never changes anything  ·  ",
            literal(view.community),
        )
        self.query_one("#banner", Static).update(banner)
        self.query_one("#now", Static).update(literal(plain_line(view)))
        big = self.query_one("#big", BigClock)
        if view.state != RoomState.LIVE or view.reading is None:
            big.display = False
            self.query_one("#part", Static).update("")
            for name in ("queue", "board", "takeaways"):
                self.query_one(f"#{name}", Static).update("")
            return
        self.following = view.session_id
        reading = view.reading
        big.display = reading.started
        shown = reading.remaining_seconds
        title = Text.assemble((reading.part.name, "bold"))
        if view.talk is not None:
            shown = view.talk.minutes * 60 - reading.talk_elapsed_seconds
            title = Text.assemble(("Lightning talk  ", "bold"), literal(view.talk.presenter))
        elif view.subject is not None:
            shown = reading.topic_remaining_seconds
            title = Text.assemble(("Topic  ", "bold"), literal(view.subject.text))
        big.show(shown)
        self.query_one("#part", Static).update(title)
        self.query_one("#queue", Static).update(self._queue(view))
        self.query_one("#board", Static).update(self._board(view))
        self.query_one("#takeaways", Static).update(self._takeaways(view))

    @staticmethod
    def _queue(view) -> Text:
        text = Text("Talk queue\n", style="bold")
        if not view.queue:
            text.append("nobody waiting", style="dim")
        for number, talk in enumerate(view.queue, 1):
            text.append(f"{number}. ")
            text.append_text(literal(f"{talk.presenter} — {talk.title}"))
            text.append("\n")
        return text

    @staticmethod
    def _board(view) -> Text:
        board = view.board
        if board is None or not board.topics:
            return Text("")
        text = Text("Dialogue topics\n", style="bold")
        for topic in board.topics[:6]:
            mark = "▶ " if view.subject and topic.id == view.subject.id else ""
            done = " ✓ talked through" if topic.status == TopicStatus.DISCUSSED else ""
            text.append(f"{mark}{topic.votes} · ")
            text.append_text(literal(topic.text + done))
            text.append("\n")
        return text

    @staticmethod
    def _takeaways(view) -> Text:
        text = Text("Latest takeaways\n", style="bold")
        if not view.takeaways:
            text.append("none yet", style="dim")
        for item in view.takeaways:
            text.append(f"[{item.kind}] ")
            text.append_text(literal(item.text.splitlines()[0] if item.text else ""))
            text.append("\n")
        return text
