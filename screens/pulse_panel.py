"""The pulse at Handoff: the facilitator enters the room's votes (1 to 5) as a tally.

Reached with `v` from the agenda. Each key press is one vote, stored before the panel
shows it, like every capture; only the count per score is stored, never who voted, so
`backspace` takes back the last vote entered from this app (the scores entered are kept in
memory for that, and only for that). A kill in the middle loses none of the votes: the
panel reads them back when it opens again.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from facilitator.errors import SHOWN_ERRORS
from facilitator.live_session import LiveSession
from facilitator.pulse_tally import NOTE_QUESTION, QUESTION, SCORES, Pulse
from screens.clock_line import ClockLine
from screens.confirm import ConfirmScreen
from screens.failures import ReportsFailures
from screens.format import literal, sentence

BAR_CELLS = 30
"""The longest bar of the distribution, in cells (the most given score)."""


def render_pulse(pulse: Pulse) -> Text:
    """The distribution as bars with their counts, best score first, then the headline.
    Each bar carries its count in digits, so the chart reads without its colours."""
    text = Text()
    most = max(pulse.counts) or 1
    for score in reversed(SCORES):
        n = pulse.count(score)
        cells = round(BAR_CELLS * n / most)
        text.append(f"{score} ", style="bold")
        text.append("█" * cells, style="green" if score >= 4 else "yellow" if score == 3 else "red")
        text.append(f"{' ' if cells else ''}{n}\n")
    text.append("\n")
    text.append(f"{pulse.votes} vote{'s' if pulse.votes != 1 else ''}", style="bold")
    if pulse.present:
        share = pulse.response_rate or 0.0
        text.append(f" · {pulse.votes} of {pulse.present} present ({share:.0%})")
    else:
        text.append(" · nobody checked in")
    if pulse.average is not None:
        text.append(f" · average {pulse.average:.1f} · spread {pulse.spread:.1f}")
    if pulse.notes:
        text.append(f"\n{len(pulse.notes)} note{'s' if len(pulse.notes) != 1 else ''}: ")
        text.append(pulse.notes[-1], style="italic")
    return text


class PulsePanel(ReportsFailures, ModalScreen[None]):
    CSS_PATH = "pulse_panel.tcss"
    AUTO_FOCUS = ""
    BINDINGS = [
        *(Binding(str(n), f"vote({n})", str(n), show=False, id=f"pulse.vote{n}") for n in SCORES),
        Binding("backspace", "take_back", "Take back", id="pulse.take_back"),
        Binding("n", "note", "Note", id="pulse.note"),
        Binding("escape,enter", "done", "Done", id="pulse.done"),
    ]

    def __init__(self, live: LiveSession, entered: list[int]) -> None:
        super().__init__()
        self.live = live
        self.entered = entered
        """The scores entered from this app, latest last: what backspace takes back. The
        agenda keeps the list, so closing and opening the panel keeps the undo."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield ClockLine(self.live)
            yield Label(Text(f"Pulse · {QUESTION}", style="bold"), id="heading")
            yield Static(
                Text("1 not at all · 2 a little · 3 somewhat · 4 yes · 5 very much", style="dim"),
                id="scale",
            )
            yield Static(id="tally")
            yield Static(id="error")
            yield Static(
                Text(
                    "1–5 add a vote · backspace takes the last back · n note · esc done",
                    style="dim",
                ),
                id="keys",
            )

    def on_mount(self) -> None:
        self._do(self.live.pulse)

    def _do(self, change) -> bool:
        try:
            pulse = change()
        except SHOWN_ERRORS as error:
            self.query_one("#error", Static).update(sentence(str(error)))
            return False
        self.query_one("#tally", Static).update(render_pulse(pulse))
        self.query_one("#error", Static).update("")
        return True

    def action_vote(self, score: int) -> None:
        from facilitator.services.session_pulse import MoreVotesThanPresent

        try:
            pulse = self.live.vote(score)
        except MoreVotesThanPresent as over:
            self._ask_over(score, str(over))
            return
        except SHOWN_ERRORS as error:
            self.query_one("#error", Static).update(sentence(str(error)))
            return
        self.entered.append(score)
        self.query_one("#tally", Static).update(render_pulse(pulse))
        self.query_one("#error", Static).update("")

    def _ask_over(self, score: int, why: str) -> None:
        def answer(confirmed: bool | None) -> None:
            if confirmed and self._do(lambda: self.live.vote(score, over_present=True)):
                self.entered.append(score)

        self.app.push_screen(
            ConfirmScreen(
                "More votes than people present?",
                f"{why[:1].upper()}{why[1:]}. Someone may not be checked in yet (a in the agenda). "
                f"Count this vote for {score} anyway?",
                confirm="Count it",
            ),
            answer,
        )

    def action_take_back(self) -> None:
        if not self.entered:
            self.query_one("#error", Static).update(
                literal(
                    "No vote entered here to take back (votes are anonymous: only those "
                    "entered since the app started can be taken back; `cop pulse` corrects "
                    "the counts)."
                )
            )
            return
        score = self.entered[-1]
        if self._do(lambda: self.live.take_back_vote(score)):
            self.entered.pop()
            self.notify(f"Took back a vote for {score}.")

    def action_note(self) -> None:
        from screens.prompt import PromptScreen

        def answer(note: str | None) -> None:
            if note and note.strip() and self._do(lambda: self.live.add_pulse_note(note)):
                self.notify("Note saved (anonymous).")

        self.app.push_screen(PromptScreen(NOTE_QUESTION, "anonymous: no name is kept"), answer)

    def action_done(self) -> None:
        self.dismiss(None)
