"""Forgetting a member, the irreversible one: the plan in full, then the name typed back.

Deactivating asks y/n because it can be undone; forgetting cannot, so this dialog shows
what goes and what stays (the same lines as `cop roster forget --dry-run`) and confirms
only when the person's name is typed exactly, which no stray key press can do.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from facilitator.services.forget_member import ForgetPlan
from screens.failures import ReportsFailures
from screens.format import literal


class ForgetMemberScreen(ReportsFailures, ModalScreen[ForgetPlan]):
    """Returns what was done, or nothing when cancelled."""

    CSS_PATH = "forget_member.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="forget.cancel")]

    def __init__(
        self,
        plan: Callable[[bool], ForgetPlan],
        forget: Callable[[bool], ForgetPlan],
    ) -> None:
        super().__init__()
        self.make_plan = plan
        self.do_forget = forget
        self.plan = plan(False)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(literal(f"Forget {self.plan.name}? This cannot be undone."), id="question")
            with VerticalScroll(id="plan-scroll"):
                yield Static(literal("\n".join(self.plan.lines())), id="plan")
            yield Checkbox("Keep their department", False, id="keep-department")
            yield Label(literal(f"Type {self.plan.name} to confirm"))
            yield Input(placeholder=self.plan.name, id="confirm-name")
            with Horizontal(id="buttons"):
                yield Button("Forget", variant="error", id="forget", disabled=True)
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#confirm-name", Input).focus()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.plan = self.make_plan(event.value)
        self.query_one("#plan", Static).update(literal("\n".join(self.plan.lines())))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#forget", Button).disabled = not self._typed_back()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self._typed_back():
            self._forget()

    def _typed_back(self) -> bool:
        typed = " ".join(self.query_one("#confirm-name", Input).value.split())
        return typed.casefold() == self.plan.name.casefold()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "forget" and self._typed_back():
            self._forget()
        elif event.button.id == "cancel":
            self.dismiss(None)

    def _forget(self) -> None:
        keep = self.query_one("#keep-department", Checkbox).value
        self.dismiss(self.do_forget(keep))

    def action_cancel(self) -> None:
        self.dismiss(None)
