"""Start a session: confirm who hosts (the assigned host is suggested) and the topic."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from facilitator.domain import StartProposal
from facilitator.errors import SHOWN_ERRORS
from facilitator.workspace import Workspace
from screens.failures import ReportsFailures
from screens.format import literal, sentence, when
from screens.key_bar import KeyBar


class StartScreen(ReportsFailures, ModalScreen[str]):
    """Dismisses with the id of the session it made live."""

    CSS_PATH = "start.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="start.cancel"),
        Binding("ctrl+s", "start", "Start", id="start.start"),
    ]

    def __init__(self, workspace: Workspace, proposal: StartProposal, when: str | None) -> None:
        super().__init__()
        self.workspace = workspace
        self.proposal = proposal
        self.when = when

    def compose(self) -> ComposeResult:
        proposal = self.proposal
        today = self.workspace.today()
        with Vertical(id="form"):
            if proposal.moved_from is not None:
                title = f"Start the {proposal.moved_from:%d %b} session now?"
                state = (
                    f"planned for {when(proposal.moved_from, today)}; it moves to "
                    f"{proposal.scheduled_at:%H:%M} today"
                )
            else:
                title = f"Start the session of {proposal.community}"
                at = when(proposal.scheduled_at, today)
                state = f"{at} · {'planned' if proposal.session_id else 'new, starting now'}"
            if proposal.also_today:
                state += f"\nAlready today: {', '.join(proposal.also_today)}"
            yield Label(literal(title), id="title")
            yield Static(literal(state), id="when")
            yield Label("Host")
            yield Input(
                proposal.host or "",
                placeholder="Who hosts today (→ completes)",
                suggester=SuggestFromList(proposal.members, case_sensitive=False),
                id="host",
            )
            yield Label("Topic")
            yield Input(proposal.topic or "", placeholder="What is today about?", id="topic")
            yield Static(id="error")
            yield Static("enter: next field, then start · esc cancel", id="hint")
        yield KeyBar(palette=False)

    def on_mount(self) -> None:
        self.query_one("#host", Input).focus()
        self.cover_the_key_bar_below()

    def cover_the_key_bar_below(self) -> None:
        """Home's key bar (two lines at 80 columns) shows through a modal's dimmed
        background: this dialog's own bar is as tall, so only its keys are read."""
        below = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else None
        bars = below.query(KeyBar) if below is not None else []
        if bars:
            self.query_one(KeyBar).styles.min_height = bars.first().outer_size.height

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "host":
            self.query_one("#topic", Input).focus()
        else:
            self.action_start()

    def action_start(self) -> None:
        host = self.query_one("#host", Input).value
        topic = self.query_one("#topic", Input).value
        try:
            session_id = self.workspace.begin_session(host, topic, self.when)
        except SHOWN_ERRORS as error:
            self.query_one("#error", Static).update(sentence(str(error)))
            return
        self.dismiss(session_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
