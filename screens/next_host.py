"""Who hosts next: the rotation's suggestion with its reason, to accept, change or skip.

Reached with `h` from the agenda (the Handoff part points at it). Every choice is recorded
with its reason before the screen shows it, like any other capture.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from facilitator.domain import Rotation
from facilitator.errors import SHOWN_ERRORS
from facilitator.live_session import LiveSession
from screens.clock_line import ClockLine
from screens.failures import ReportsFailures
from screens.format import literal, sentence


def render_rotation(rotation: Rotation) -> Text:
    """The assignment or suggestion, who comes next and who is left out, as literal text."""
    text = Text()
    if rotation.host is not None and rotation.host_conflict:
        text.append("Assigned: ", style="bold")
        text.append(rotation.host.name, style="bold yellow")
        text.append(f" — but {rotation.host_conflict}.", style="yellow")
        if rotation.suggestion is not None:
            text.append("\nThe rule now suggests ", style="bold")
            text.append(rotation.suggestion.name, style="bold")
            text.append(f"\n  {rotation.suggestion.reason}", style="dim")
    elif rotation.host is not None:
        text.append("Next host: ", style="bold")
        text.append(rotation.host.name, style="bold green")
        text.append(f"\n  {rotation.host.reason}", style="dim")
    elif rotation.suggestion is not None:
        text.append("Suggested: ", style="bold")
        text.append(rotation.suggestion.name, style="bold")
        if rotation.suggestion.department:
            text.append(f" ({rotation.suggestion.department})")
        text.append(f"\n  {rotation.suggestion.reason}", style="dim")
    else:
        text.append("Nobody is eligible to host.", style="bold yellow")
    if rotation.next_in_line:
        text.append("\n\nThen: ", style="bold")
        for index, person in enumerate(rotation.next_in_line):
            text.append(("\n      " if index else "") + f"{person.name} — {person.reason}")
    if rotation.left_out_count:
        text.append("\n\nNot this time: ", style="bold")
        text.append(
            "; ".join(
                f"{name}: {why}" if name else f"{why}: {n} people"
                for name, why, n in rotation.left_out_lines()
            )
        )
    return text


class NextHostScreen(ReportsFailures, ModalScreen[None]):
    CSS_PATH = "next_host.tcss"
    AUTO_FOCUS = ""
    """Keys act on the suggestion until p opens the name field."""
    BINDINGS = [
        Binding("enter", "accept", "Accept", id="next_host.accept"),
        Binding("p", "pick", "Pick another", id="next_host.pick"),
        Binding("k", "skip", "Skip…", id="next_host.skip"),
        Binding("escape", "back", "Back", id="next_host.back"),
    ]

    def __init__(self, live: LiveSession, members: list[str]) -> None:
        super().__init__()
        self.live = live
        self.members = members
        self.rotation: Rotation = live.next_host()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield ClockLine(self.live)
            yield Label(id="heading")
            yield Static(id="rotation")
            yield Input(
                placeholder="Pick another host (→ completes, enter records)",
                suggester=SuggestFromList(self.members, case_sensitive=False),
                id="pick",
            )
            yield Static(id="error")
            yield Static(id="keys")

    def on_mount(self) -> None:
        self.show(self.rotation)

    def show(self, rotation: Rotation) -> None:
        self.rotation = rotation
        self.query_one("#heading", Label).update(
            Text(f"Next host · {rotation.scheduled_at:%a %d %b %Y, %H:%M}", style="bold")
        )
        self.query_one("#rotation", Static).update(render_rotation(rotation))
        if rotation.host_conflict and rotation.suggestion:
            accept = f"enter {rotation.suggestion.name} instead"
        else:
            accept = "enter done" if rotation.host else "enter accept"
        self.query_one("#keys", Static).update(
            Text(f"{accept} · p pick another · k skip with a reason · esc back", style="dim")
        )

    def _do(self, change) -> bool:
        try:
            self.show(change())
        except SHOWN_ERRORS as error:
            self.query_one("#error", Static).update(sentence(str(error)))
            return False
        self.query_one("#error", Static).update("")
        return True

    def action_accept(self) -> None:
        if self.rotation.host is not None and not self.rotation.host_conflict:
            self.dismiss(None)
            return
        if self.rotation.suggestion is None:
            self.query_one("#error", Static).update(
                literal("Nobody is eligible; pick someone with p.")
            )
            return
        if self._do(self.live.accept_next_host):
            self.notify(f"{self.rotation.host.name} hosts next time.")
            self.dismiss(None)

    def action_pick(self) -> None:
        field = self.query_one("#pick", Input)
        field.display = True
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        if not name:
            return
        if self._do(lambda: self.live.pick_next_host(name)):
            self.notify(f"{self.rotation.host.name} hosts next time (picked).")
            self.dismiss(None)

    def action_skip(self) -> None:
        from screens.prompt import PromptScreen

        person = self.rotation.host or self.rotation.suggestion
        if person is None:
            return

        def answer(reason: str | None) -> None:
            if reason is None:
                return
            if not reason.strip():
                self.query_one("#error", Static).update(
                    literal(f"Say why {person.name} is skipped; nothing was recorded.")
                )
                return
            if self._do(lambda: self.live.skip_next_host(person.name, reason)):
                self.notify(f"Skipped {person.name}.")

        self.app.push_screen(
            PromptScreen(f"Skip {person.name} next time: why?", "e.g. on holiday"), answer
        )

    def action_back(self) -> None:
        field = self.query_one("#pick", Input)
        if field.display:
            field.value = ""
            field.display = False
            self.set_focus(None)
            self.query_one("#error", Static).update("")
            return
        self.dismiss(None)
