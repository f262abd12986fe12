"""The Dialogue topic board (Lean Coffee), reached with `d` during Dialogue.

The facilitator enters the room's dot votes (`+`/`-` on the selected topic; each person
present has the community's dots), and `enter` starts the most voted topic with its own
timebox on the big clock. At zero the room decides: `y` goes on for a shorter timebox, `n`
moves on to the next topic. Every vote, topic and timebox is stored before it is shown,
and the countdown is read from the stored events, so a kill in the middle of a topic
reopens on the same topic with the time it had left.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, Static

from exporters.text import topic_minutes
from facilitator.agenda_clock import ClockReading
from facilitator.domain import Topic, TopicBoard
from facilitator.errors import SHOWN_ERRORS
from facilitator.live_session import LiveSession, shorter_timebox
from facilitator.vocabulary import TopicStatus, plural
from screens.clock_line import REPAINT_SECONDS, ClockLine
from screens.failures import ReportsFailures, in_timer
from screens.format import clock_text, literal, sentence
from screens.text_table import TextTable


def votes_line(board: TopicBoard) -> Text:
    """ "votes cast 7 of 12": the dots used and the room's dots (present × per person)."""
    text = Text.assemble(("votes cast ", "bold"), (f"{board.votes_cast} of {board.dots}", "bold"))
    if board.dots and board.votes_cast >= board.dots:
        text.append("  ·  every dot is used", style="bold")
    text.append(f"  ·  {board.dots_per_person} per person present", style="dim")
    return text


def state_of(topic: Topic, reading: ClockReading) -> str:
    if topic.id == reading.topic_id:
        left = reading.topic_remaining_seconds
        return f"▶ {clock_text(left)}" + (" over" if left < 0 else " left")
    if topic.status == TopicStatus.DISCUSSED:
        return f"✓ {topic_minutes(topic.seconds)} min"
    return "rolled over" if topic.carried else ""


class TopicBoardScreen(ReportsFailures, ModalScreen[None]):
    CSS_PATH = "topic_board.tcss"
    BINDINGS = [
        Binding("a", "add", "Add topic", id="topics.add"),
        Binding("plus,equals_sign", "vote(1)", "+ vote", key_display="+", id="topics.vote"),
        Binding("minus", "vote(-1)", "- vote", key_display="-", id="topics.unvote"),
        Binding("enter", "start", "Start most voted", priority=True, id="topics.start"),
        Binding("y", "go_on", "Go on", id="topics.go_on"),
        Binding("n", "move_on", "Move on", id="topics.move_on"),
        Binding("escape", "done", "Done", id="topics.done"),
    ]

    def __init__(self, live: LiveSession) -> None:
        super().__init__()
        self.live = live
        self.board: TopicBoard | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield ClockLine(self.live)
            yield Label(Text("Dialogue topics, most voted first", style="bold"), id="heading")
            yield Static(id="votes")
            yield TextTable(id="topics", flex=("Topic",))
            yield Static(id="running")
            yield Static(id="error")
            yield Static(
                Text(
                    "a add · +/- vote · enter start the most voted · at zero: y go on, "
                    "n move on · esc done",
                    style="dim",
                ),
                id="keys",
            )

    def on_mount(self) -> None:
        table = self.query_one("#topics", DataTable)
        table.add_columns("Votes", "Topic", "By", "")
        self.reload()
        table.focus()
        self.set_interval(REPAINT_SECONDS, in_timer(self, self.repaint))

    def reload(self, keep: str | None = None) -> None:
        """Read the board again, keeping the cursor on `keep` (a topic id) if given."""
        try:
            self.board = self.live.topic_board()
        except SHOWN_ERRORS as error:
            self.say(sentence(str(error)))
            return
        table = self.query_one("#topics", DataTable)
        wanted = keep or self.selected_id()
        table.clear()
        reading = self.live.reading()
        for topic in self.board.topics:
            table.add_row(
                str(topic.votes),
                literal(topic.text),
                literal(topic.proposed_by or ""),
                state_of(topic, reading),
                key=topic.id,
            )
        ids = [t.id for t in self.board.topics]
        if wanted in ids:
            table.move_cursor(row=ids.index(wanted))
        self.query_one("#votes", Static).update(votes_line(self.board))
        self.repaint()

    def repaint(self) -> None:
        """The running topic's countdown, read from the stored events."""
        reading = self.live.reading()
        topic = self.live.running_topic(reading)
        running = self.query_one("#running", Static)
        if topic is None:
            waiting = self.board.next_topic if self.board else None
            running.update(
                Text.assemble("Next: ", literal(waiting.text), ("  enter starts it", "dim"))
                if waiting
                else Text("No topic waiting: a adds one.", style="dim")
            )
            running.set_class(False, "-over")
            return
        left = reading.topic_remaining_seconds
        line = Text.assemble(("Talking: ", "bold"), literal(topic.text), "  ")
        if left > 0:
            line.append(f"{clock_text(left)} left", style="bold")
        else:
            go_on = shorter_timebox(self.live.last_timebox(topic.id))
            line.append(f"TIME'S UP {clock_text(left)}", style="bold reverse")
            line.append(f"  ·  y go on ({go_on // 60} min) · n move on")
        running.update(line)
        running.set_class(left <= 0, "-over")

    def selected_id(self) -> str | None:
        table = self.query_one("#topics", DataTable)
        if not self.board or not self.board.topics or table.cursor_row < 0:
            return None
        return self.board.topics[min(table.cursor_row, len(self.board.topics) - 1)].id

    def say(self, message: Text | str) -> None:
        self.query_one("#error", Static).update(message)

    def _do(self, change, keep: str | None = None) -> bool:
        try:
            change()
        except SHOWN_ERRORS as error:
            self.say(sentence(str(error)))
            return False
        self.say("")
        self.reload(keep)
        return True

    def action_add(self) -> None:
        from screens.prompt import PromptScreen

        def answer(text: str | None) -> None:
            if text and text.strip():
                self._do(lambda: self.live.add_topic(text))

        self.app.push_screen(PromptScreen("A topic for Dialogue:", "one line"), answer)

    def action_vote(self, delta: int) -> None:
        topic_id = self.selected_id()
        if topic_id is not None:
            self._do(lambda: self.live.vote_topic(topic_id, delta), keep=topic_id)

    def action_start(self) -> None:
        started: list[Topic] = []
        if self._do(lambda: started.append(self.live.start_next_topic())):
            minutes = self.live.reading().topic_budget_seconds // 60
            self.notify(f"{started[0].text}: {plural(minutes, 'minute')}")

    def action_go_on(self) -> None:
        added: list[int] = []
        if self._do(lambda: added.append(self.live.continue_topic())):
            self.notify(f"Going on: {plural(added[0] // 60, 'minute')} more")

    def action_move_on(self) -> None:
        following: list[Topic | None] = []
        if self._do(lambda: following.append(self.live.move_on())):
            topic = following[0]
            self.notify(f"Next: {topic.text}" if topic else "Topic done; none started")

    def action_done(self) -> None:
        self.dismiss(None)
