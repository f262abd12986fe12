"""Presentation mode (`z` in the live session): the countdown for the back row.

The clock fills the terminal and scales with it; the part, the next part and one status
line (late or early, a talk running) stay readable at a distance. While a lightning talk
runs, its own countdown is the big one. It reads the same stored events as the agenda.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from facilitator.agenda_clock import ClockReading
from facilitator.live_session import LiveSession, talk_seconds_left
from screens.big_clock import BigClock
from screens.clock_state import SPACE_ACTIONS, ClockState
from screens.failures import ReportsFailures, in_timer
from screens.format import clock_text, clock_words, late_words, literal, minutes
from screens.key_bar import KeyBar

REPAINT_SECONDS = 0.5


class PresentationScreen(ReportsFailures, Screen[None]):
    CSS_PATH = "presentation.tcss"
    CLOCK_FILLS_WIDTH = True
    """Help opens below the clock here, not beside it."""
    BINDINGS = [
        Binding("z,escape", "back", "Back to the agenda", id="presentation.back"),
        Binding("space", "pause", "Pause", id="presentation.pause"),
        Binding("space", "resume", "Resume", id="presentation.resume"),
        Binding("space", "start_clock", "Start", id="presentation.start_clock"),
        Binding("n", "agenda('next')", "Next part", id="presentation.next"),
        Binding("b", "agenda('back')", "Back a part", id="presentation.back_part"),
    ]

    def __init__(self, live: LiveSession, agenda) -> None:
        super().__init__()
        self.live = live
        self.agenda = agenda
        """The agenda screen below: space, n and b act through it, as they would there."""
        self.clock_state = ClockState.IDLE

    def compose(self) -> ComposeResult:
        with Vertical(id="stage"):
            yield Static(id="part")
            yield BigClock(id="big")
            yield Static(id="next")
            yield Static(id="status")
        yield KeyBar(palette=False)

    def on_mount(self) -> None:
        self.paint()
        self.set_interval(REPAINT_SECONDS, in_timer(self, self.paint))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in SPACE_ACTIONS:
            return SPACE_ACTIONS[action] == self.clock_state
        return True

    def paint(self) -> None:
        reading = self.live.reading()
        state = ClockState.of(reading)
        if state != self.clock_state:
            self.clock_state = state
            self.refresh_bindings()
        talk = self.live.running_talk(reading)
        topic = self.live.running_topic(reading)
        if talk is not None:
            self.query_one("#big", BigClock).show(talk_seconds_left(talk, reading))
            title = Text.assemble(("Lightning talk  ", "bold"), literal(talk.presenter))
        elif topic is not None:
            left = reading.topic_remaining_seconds
            self.query_one("#big", BigClock).show(left)
            title = Text.assemble(("Topic  ", "bold"), literal(topic.text))
            if left <= 0:
                title.append("  ·  TIME'S UP: go on or move on?", style="bold reverse")
        else:
            self.query_one("#big", BigClock).show(reading.remaining_seconds)
            part = reading.part
            title = Text.assemble((part.name, "bold"), f"  ·  {minutes(part.budget_seconds)}")
        if state == ClockState.PAUSED:
            title.append("  ·  PAUSED", style="bold reverse")
        words = clock_words(self.query_one("#big", BigClock).seconds_left)
        if reading.started and words:  # the clock's colour, said in words
            title.append(f"  ·  {words}", style="bold")
        self.query_one("#part", Static).update(title)
        self.query_one("#next", Static).update(self._next_line(reading, talk))
        self.query_one("#status", Static).update(self._status(reading, talk))

    def _next_line(self, reading: ClockReading, talk) -> Text:
        if talk is None and reading.topic_id is not None:
            return Text(
                f"({reading.part.name}: {clock_text(reading.remaining_seconds)} left)", style="dim"
            )
        if talk is not None:
            return Text.assemble(
                literal(talk.title),
                (f"   ({reading.part.name}: {clock_text(reading.remaining_seconds)} left)", "dim"),
            )
        if reading.is_last_part:
            return Text("Next: the closing", style="dim")
        after = reading.parts[reading.current + 1]
        return Text(f"Next: {after.name} · {minutes(after.budget_seconds)}", style="dim")

    def _status(self, reading: ClockReading, talk) -> Text:
        if not reading.started:
            return Text("The clock starts after check-in.")
        words, style = late_words(reading.late_minutes)
        status = Text.assemble((words, style))
        if not reading.running:
            status = Text.assemble(("PAUSED", "bold reverse"), " · space resumes · ", status)
        if talk is not None:
            status.append("  ·  talk running")
        return status

    def action_pause(self) -> None:
        self.action_agenda("pause")

    action_resume = action_pause
    action_start_clock = action_pause

    def action_agenda(self, action: str) -> None:
        getattr(self.agenda, f"action_{action}")()
        self.paint()

    def action_back(self) -> None:
        self.app.pop_screen()
