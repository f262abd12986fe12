"""First run on an empty database: create a community with its first members, or load the
sample data to look around."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Static, TextArea

from facilitator.errors import SHOWN_ERRORS
from facilitator.timezones import local_zone_name
from facilitator.workspace import Workspace
from screens.failures import ReportsFailures
from screens.format import sentence
from screens.key_bar import KeyBar

INTRO = (
    "Welcome to cop. Create your community (you can change everything later), "
    "or load a sample community to look around."
)


class OnboardingScreen(ReportsFailures, Screen[None]):
    CSS_PATH = "onboarding.tcss"
    BINDINGS = [
        Binding("ctrl+s", "create", "Create community", id="onboarding.create"),
        Binding("ctrl+o", "sample", "Load sample data", id="onboarding.sample"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="onboarding"):
            yield Static(INTRO, id="intro")
            yield self._input("name", "Community name", "e.g. AI Practice Circle")
            yield self._input(
                "cadence", "Cadence", "every other thursday", value="every other thursday"
            )
            with Horizontal(id="when"):
                yield self._input("time", "Time", "12:00", value="12:00")
                yield self._input("timezone", "Time zone", "Europe/Berlin", value=local_zone_name())
            members = TextArea(id="members", soft_wrap=True)
            members.border_title = "First members: one per line, Name, Department (optional)"
            yield members
            yield Static(id="error")
            with Horizontal(id="buttons"):
                yield Button("Create community (ctrl+s)", variant="primary", id="create")
                yield Button("Load sample data (ctrl+o)", id="sample")
        yield KeyBar()

    @staticmethod
    def _input(name: str, title: str, placeholder: str, value: str = "") -> Input:
        field = Input(value, placeholder=placeholder, id=name)
        field.border_title = title
        return field

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    def value(self, name: str) -> str:
        return self.query_one(f"#{name}", Input).value

    def action_create(self) -> None:
        try:
            self.workspace.onboard(
                self.value("name"),
                self.value("cadence"),
                self.value("time"),
                self.value("timezone"),
                self.query_one("#members", TextArea).text,
            )
        except SHOWN_ERRORS as error:
            self.query_one("#error", Static).update(sentence(str(error)))
            return
        self._go_home()

    def action_sample(self) -> None:
        try:
            loaded = self.workspace.load_demo()
        except SHOWN_ERRORS as error:
            self.query_one("#error", Static).update(sentence(str(error)))
            return
        self.notify(f"Loaded the sample community {loaded.community}")
        self._go_home()

    def _go_home(self) -> None:
        from screens.home import HomeScreen

        self.app.switch_screen(HomeScreen(self.workspace))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_create()
        else:
            self.action_sample()
