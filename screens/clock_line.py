"""One compact line with the live clock, for every dialog opened during a session.

A dialog covers part of the agenda; the facilitator must still see the time left (and a
running talk's time) while typing a takeaway or walking through commitments.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from facilitator.live_session import LiveSession, talk_seconds_left
from screens.failures import in_timer
from screens.format import clock_text, clock_words, late_words, literal

REPAINT_SECONDS = 0.5


class ClockLine(Static):
    DEFAULT_CSS = """
    ClockLine {
        height: 1;
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        color: $text-muted;
    }
    ClockLine.-overtime {
        color: $text;
        background: $error;
    }
    """

    def __init__(self, live: LiveSession, *, id: str | None = "clock-line") -> None:
        super().__init__(id=id)
        self.live = live

    def on_mount(self) -> None:
        self.repaint()
        self.set_interval(REPAINT_SECONDS, in_timer(self, self.repaint))

    def repaint(self) -> None:
        self.update(self.line())

    def line(self) -> Text:
        reading = self.live.reading()
        if not reading.started:
            return Text("⏱ the clock starts after check-in")
        left = reading.remaining_seconds
        shown = clock_words(left) if left <= 0 else clock_text(left)
        text = Text.assemble("⏱ ", (reading.part.name, "bold"), " ", (shown, "bold"))
        talk = self.live.running_talk(reading)
        if talk is not None:
            text.append("  ·  talk ")
            text.append(clock_text(talk_seconds_left(talk, reading)), style="bold")
            text.append(" ")
            text.append_text(literal(talk.presenter))
        if reading.topic_id is not None:
            text.append("  ·  topic ")
            text.append(clock_text(reading.topic_remaining_seconds), style="bold")
        if not reading.running:
            text.append("  ·  paused", style="bold")
        words, _ = late_words(reading.late_minutes)
        text.append(f"  ·  {words}")
        self.set_class(left <= 0, "-overtime")
        return text
