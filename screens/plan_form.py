"""Plan a session from the app (`p` on home, or the palette): a date and an optional topic,
or a whole period at once.

The date is prefilled with the next one the cadence gives; anything `cop session plan
--date` accepts can be typed ("next thursday 13:00", "2027-01-14"). A period ("2027Q1",
or two days) plans every free cadence date in it, as `cop session plan --quarter` does.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from facilitator.domain import PlannedPeriod, SessionSummary
from facilitator.errors import SHOWN_ERRORS
from facilitator.insight_period import quarter_key
from facilitator.workspace import Workspace
from screens.failures import ReportsFailures
from screens.format import sentence


class PlanFormScreen(ReportsFailures, ModalScreen[SessionSummary | PlannedPeriod]):
    CSS_PATH = "plan_form.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="plan.cancel"),
        Binding("ctrl+s", "save", "Plan", id="plan.save"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        proposed = self.workspace.next_meeting()
        with Vertical(id="form"):
            yield Label("Plan a session", id="title")
            yield Label("When (the cadence's next date is filled in)")
            yield Input(f"{proposed:%Y-%m-%d %H:%M}", id="when")
            yield Label("Topic (optional)")
            yield Input(placeholder="What will it be about?", id="topic")
            yield Label("Or a whole period: every free cadence date")
            yield Input(
                placeholder=f"{quarter_key(self.workspace.today())}, or 2027-01-01 2027-03-31",
                id="period",
            )
            yield Static("enter or ctrl+s plans it · esc cancels", id="hint")
            yield Static(id="error")

    def on_mount(self) -> None:
        self.query_one("#topic", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def action_save(self) -> None:
        when = self.query_one("#when", Input).value.strip()
        topic = self.query_one("#topic", Input).value
        period = self.query_one("#period", Input).value.strip()
        try:
            if period:
                planned = self.workspace.plan_period(period)
            else:
                planned = self.workspace.plan_session(when, topic)
        except SHOWN_ERRORS as error:
            self.query_one("#error", Static).update(sentence(str(error)))
            return
        self.dismiss(planned)

    def action_cancel(self) -> None:
        self.dismiss(None)
