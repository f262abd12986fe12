"""The cop Textual app: chooses the first screen and offers app-wide commands."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import signal
from collections.abc import Callable

from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from facilitator.errors import SHOWN_ERRORS, CopError
from facilitator.vocabulary import SessionStatus
from facilitator.workspace import Workspace
from screens.commands import CopCommands
from screens.confirm import ConfirmScreen
from screens.format import sentence
from screens.home import HomeScreen

CONTROL_CODES = {code: None for code in (*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F)}
CONTROL_CODES.update({code: None for code in range(0x80, 0xA0)})
"""C0 (but tab and newline), DEL and C1: what no user text shown on screen may carry."""


def neutralise_control_codes() -> None:
    """Rich and Textual drop the control codes that would break a line (BEL, BS, VT, FF,
    CR) from every text they render, but keep ESC: a stored topic "ESC ]0;… BEL" retitled
    the terminal and "ESC [2J" cleared the room's screen. Their tables of codes to drop
    gain every C0 (but tab and newline), DEL and C1 code, once, before anything is drawn;
    tests/test_text_policy.py checks that it still takes on the pinned versions."""
    import rich.control
    import textual.content

    rich.control._CONTROL_STRIP_TRANSLATE.update(CONTROL_CODES)
    textual.content._CONTROL_STRIP_TRANSLATE.update(CONTROL_CODES)


neutralise_control_codes()


class CopApp(App[None]):
    """Home on a database with a community; onboarding on an empty one."""

    COMMANDS = App.COMMANDS | {CopCommands}
    TITLE = "cop"
    SUB_TITLE = "community of practice"
    BINDINGS = [
        Binding("question_mark", "toggle_help", "Help", key_display="?"),
        Binding("ctrl+q", "request_quit", "Quit", priority=True),
    ]

    def __init__(
        self,
        workspace: Workspace,
        start: bool = False,
        when: str | None = None,
        room: bool = False,
        theme_option: str | None = None,
    ) -> None:
        super().__init__()
        from facilitator.display import chosen_theme, reduced_motion
        from screens.themes import HIGH_CONTRAST

        for theme in HIGH_CONTRAST:
            self.register_theme(theme)
        self.theme, self.remember_theme = chosen_theme(theme_option)
        """A theme chosen in the palette is remembered unless --theme or a variable chose
        this run's."""
        self.reduced_motion = reduced_motion()
        if self.reduced_motion:
            self.animation_level = "none"
        self.workspace = workspace
        self.room = room
        """`cop room`: the read-only room view alone, nothing else."""
        self.start_requested = start
        """`cop session start`: go straight to starting (or resuming) a session."""
        self.start_when = when

    def watch_theme(self, name: str) -> None:
        """A theme picked in the palette is kept for the next run."""
        if getattr(self, "remember_theme", False):
            from facilitator.display import THEMES, save_display

            if name in THEMES:
                with contextlib.suppress(*SHOWN_ERRORS):
                    save_display(theme=name)

    def on_descendant_focus(self, event) -> None:
        """Reduced motion: a text cursor does not blink."""
        if self.reduced_motion and hasattr(event.widget, "cursor_blink"):
            event.widget.cursor_blink = False

    def on_mount(self) -> None:
        self._exit_on_hangup()
        if self.room:
            from screens.room import RoomScreen

            self.push_screen(RoomScreen(self.workspace))
            return
        if self.workspace.current_community() is None:  # an empty database
            from screens.onboarding import OnboardingScreen

            self.push_screen(OnboardingScreen(self.workspace))
            return
        live_id = self.workspace.live_session_id()
        self.push_screen(HomeScreen(self.workspace))
        if live_id is not None and not self.start_requested:
            self.offer_resume(live_id)
        elif self.start_requested:
            self.open_start(self.start_when)

    def offer_resume(self, session_id: str) -> None:
        from screens.resume import ResumeChoice, ResumeScreen

        live = self.workspace.open_live(session_id)
        info = live.info
        about = f" ({info.topic})" if info.topic else ""

        def answer(choice: ResumeChoice | None) -> None:
            if choice is ResumeChoice.RESUME:
                self.resume(session_id)
            elif choice is ResumeChoice.ABANDON:
                live.abandon()
                self.notify("Session abandoned; everything captured is kept.")
                if isinstance(self.screen, HomeScreen):
                    self.screen.refresh_overview()

        self.push_screen(
            ResumeScreen(
                f"{info.community}, {info.scheduled_at:%a %d %b %H:%M}{about}. Everything "
                "captured is there."
            ),
            answer,
        )

    def open_start(self, when: str | None = None) -> None:
        """Start today's session (or the one on `when`); resume it if it is already live."""
        try:
            proposal = self.workspace.start_proposal(when)
        except SHOWN_ERRORS as error:
            self.notify(str(sentence(str(error))), severity="error")
            return
        if proposal.status == SessionStatus.LIVE and proposal.session_id:
            self.resume(proposal.session_id)
            return

        def started(session_id: str | None) -> None:
            if session_id:
                self.resume(session_id)

        from screens.start import StartScreen

        self.push_screen(StartScreen(self.workspace, proposal, when), started)

    def resume(self, session_id: str) -> None:
        """Show the live session's agenda: the one already open, else a new one."""
        from screens.agenda import AgendaScreen

        for screen in self.screen_stack:
            if isinstance(screen, AgendaScreen) and screen.live.id == session_id:
                while self.screen is not screen:
                    self.pop_screen()
                return
        self.push_screen(AgendaScreen(self.workspace, self.workspace.open_live(session_id)))

    def keep_drafts_and_exit(self) -> None:
        """Closing the terminal must not lose a half-typed note."""
        from screens.drafts import DraftForm

        for screen in self.screen_stack:
            if isinstance(screen, DraftForm):
                # Exiting must happen whatever a form's state; a draft is a best effort.
                with contextlib.suppress(Exception):
                    screen.keep_draft()
        self.exit()

    def _exit_on_hangup(self) -> None:
        """Textual ignores SIGHUP/SIGTERM; exit cleanly so the terminal is restored."""
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGHUP, signal.SIGTERM):
            # Not possible off the main thread (tests) or on Windows; nothing to restore there.
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(signum, self.keep_drafts_and_exit)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast shows its text literally, whoever asks for it.

        Toasts quote what members typed (talk titles, names); cop writes no markup in them,
        so `[red]demo[/red]` or `<v2>` in a title must reach the screen as typed.
        """
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def action_request_quit(self) -> None:
        """Quitting mid-session asks first: the meeting is still going on."""
        if isinstance(self.screen, ConfirmScreen) and self.screen.id == "quit-live":
            self.keep_drafts_and_exit()
            return
        if self.workspace.is_empty() or not self.workspace.has_live_session():
            self.keep_drafts_and_exit()
            return

        def answer(confirmed: bool | None) -> None:
            if confirmed:
                self.keep_drafts_and_exit()

        self.push_screen(
            ConfirmScreen(
                "A session is live. Quit cop?",
                "It stays live: everything captured is saved, the clock keeps counting, and "
                "the next launch offers to resume it. (ctrl+q again quits.)",
                confirm="Quit",
                id="quit-live",
            ),
            answer,
        )

    def report_failure(self, error: Exception) -> None:
        """The one place the app turns a refusal or a database failure into a message."""
        severity: SeverityLevel = "warning" if isinstance(error, CopError) else "error"
        self.notify(str(sentence(str(error))), severity=severity, timeout=10)

    async def run_action(self, action, default_namespace=None, namespaces=None) -> bool:
        """Every key binding runs through here: a failure is reported, the app stays up."""
        try:
            return await super().run_action(action, default_namespace, namespaces)
        except SHOWN_ERRORS as error:
            self.report_failure(error)
            return True

    def push_screen(self, screen, callback=None, wait_for_dismiss=False, *, mode=None):
        """A screen's result is acted on in its callback; a failure there is reported too."""
        if callback is not None:
            acted_on = callback

            def callback(result):
                try:
                    value = acted_on(result)
                except SHOWN_ERRORS as error:
                    self.report_failure(error)
                    return None
                if not inspect.isawaitable(value):
                    return value

                async def guarded():
                    try:
                        return await value
                    except SHOWN_ERRORS as error:
                        self.report_failure(error)

                return guarded()

        return super().push_screen(screen, callback, wait_for_dismiss, mode=mode)

    def action_toggle_help(self) -> None:
        """cop's keys for the current screen, on the right so the agenda clock stays seen."""
        from screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)
        else:
            self.push_screen(HelpScreen(self.screen))

    def go_home(self) -> None:
        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def _open(self, screen_type: type[Screen], *args) -> None:
        """Open a top-level screen from the palette, from home (a live session keeps running)."""
        if isinstance(self.screen, screen_type):
            return
        self.go_home()
        build: Callable[..., Screen] = screen_type  # each takes the workspace first
        self.push_screen(build(self.workspace, *args))

    def open_roster(self) -> None:
        from screens.roster import RosterScreen

        self._open(RosterScreen)

    def open_history(self) -> None:
        from screens.history import HistoryScreen

        self._open(HistoryScreen)

    def save_invitation(self) -> None:
        self.go_home()
        if isinstance(self.screen, HomeScreen):
            self.screen.action_invite()

    def open_library(self) -> None:
        from screens.library import LibraryScreen

        self._open(LibraryScreen)

    def open_insights(self) -> None:
        from screens.insights import InsightsScreen

        self._open(InsightsScreen)

    def open_review(self) -> None:
        from screens.review import ReviewScreen

        self._open(ReviewScreen)

    def open_plan(self) -> None:
        self.go_home()
        if isinstance(self.screen, HomeScreen):
            self.screen.action_plan()

    def switch(self, community: str) -> None:
        self.workspace.use_community(community)
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(HomeScreen(self.workspace))
