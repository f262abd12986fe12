"""The opening check-in: what happened with last time's commitments, one key per outcome.

Shown over the agenda after check-in (and with f at any time); the clock keeps running
behind it. Each outcome is stored with the host as reviewer and this session as the place
it was reviewed, so it appears in this session's summary and exports.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Label, Static

from facilitator.domain import FollowUpItem
from facilitator.errors import SHOWN_ERRORS
from facilitator.live_session import LiveSession
from facilitator.vocabulary import Outcome
from screens.clock_line import ClockLine
from screens.failures import ReportsFailures
from screens.format import literal, sentence
from screens.text_table import DetailLine, TextTable
from screens.undo import LastMarks, take_back, undo_binding, undo_hint

OUTCOME_KEYS = {
    "d": (Outcome.DONE, "Done"),
    "p": (Outcome.PARTLY, "Partly"),
    "n": (Outcome.NOT_TRIED, "Not tried"),
    "x": (Outcome.DROPPED, "Dropped"),
    "c": (Outcome.CARRIED, "Carry over"),
}


class FollowUpScreen(ReportsFailures, ModalScreen[None]):
    CSS_PATH = "follow_up.tcss"
    BINDINGS = [
        *(
            Binding(key, f"mark('{outcome}')", label, id=f"follow_up.{outcome}")
            for key, (outcome, label) in OUTCOME_KEYS.items()
        ),
        undo_binding("follow_up"),
        Binding("tab", "note", "Note", show=False, id="follow_up.note"),
        Binding("escape", "done", "Done", id="follow_up.done"),
    ]

    def __init__(self, live: LiveSession, today: date) -> None:
        super().__init__()
        self.live = live
        self.today = today
        self.items: list[FollowUpItem] = []
        self.reviewed = 0
        self.last_marks: LastMarks | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="follow-up"):
            yield ClockLine(self.live)
            yield Label("Last time's commitments: what happened?", id="title")
            yield TextTable(id="open", flex=("Try this week",), detail="open-detail")
            yield DetailLine(id="open-detail")
            yield Input(placeholder="Learning note, optional (tab; enter goes back)", id="note")
            yield Static(id="message")
            yield Static(
                Text(
                    "d done · p partly · n not tried · x dropped · c carry over · u undo · "
                    "esc done",
                    style="dim",
                ),
                id="keys",
            )

    def on_mount(self) -> None:
        table = self.query_one("#open", DataTable)
        table.add_columns("Who", "Try this week", "Due", "Carried")
        self.reload()
        table.focus()

    def reload(self) -> None:
        self.items = self.live.open_follow_ups(self.today)
        table = self.query_one("#open", DataTable)
        row = table.cursor_row
        table.clear()
        for item in self.items:
            due = f"{item.due_on:%d %b}" + (" late" if item.overdue else "")
            table.add_row(
                literal(item.owner),
                literal(item.text),
                literal(due),
                literal(f"{item.carries}×" if item.carries else ""),
                key=item.id,
            )
        if self.items:
            table.move_cursor(row=min(max(row, 0), len(self.items) - 1))
        else:
            self.say(Text(f"All reviewed ({self.reviewed} this time). esc goes back.", "green"))

    def say(self, message: Text) -> None:
        self.query_one("#message", Static).update(message)

    def action_mark(self, outcome: str) -> None:
        table = self.query_one("#open", DataTable)
        if not self.items or table.cursor_row < 0:
            return
        item = self.items[min(table.cursor_row, len(self.items) - 1)]
        note_field = self.query_one("#note", Input)
        try:
            result = self.live.review(item.id, outcome, note_field.value)
        except SHOWN_ERRORS as error:
            self.say(sentence(str(error)))
            return
        note_field.value = ""
        self.reviewed += 1
        self.last_marks = LastMarks.after([result.review_id], self.live.time.now())
        words = f"{result.owner}: {outcome.replace('_', ' ')}"
        if result.successor_id:
            words += f", carried to {result.successor_due:%d %b}"
        if result.suggestion:
            words += f" ({result.suggestion})"
        self.reload()
        if self.items:
            self.say(literal(words))
        self.notify(f"{words} — {undo_hint()}.")

    def action_undo(self) -> None:
        done, words = take_back(self.last_marks, self.live.time.now(), self.live.undo_reviews)
        if done:
            self.reviewed -= len(self.last_marks.review_ids)
            self.last_marks = None
            self.reload()
        self.say(literal(words))

    def action_note(self) -> None:
        self.query_one("#note", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one("#open", DataTable).focus()

    def action_done(self) -> None:
        if self.focused is self.query_one("#note", Input):
            self.query_one("#open", DataTable).focus()
            return
        self.dismiss(None)
