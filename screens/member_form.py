"""The add / edit member form: validates as the services do and explains what is wrong."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static

from facilitator.domain import Member
from facilitator.errors import SHOWN_ERRORS
from facilitator.services.roster import MemberFields
from facilitator.vocabulary import Role
from screens.failures import ReportsFailures
from screens.format import sentence


class MemberFormScreen(ReportsFailures, ModalScreen[Member]):
    """Returns the saved member; the save function is the caller's (add or edit).

    Saving happens here rather than in the caller so that a refusal (a duplicate name or
    e-mail) is shown next to the field while the typed values are still in the form.
    """

    CSS_PATH = "member_form.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save"),
    ]

    def __init__(self, member: Member | None, save: Callable[[MemberFields], Member]) -> None:
        super().__init__()
        self.member = member
        self.save_member = save

    def compose(self) -> ComposeResult:
        member = self.member
        with Vertical(id="form"):
            yield Label("Edit member" if member else "Add a member", id="title")
            yield Label("Name")
            yield Input(member.name if member else "", placeholder="Full name", id="name")
            yield Label("E-mail (optional)")
            yield Input(
                member.email or "" if member else "", placeholder="name@company.com", id="email"
            )
            yield Label("Department or function (optional)")
            yield Input(
                member.department or "" if member else "",
                placeholder="e.g. Finance",
                id="department",
            )
            with Horizontal(id="flags"):
                roles = member.roles if member else ()
                yield Checkbox("Champion", Role.CHAMPION in roles, id="champion")
                yield Checkbox("Lead", Role.LEAD in roles, id="lead")
                yield Checkbox(
                    "Willing to host",
                    member.willing_to_facilitate if member else True,
                    id="willing",
                )
            yield Static(id="error")
            with Horizontal(id="buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def fields(self) -> MemberFields:
        roles = [r for r in (Role.CHAMPION, Role.LEAD) if self.query_one(f"#{r}", Checkbox).value]
        return MemberFields(
            name=self.query_one("#name", Input).value,
            email=self.query_one("#email", Input).value,
            department=self.query_one("#department", Input).value,
            roles=roles,
            willing_to_facilitate=self.query_one("#willing", Checkbox).value,
        )

    def action_save(self) -> None:
        try:
            saved = self.save_member(self.fields())
        except SHOWN_ERRORS as error:
            self.query_one("#error", Static).update(sentence(str(error)))
            self._focus_field(str(error))
            return
        self.dismiss(saved)

    def _focus_field(self, message: str) -> None:
        field = "email" if ("e-mail" in message or "@" in message) else "name"
        self.query_one(f"#{field}", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()
