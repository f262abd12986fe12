"""The cop Textual app: chooses the first screen and offers app-wide commands."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from facilitator.workspace import Workspace
from screens.home import HomeScreen
from screens.onboarding import OnboardingScreen
from screens.roster import RosterScreen


class CopApp(App[None]):
    """Home on a database with a community; onboarding on an empty one."""

    TITLE = "cop"
    SUB_TITLE = "community of practice"
    BINDINGS = [
        Binding("question_mark", "toggle_help", "Help", key_display="?"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def on_mount(self) -> None:
        self._exit_on_hangup()
        if self.workspace.is_empty():
            self.push_screen(OnboardingScreen(self.workspace))
        else:
            self.push_screen(HomeScreen(self.workspace))

    def _exit_on_hangup(self) -> None:
        """Textual ignores SIGHUP/SIGTERM; exit cleanly so the terminal is restored."""
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            # Not possible off the main thread (tests) or on Windows; nothing to restore there.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self.exit)

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.workspace.is_empty():
            return
        yield SystemCommand("Roster", "Members: search, add, edit, deactivate", self.open_roster)
        current = self.workspace.current_community()
        for name in self.workspace.community_names():
            if name != current:
                yield SystemCommand(
                    f"Switch to {name}", "Show another community", lambda n=name: self.switch(n)
                )

    def open_roster(self) -> None:
        if not isinstance(self.screen, RosterScreen):
            self.push_screen(RosterScreen(self.workspace))

    def switch(self, community: str) -> None:
        self.workspace.community = community
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(HomeScreen(self.workspace))
