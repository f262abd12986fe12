"""Closing: the end-of-session summary, the next topic and host; end, abandon or cancel.

The clock keeps running behind this screen until the end is confirmed, so going back to
the agenda (esc) loses nothing.
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Header, Input, Label, Static

from facilitator.domain import ClosingSummary
from facilitator.errors import SHOWN_ERRORS
from facilitator.live_session import LiveSession
from facilitator.vocabulary import plural
from facilitator.workspace import Workspace
from screens.confirm import ConfirmScreen
from screens.failures import ReportsFailures
from screens.format import sentence
from screens.key_bar import KeyBar


def render_summary(summary: ClosingSummary) -> Group:
    """The summary as literal text: nothing a member typed is read as markup."""
    agenda = Table(title=None, header_style="bold", box=None, padding=(0, 2, 0, 0))
    for column in ("Part", "Plan", "Actual"):
        agenda.add_column(column, justify="left" if column == "Part" else "right")
    for part in summary.parts:
        agenda.add_row(
            part.name,
            part.plan,
            f"{part.actual_minutes:.1f} min",
        )
    text = Text()
    text.append(f"\nPresent ({len(summary.present)}): ", style="bold")
    text.append(", ".join(summary.present) or "nobody checked in")
    if summary.newcomers:
        text.append("\nNew: ", style="bold")
        text.append(", ".join(summary.newcomers))
    if summary.excused:
        text.append("\nExcused: ", style="bold")
        text.append(", ".join(summary.excused))
    text.append(f"\n\nLightning talks ({len(summary.talks)})", style="bold")
    for talk in summary.talks:
        text.append(f"\n  {talk.presenter} — {talk.title} ({talk.status.replace('_', ' ')})")
    text.append(f"\n\nTakeaways ({len(summary.takeaways)})", style="bold")
    for item in summary.takeaways:
        by = f" — {item.author}" if item.author else ""
        text.append(f"\n  [{item.kind}] {item.text}{by}")
    if summary.follow_up:
        text.append(f"\n\nFollow-up ({len(summary.follow_up)})", style="bold")
        for item in summary.follow_up:
            said = f" — {item.note}" if item.note else ""
            outcome = item.outcome.replace("_", " ")
            text.append(f"\n  {item.owner.name}: {item.text} ({outcome}){said}")
    text.append(f"\n\nCommitments ({len(summary.made)})", style="bold")
    for c in summary.made:
        text.append(f"\n  {c.owner}: {c.text} (due {c.due_on:%a %d %b})")
    if summary.carried:
        text.append(f"\n\nCarried over ({len(summary.carried)})", style="bold")
        for c in summary.carried:
            text.append(f"\n  {c.owner}: {c.text} (carried, due {c.due_on:%a %d %b})")
    if summary.passes:
        text.append("\nPassed this time: ", style="bold")
        text.append(", ".join(summary.passes))
    if summary.without_commitment:
        text.append("\nNo commitment or pass: ", style="bold yellow")
        text.append(", ".join(summary.without_commitment), style="yellow")
    if summary.topics_talked or summary.topics_rolling:
        text.append(f"\n\nDialogue topics ({len(summary.topics_talked)})", style="bold")
        for topic in summary.topics_talked:
            text.append(f"\n  ✓ {topic}")
        if summary.topics_rolling:
            text.append("\nRolling over to the next session: ", style="bold")
            text.append(", ".join(summary.topics_rolling))
    pulse = summary.pulse
    if pulse is not None:
        text.append("\n\nPulse: ", style="bold")
        if pulse.votes:
            text.append(f"{pulse.headline()}\n  {pulse.distribution()}")
        else:
            text.append("no votes yet (v in the agenda takes the room's votes)")
        if pulse.notes:
            text.append(f"\n  {len(pulse.notes)} note{'s' if len(pulse.notes) != 1 else ''}")
    return Group(agenda, text)


class ClosingScreen(ReportsFailures, Screen[None]):
    CSS_PATH = "closing.tcss"
    BINDINGS = [
        Binding("ctrl+s", "end", "End session", id="closing.end"),
        Binding("ctrl+b", "abandon", "Abandon", id="closing.abandon"),
        Binding("ctrl+r", "cancel_session", "Cancel session", id="closing.cancel"),
        Binding("escape", "back", "Back to agenda", id="closing.back"),
    ]

    def __init__(self, workspace: Workspace, live: LiveSession) -> None:
        super().__init__()
        self.workspace = workspace
        self.live = live
        self.rotation = live.next_host()

    def proposed_host(self) -> str:
        """The assigned next host, else the rotation's suggestion (ending accepts it)."""
        placed = self.rotation.host or self.rotation.suggestion
        if self.rotation.host_conflict:
            placed = self.rotation.suggestion or self.rotation.host
        return placed.name if placed else ""

    def host_note(self) -> Text:
        if self.rotation.host is not None and self.rotation.host_conflict:
            host = self.rotation.host
            instead = self.rotation.suggestion
            offer = f" The rule suggests {instead.name} instead." if instead else ""
            return Text(
                f"{host.name} was assigned, but {self.rotation.host_conflict}.{offer} "
                f"Type {host.name} to keep them.",
                style="yellow",
            )
        if self.rotation.host is not None:
            host = self.rotation.host
            return Text(f"{host.name} hosts next time ({host.reason}).", style="dim")
        if self.rotation.suggestion is not None:
            suggestion = self.rotation.suggestion
            return Text(
                f"The rotation suggests {suggestion.name}: {suggestion.reason}. "
                "Type another name to pick by hand.",
                style="dim",
            )
        return Text("Nobody is eligible to host next time; type a name to pick.", style="dim")

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="closing"):
            yield Label("Closing the session", id="title")
            with VerticalScroll(id="summary-box"):
                yield Static(id="summary")
            with Horizontal(id="next"):
                yield Input(placeholder="Next topic", id="next-topic")
                yield Input(
                    self.proposed_host(),
                    placeholder="Next host (→ completes)",
                    suggester=SuggestFromList(
                        [m.name for m in self.workspace.people()], case_sensitive=False
                    ),
                    id="next-host",
                )
            yield Static(self.host_note(), id="host-note")
            yield Static(id="missing")
            yield Static(id="error")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = f"{self.live.info.community} · closing"
        summary = self.live.summary()
        self.query_one("#summary", Static).update(render_summary(summary))
        if summary.without_commitment:
            names = ", ".join(summary.without_commitment)
            self.query_one("#missing", Static).update(
                Text(
                    f"No commitment or pass yet from {names}: esc goes back, c in Handoff "
                    "asks them.",
                    style="bold yellow",
                )
            )
        self.query_one("#next-topic", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "next-topic":
            self.query_one("#next-host", Input).focus()
        else:
            self.action_end()

    def _finish(self, act, message: str, show_summary: bool = False) -> None:
        """Stop the session, go home, and for an ended one open its summary to send out."""
        try:
            act()
        except SHOWN_ERRORS as error:
            self.query_one("#error", Static).update(sentence(str(error)))
            return
        from screens.history import HistoryScreen
        from screens.home import HomeScreen

        while not isinstance(self.app.screen, HomeScreen) and len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        if show_summary:
            self.app.push_screen(HistoryScreen(self.workspace, self.live.id))
        self.app.notify(message)

    def action_end(self) -> None:
        topic = self.query_one("#next-topic", Input).value
        host = self.query_one("#next-host", Input).value
        summary = self.live.summary()
        self._finish(
            lambda: self.live.end(topic, host),
            f"Session ended: {plural(len(summary.takeaways), 'takeaway')}, "
            f"{plural(len(summary.made), 'commitment')}. "
            "x saves the summary, p publishes it, c posts it to chat.",
            show_summary=True,
        )

    def action_abandon(self) -> None:
        def answer(confirmed: bool | None) -> None:
            if confirmed:
                self._finish(
                    self.live.abandon,
                    "Session abandoned; everything captured is kept.",
                    show_summary=True,
                )

        self.app.push_screen(
            ConfirmScreen(
                "Abandon the session?",
                "It ends now without the closing; what was captured is kept and talks not "
                "given roll over.",
                confirm="Abandon",
            ),
            answer,
        )

    def action_cancel_session(self) -> None:
        from screens.prompt import PromptScreen

        def answer(reason: str | None) -> None:
            if reason is not None:
                self._finish(lambda: self.live.cancel(reason or None), "Session cancelled.")

        self.app.push_screen(
            PromptScreen(
                "Cancel the session? It stays in the history as cancelled.",
                "Why (optional); enter cancels it, esc goes back",
            ),
            answer,
        )

    def action_back(self) -> None:
        self.app.pop_screen()
