"""The home screen: the community, its next session, recent sessions, open commitments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static
from textual.worker import get_current_worker

from facilitator.domain import HomeOverview, SessionSummary
from facilitator.errors import SHOWN_ERRORS
from facilitator.vocabulary import PostSubject, SessionStatus, plural
from facilitator.workspace import Workspace
from screens.chat_posts import PostsToChat
from screens.failures import ReportsFailures
from screens.format import literal, when
from screens.key_bar import KeyBar
from screens.publishing import SavesAndPublishes
from screens.text_table import DetailLine, TextTable

if TYPE_CHECKING:  # the rotation's values load with the rotation, after the first paint
    from facilitator.domain import Rotation

QUEUE_DAYS = 2
"""The empty talk queue shows this many days before a session."""


class HomeScreen(PostsToChat, SavesAndPublishes, ReportsFailures, Screen[None]):
    # Here rather than in a CSS_PATH file: Textual re-parses every stylesheet of the app when
    # a screen brings a file of its own, and home is the screen every launch waits for.
    DEFAULT_CSS = """
    HomeScreen #home {
        padding: 0 1;
    }

    HomeScreen #community {
        height: auto;
        padding: 1 0 0 0;
    }

    HomeScreen #cards {
        height: auto;
        margin: 1 0;
    }

    HomeScreen .card {
        width: 1fr;
        height: auto;
        min-height: 6;
        border: round $primary;
        padding: 0 1;
    }

    HomeScreen #stats {
        width: 25;
    }

    HomeScreen .section-title {
        text-style: bold;
    }

    HomeScreen #recent {
        height: 1fr;
    }
    """
    BINDINGS = [
        Binding("s", "start", "Start/resume session", id="home.start"),
        Binding("r", "roster", "Roster", id="home.roster"),
        Binding("h", "history", "History", id="home.history"),
        Binding("f", "review", "Follow-up", id="home.review"),
        Binding("p", "plan", "Plan", id="home.plan"),
        Binding("k", "library", "Library", id="home.library"),
        Binding("i", "insights", "Insights", id="home.insights"),
        Binding("x", "invite", "Save invitation", id="home.invite"),
        Binding("c", "post_call", "Post the call for talks", id="home.post_call"),
        Binding("f5", "refresh", "Refresh", show=False, id="home.refresh"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.overview: HomeOverview | None = None
        self.rotation: Rotation | None = None
        """The rotation's look at the next session; None until worked out after the paint."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="home"):
            yield Static(id="community")
            with Horizontal(id="cards"):
                yield Static(id="next-session", classes="card")
                yield Static(id="stats", classes="card")
            yield Static("Recent sessions", classes="section-title")
            yield TextTable(id="recent", flex=("Topic", "Host"), detail="recent-detail")
            yield DetailLine(id="recent-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one("#recent", DataTable)
        table.add_columns("When", "Status", "Topic", "Host", "Present", "Commitments")

    def on_screen_resume(self) -> None:
        """Shown for the first time or again: one read of the overview per visit."""
        self.refresh_overview()

    def action_refresh(self) -> None:
        self.refresh_overview()

    def action_start(self) -> None:
        self.app.open_start()

    def action_roster(self) -> None:
        from screens.roster import RosterScreen

        self.app.push_screen(RosterScreen(self.workspace))

    def action_review(self) -> None:
        from screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen(self.workspace))

    def action_plan(self) -> None:
        from facilitator.domain import PlannedPeriod
        from screens.plan_form import PlanFormScreen

        def planned(done: SessionSummary | PlannedPeriod | None) -> None:
            if isinstance(done, SessionSummary):
                topic = f": {done.topic}" if done.topic else ""
                self.notify(f"Planned {done.scheduled_at:%a %d %b %Y, %H:%M}{topic}")
            elif isinstance(done, PlannedPeriod):
                dates = ", ".join(f"{m:%d %b}" for m in done.planned) or "nothing new"
                left = "; ".join(f"left out ({why}): {len(days)}" for why, days in done.left_out())
                count = plural(len(done.planned), "session")
                self.notify(
                    f"{done.label}: planned {count} ({dates})" + (f"; {left}" if left else "")
                )
            if done is not None:
                self.refresh_overview()

        self.app.push_screen(PlanFormScreen(self.workspace), planned)

    def action_library(self) -> None:
        self.app.open_library()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The invitation key only while a session is planned; posting the call for talks
        only while the empty talk queue is shown."""
        session = self.overview.next_session if self.overview else None
        if action == "invite":
            return session is not None and session.status == SessionStatus.PLANNED
        if action == "post_call":
            return session is not None and self._queue_is_empty(session)
        return True

    def action_post_call(self) -> None:
        session = self.overview.next_session if self.overview else None
        if session is not None and self._queue_is_empty(session):
            self.choose_channel_and_post(PostSubject.ANNOUNCE, session.id)

    def say(self, message: Text | str, error: bool = False) -> None:
        """Home has no status line: what saving did shows as a notification."""
        self.notify(str(message), severity="error" if error else "information")

    def action_invite(self) -> None:
        """Save the next session's own invitation (.ics) to forward or import."""
        session = self.overview.next_session if self.overview else None
        if session is None or session.status != SessionStatus.PLANNED:
            return
        self.ask_and_save(
            "Save the next session's invitation (.ics) to (enter keeps the default):",
            self.workspace.default_invitation_path(session),
            self.workspace.write_invitation,
        )

    def action_insights(self) -> None:
        self.app.open_insights()

    def action_history(self) -> None:
        from screens.history import HistoryScreen

        self.app.push_screen(HistoryScreen(self.workspace))

    def refresh_overview(self) -> None:
        self.show(self.workspace.overview())

    def show(self, overview: HomeOverview) -> None:
        community = overview.community
        title = Text.assemble(
            (community.name, "bold"),
            f"  ·  {community.cadence} at {community.meeting_time} ({community.timezone})",
        )
        self.query_one("#community", Static).update(title)
        self.sub_title = community.name
        self.overview = overview
        self.rotation = None
        self.show_next()
        self.refresh_bindings()
        self.show_stats(None)
        # After this paint, not during it: the thread would share the interpreter with the
        # first frame (and the rotation's and insights' modules load only when it runs).
        self.call_after_refresh(self.work_out_the_rest)
        table = self.query_one("#recent", DataTable)
        table.clear()
        for session in overview.recent:
            table.add_row(
                literal(f"{session.scheduled_at:%a %Y-%m-%d}"),
                literal(session.status),
                literal(session.topic or "—"),
                literal(session.facilitator or "—"),
                literal(session.attendees),
                literal(session.commitments),
                key=session.id,
            )

    def show_stats(self, warnings: int | None) -> None:
        """The counts card; the warning signs arrive a moment after the rest (None: being
        counted), so reading them never delays the first paint."""
        if not self.still_shown():
            return
        overview = self.overview
        if warnings is None:
            signs: tuple[str, str] = ("…", "dim")
        else:
            signs = (str(warnings), "bold yellow" if warnings else "bold green")
        self.query_one("#stats", Static).update(
            Text.assemble(
                "Open commitments ",
                (f"{overview.open_commitments:>3}", "bold"),
                "\nActive members   ",
                (f"{overview.active_members:>3}", "bold"),
                "\nWarning signs    ",
                (f"{signs[0]:>3}", signs[1]),
                ("\n(i for insights)" if warnings else "", "dim"),
            )
        )

    @work(thread=True, exclusive=True, group="home")
    def work_out_the_rest(self) -> None:
        """What home works out rather than reads, a moment after the rest: the rotation's
        suggestion for the next host (weighing every member's turns, skips and absences),
        then the warning signs. Either failing leaves its "…"; Rotate and Insights say what
        is wrong when opened. A refresh meanwhile starts another run; this one then shows
        nothing, so an older answer never replaces a newer one."""
        worker = get_current_worker()
        try:
            ahead = self.workspace.upcoming_host()
        except SHOWN_ERRORS:
            pass
        else:
            if not worker.is_cancelled:
                self.app.call_from_thread(self.show_rotation, ahead)
        try:
            found = len(self.workspace.active_warnings())
        except SHOWN_ERRORS:
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self.show_stats, found)

    def show_rotation(self, rotation: Rotation) -> None:
        if not self.still_shown():
            return
        self.rotation = rotation
        self.show_next()

    def still_shown(self) -> bool:
        """A worker's answer may come after home has been taken down (the app quitting):
        then there is nothing left to show it in."""
        return self.is_attached and bool(self.query("#next-session"))

    def show_next(self) -> None:
        self.query_one("#next-session", Static).update(self._next(self.overview))

    def _next(self, overview: HomeOverview) -> Text:
        session = overview.next_session
        if session is None:
            due = f" for {overview.next_date:%a %d %b}" if overview.next_date else ""
            return Text.assemble(
                ("Next session\n", "bold"),
                f"None planned yet.\nPlan one{due}: p, or cop session plan\n",
                self._upcoming_host(overview, "Next to host: "),
                self._missed(overview),
            )
        if session.status == SessionStatus.LIVE:
            return Text.assemble(
                ("Live now — press s to resume\n", "bold green"),
                when(session.scheduled_at, overview.today),
                "\nHost: ",
                session.facilitator or "not assigned",
                "\nTopic: ",
                session.topic or "not set yet",
                "\n",
                self._upcoming_host(overview, "Next host: "),
            )
        return Text.assemble(
            ("Next session\n", "bold"),
            when(session.scheduled_at, overview.today),
            "\nTopic: ",
            session.topic or "not set yet",
            "\n",
            self._upcoming_host(overview, "Host: "),
            self._empty_queue(session),
            self._missed(overview),
        )

    def _missed(self, overview: HomeOverview) -> Text:
        """A planned session whose day passed unheld is never "next": it is shown as missed,
        with the two ways out."""
        if not overview.missed:
            return Text("")
        days = ", ".join(f"{m.scheduled_at:%a %d %b}" for m in overview.missed)
        first = overview.missed[0].scheduled_at
        return Text.assemble(
            ("\nMissed: ", "bold yellow"),
            literal(days),
            (
                f"\n  hold it late: cop session start --date {first:%Y-%m-%d}"
                f"\n  or cancel it: cop session cancel {first:%Y-%m-%d}",
                "dim",
            ),
        )

    def _queue_is_empty(self, session: SessionSummary) -> bool:
        """From two days before, a planned session without a lightning talk says so."""
        days = (session.scheduled_at.date() - self.overview.today).days
        return session.status == SessionStatus.PLANNED and not session.talks and days <= QUEUE_DAYS

    def _empty_queue(self, session: SessionSummary) -> Text:
        if not self._queue_is_empty(session):
            return Text("")
        return Text(
            "\nNo lightning talk yet: c posts the call for talks to chat", style="bold yellow"
        )

    def _upcoming_host(self, overview: HomeOverview, label: str) -> Text:
        """The assigned host, else the rotation's suggestion with its reason. Until the
        rotation is worked out: the planned session's host as stored, else "…"."""
        rotation = self.rotation
        if rotation is None:
            session = overview.next_session
            if session and session.status == SessionStatus.PLANNED and session.facilitator:
                return Text.assemble(label, literal(session.facilitator))
            return Text.assemble(label, ("…", "dim"))
        if rotation.host is not None and rotation.host_conflict:
            return Text.assemble(
                label, literal(rotation.host.name), (f" — {rotation.host_conflict}", "yellow")
            )
        if rotation.host is not None:
            return Text.assemble(label, literal(rotation.host.name))
        if rotation.suggestion is None:
            return Text.assemble(label, ("nobody is eligible (cop rotate says why)", "yellow"))
        return Text.assemble(
            label,
            "not assigned · suggested ",
            (rotation.suggestion.name, "bold"),
            ("\n  " + rotation.suggestion.reason, "dim"),
        )
