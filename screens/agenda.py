"""The live session: the four-part agenda with a countdown readable on a shared screen.

The clock shown is always read from the stored events (LiveSession.reading); the interval
below only repaints, at most twice a second, and keeps doing so while a modal is open.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from facilitator.agenda_clock import ClockReading
from facilitator.domain import TakeawayItem, Talk
from facilitator.errors import SHOWN_ERRORS
from facilitator.live_session import DIALOGUE_PART, TALK_PART, LiveSession, talk_seconds_left
from facilitator.vocabulary import AttendanceStatus, TalkStatus
from facilitator.workspace import Workspace
from screens.big_clock import FONT_ROWS, BigClock
from screens.clock_state import SPACE_ACTIONS, ClockState
from screens.confirm import ConfirmScreen
from screens.failures import ReportsFailures, in_timer
from screens.format import (
    clock_text,
    clock_words,
    duration,
    late_words,
    literal,
    minutes,
    sentence,
)
from screens.key_bar import KeyBar
from screens.text_table import DetailLine, TextTable

REPAINT_SECONDS = 0.5


class AgendaScreen(ReportsFailures, Screen[None]):
    CSS_PATH = "agenda.tcss"
    HELP_TITLE = "Live session"
    BINDINGS = [
        Binding("space", "pause", "Pause", tooltip="pause the clock", id="agenda.pause"),
        Binding(
            "space",
            "resume",
            "Resume",
            tooltip="the clock is paused: run it again",
            id="agenda.resume",
        ),
        Binding(
            "space", "start_clock", "Start", tooltip="start the clock now", id="agenda.start_clock"
        ),
        Binding(
            "n", "next", "Next", tooltip="next part (in Handoff: the closing)", id="agenda.next"
        ),
        Binding("b", "back", "Back", tooltip="back to the previous part", id="agenda.back"),
        Binding(
            "plus,equals_sign",
            "adjust(60)",
            "Min",
            key_display="+/-",
            tooltip="a minute more or less on this part",
            id="agenda.more",
        ),
        Binding(
            "minus",
            "adjust(-60)",
            "-1 min",
            show=False,
            tooltip="a minute less on this part",
            id="agenda.less",
        ),
        Binding(
            "r",
            "rebalance",
            "Rebalance",
            tooltip="running late: shorten the parts before Handoff",
            id="agenda.rebalance",
        ),
        Binding(
            "l",
            "talks",
            "Talks",
            tooltip="the lightning-talk queue and its timer",
            id="agenda.talks",
        ),
        Binding("t", "takeaway", "Takeaway", tooltip="capture a takeaway", id="agenda.takeaway"),
        Binding(
            "c",
            "commitments",
            "Commit",
            tooltip="commitments (in Handoff: everyone present in turn)",
            id="agenda.commit",
        ),
        Binding(
            "f",
            "follow_up",
            "Follow-up",
            tooltip="check in on earlier commitments",
            id="agenda.follow_up",
        ),
        Binding("h", "next_host", "Host", tooltip="who hosts next time", id="agenda.next_host"),
        Binding(
            "d",
            "topics",
            "Topics",
            tooltip="the Dialogue topic board: vote, then talk each through in a timebox",
            id="agenda.topics",
        ),
        Binding(
            "v",
            "pulse",
            "Pulse",
            tooltip="the pulse: the room's votes on “was it worth your time?” (1 to 5)",
            id="agenda.pulse",
        ),
        Binding(
            "k",
            "library",
            "Library",
            tooltip="search what the community learned before; the clock keeps running",
            id="agenda.library",
        ),
        Binding(
            "a", "attendance", "Attend", tooltip="attendance: who is here", id="agenda.attendance"
        ),
        Binding(
            "z",
            "present",
            "Present",
            tooltip="presentation mode: the clock fills the screen",
            id="agenda.present",
        ),
        Binding("e", "close", "End", tooltip="close the session", id="agenda.end"),
        Binding(
            "escape",
            "home",
            "Home",
            tooltip="home screen; the session keeps running",
            id="agenda.home",
        ),
        Binding(
            "delete,backspace",
            "delete_takeaway",
            "Delete",
            show=False,
            tooltip="delete the highlighted takeaway",
            id="agenda.delete",
        ),
    ]

    def __init__(self, workspace: Workspace, live: LiveSession) -> None:
        super().__init__()
        self.workspace = workspace
        self.live = live
        self.tz = ZoneInfo(live.info.timezone)
        self.belled: set[str] = set()
        """Parts whose zero has rung the bell, so it rings once per part."""
        self.asking_about_sleep = False
        self.takeaway_items: list[TakeawayItem] = []
        self.talk_list: list[Talk] = []
        self.present = 0
        self.painted: dict[str, object] = {}
        """What each widget shows now: a repaint updates only what changed."""
        self.host_hint: Text | None = None
        """The next-host line shown in Handoff; read once, again after a change."""
        self.loaded_on_mount = False
        """The lists were just read as the screen mounted: its first resume reads nothing."""
        self.follow_up_hint: Text | None = None
        """The open-commitments line shown in Input; read once, again after a change."""
        self.clock_state = ClockState.IDLE
        """What space does now (start, pause or resume): the key bar names that."""
        self.in_handoff = False
        """Whether the clock is in the last part, where `v` takes the pulse."""
        self.in_dialogue = False
        """Whether the clock is in Dialogue, where `d` opens the topic board."""
        self.pulse_entered: list[int] = []
        """The pulse votes entered from this screen, latest last (the panel's undo)."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="agenda"):
            yield Static(id="strip")
            with Horizontal(id="clocks"):
                with Vertical(id="part-box"):
                    yield Static(id="part-name")
                    yield BigClock(id="countdown")
                    yield Static(id="talk")
                yield Static(id="session-clock")
            yield Static(id="captures-title")
            yield TextTable(id="takeaways", flex=("Takeaway",), detail="takeaway-detail")
            yield DetailLine(id="takeaway-detail")
        yield KeyBar(palette=False)

    def on_mount(self) -> None:
        info = self.live.info
        self.sub_title = f"{info.community} · {info.topic or 'live session'}"
        table = self.query_one("#takeaways", DataTable)
        table.add_columns("Kind", "Takeaway", "From")
        self.reload_lists()
        self.loaded_on_mount = True
        reading = self.live.reading()
        self.belled = {p.id for p in reading.parts if p.remaining_seconds <= 0}
        self.paint(reading)
        self.set_interval(REPAINT_SECONDS, in_timer(self, self.tick))
        if not reading.started:
            self.action_attendance(first=True)

    def on_resize(self, event: events.Resize) -> None:
        """The countdown grows with the terminal: one more step every 16 rows."""
        self.query_one("#countdown", BigClock).styles.height = FONT_ROWS * max(
            1, event.size.height // 16
        )

    def on_screen_resume(self) -> None:
        """Back from a dialog: read what it may have changed (not again right after mount)."""
        if self.loaded_on_mount:
            self.loaded_on_mount = False
            return
        self.reload_lists()
        self.paint(self.live.reading())

    # Painting

    def tick(self) -> None:
        gap = self.live.notice_sleep()
        if gap and not self.asking_about_sleep:
            self.ask_about_sleep(gap)
        self.paint(self.live.reading())

    def _show(self, selector: str, content: Text | str) -> None:
        if self.painted.get(selector) != content:
            self.painted[selector] = content
            self.query_one(selector).update(content)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Space is one key with three names: the key bar shows the one it does now."""
        if action in SPACE_ACTIONS:
            return SPACE_ACTIONS[action] == self.clock_state
        if action == "pulse":  # the room votes at Handoff; the key bar shows it only then
            return self.in_handoff
        if action == "topics":  # the topic board belongs to Dialogue
            return self.in_dialogue
        return True

    def paint(self, reading: ClockReading) -> None:
        state = ClockState.of(reading)
        handoff = reading.started and reading.is_last_part
        dialogue = reading.started and reading.current == DIALOGUE_PART
        if state != self.clock_state or (handoff, dialogue) != (self.in_handoff, self.in_dialogue):
            self.clock_state = state
            self.in_handoff, self.in_dialogue = handoff, dialogue
            self.refresh_bindings()
        self._show("#strip", self.strip(reading))
        part = reading.part
        name = Text.assemble((part.name, "bold"), f"  ·  {minutes(part.budget_seconds)}")
        if not reading.started:
            name.append("  ·  not started", style="italic")
        elif not reading.running:
            name.append("  ·  PAUSED", style="bold reverse")
        talk = self.live.running_talk(reading)
        topic = self.live.running_topic(reading)
        if talk is not None:
            name = Text.assemble(("Talk  ", "bold"), literal(talk.presenter))
        elif topic is not None:
            name = Text.assemble(("Topic  ", "bold"), literal(topic.text))
        if (talk or topic) is not None and state == ClockState.PAUSED:
            name.append("  ·  PAUSED", style="bold reverse")
        left = reading.remaining_seconds
        # While a talk or a topic runs, its own countdown is the big one.
        shown = left
        if talk is not None:
            shown = talk_seconds_left(talk, reading)
        elif topic is not None:
            shown = reading.topic_remaining_seconds
        if reading.started and clock_words(shown):  # the clock's colour, said in words
            name.append(f"  ·  {clock_words(shown)}", style="bold")
        self._show("#part-name", name)
        self.query_one("#countdown", BigClock).show(shown)
        if reading.running and left <= 0 and part.id not in self.belled:
            self.belled.add(part.id)
            self.app.bell()
        self._show("#talk", self.talk_line(reading))
        self._show("#session-clock", self.session_clock(reading))

    def strip(self, reading: ClockReading) -> Text:
        text = Text()
        for i, part in enumerate(reading.parts):
            if i:
                text.append(" › ", style="dim")
            label = f"{part.name} {minutes(part.budget_seconds)}"
            if i < reading.current:
                text.append(f"✓ {part.name}", style="dim")
            elif i == reading.current:
                text.append(f"▶ {label}", style="bold reverse")
            else:
                text.append(label)
        return text

    def talk_line(self, reading: ClockReading) -> Text:
        if reading.is_last_part and reading.talk_id is None:
            if self.host_hint is None:
                self.host_hint = self.next_host_hint()
            return self.host_hint
        if reading.current == 0 and reading.talk_id is None:
            if self.follow_up_hint is None:
                self.follow_up_hint = self.open_follow_up_hint()
            return self.follow_up_hint
        if reading.topic_id is not None:
            return self.topic_line(reading)
        if reading.talk_id is None:
            if reading.current == TALK_PART:
                return Text("Lightning talks: l to open the queue", style="dim")
            if reading.current == DIALOGUE_PART:
                return Text("Dialogue topics: d opens the board", style="dim")
            return Text("")
        talk = self.live.running_talk(reading)
        if talk is None:
            return Text("")
        return Text.assemble(
            literal(talk.title),
            (f"  ·  {reading.part.name} {clock_text(reading.remaining_seconds)} left", "dim"),
        )

    def topic_line(self, reading: ClockReading) -> Text:
        """The topic's countdown has the big clock; this line keeps Dialogue's own, and at
        zero says the room's two choices."""
        dialogue = f"{reading.part.name} {clock_text(reading.remaining_seconds)} left"
        if reading.topic_remaining_seconds > 0:
            return Text(f"{dialogue}  ·  d: the topic board", style="dim")
        return Text.assemble(
            ("TIME'S UP for this topic", "bold reverse"), f"  d: y go on · n move on  ·  {dialogue}"
        )

    def open_follow_up_hint(self) -> Text:
        waiting = len(self.live.open_follow_ups(self.live.today()))
        if not waiting:
            return Text("")
        return Text.assemble(("Follow-up: ", "bold"), f"{waiting} open", ("  f: check in", "dim"))

    def next_host_hint(self) -> Text:
        rotation = self.live.next_host()
        if rotation.host is not None and rotation.host_conflict:
            return Text.assemble(
                ("Next host: ", "bold"),
                literal(rotation.host.name),
                (f" — {rotation.host_conflict}!", "bold yellow"),
                ("  h: check", "dim"),
            )
        if rotation.host is not None:
            return Text.assemble(
                ("Next host: ", "bold"), literal(rotation.host.name), ("  h: change", "dim")
            )
        if rotation.suggestion is None:
            return Text.assemble(("Next host: ", "bold"), "nobody eligible", ("  h: pick", "dim"))
        return Text.assemble(
            ("Next host: ", "bold"),
            "suggested ",
            (rotation.suggestion.name, "bold"),
            ("  h: accept, pick or skip", "dim"),
        )

    def session_clock(self, reading: ClockReading) -> Text:
        if not reading.started:
            return Text("Clock starts after check-in.\nPress space to start now.")
        planned = reading.planned_end.astimezone(self.tz)
        projected = reading.projected_end.astimezone(self.tz)
        verdict = late_words(reading.late_minutes)
        return Text.assemble(
            ("Elapsed      ", "bold"),
            duration(reading.session_elapsed_seconds),
            ("\nPlanned end  ", "bold"),
            f"{planned:%H:%M}",
            ("\nProjected    ", "bold"),
            f"{projected:%H:%M}  ",
            verdict,
            ("\nPresent      ", "bold"),
            str(self.present),
            ("   a: change", "dim"),
        )

    def reload_lists(self) -> None:
        """Re-read what was captured (after a change or on return from a modal)."""
        self.host_hint = None
        self.follow_up_hint = None
        self.present = sum(
            1 for r in self.live.attendance() if r.status == AttendanceStatus.PRESENT
        )
        self.talk_list = self.live.talks()
        self.takeaway_items = self.live.takeaways()
        table = self.query_one("#takeaways", DataTable)
        table.clear()
        for item in self.takeaway_items:
            table.add_row(
                literal(item.kind), literal(item.text), literal(item.author or ""), key=item.id
            )
        listed = self.live.commitments()
        commitments = sum(1 for c in listed if not c.carried)
        carried = len(listed) - commitments
        talks = self.talk_list
        given = sum(1 for t in talks if t.status == TalkStatus.GIVEN)
        self.query_one("#captures-title", Static).update(
            Text.assemble(
                (f"Takeaways ({len(self.takeaway_items)})", "bold"),
                f" · Commitments {commitments}",
                f" (+{carried} carried)" if carried else "",
                f" · Talks {given} of {len(talks)} given",
                ("   enter: edit · del: delete" if self.takeaway_items else "", "dim"),
            )
        )

    # Clock keys

    def _do(self, change) -> ClockReading | None:
        """Run a clock change; a refusal is shown, never raised."""
        try:
            reading = change()
        except SHOWN_ERRORS as error:
            self.notify(str(sentence(str(error))), severity="warning")
            return None
        self.paint(reading)
        return reading

    def action_pause(self) -> None:
        self._do(self.live.toggle_pause)

    action_resume = action_pause
    action_start_clock = action_pause

    def action_next(self) -> None:
        if self.live.reading().is_last_part:
            self.action_close()
            return
        self._goto(+1)

    def action_back(self) -> None:
        self._goto(-1)

    def _goto(self, offset: int) -> None:
        try:
            reading, finished = self.live.goto(offset)
        except SHOWN_ERRORS as error:
            self.notify(str(sentence(str(error))), severity="warning")
            return
        if finished is not None:
            self.notify(f"Talk marked given: {finished.title}")
        self.paint(reading)
        self.reload_lists()

    def action_adjust(self, seconds: int) -> None:
        reading = self._do(lambda: self.live.adjust(seconds))
        if reading and reading.is_last_part and seconds < 0:
            self.notify(f"Handoff shortened to {minutes(reading.part.budget_seconds)}")

    def action_rebalance(self) -> None:
        proposal = self.live.rebalance_proposal()
        if proposal is None:
            words, _ = late_words(self.live.reading().late_minutes)
            self.notify(f"The session runs {words}; nothing to rebalance.")
            return
        if not proposal.cuts:
            self.notify(
                "Nothing left to shorten before Handoff. Handoff is kept; "
                "shorten it yourself with - if you must.",
                severity="warning",
            )
            return
        reading = self.live.reading()
        lines = [
            f"{reading.parts[i].name}: {minutes(reading.parts[i].budget_seconds)} → "
            f"{minutes(reading.parts[i].budget_seconds - seconds)}"
            for i, seconds in proposal.cuts
        ]
        handoff = reading.parts[-1]
        lines.append(f"{handoff.name} stays {minutes(handoff.budget_seconds)}.")
        if proposal.still_late_seconds:
            lines.append(f"Still {proposal.still_late_seconds // 60} min late.")

        def apply(confirmed: bool | None) -> None:
            if confirmed:
                self._do(lambda: self.live.apply_rebalance(proposal))
                self.notify("Agenda rebalanced.")

        self.app.push_screen(
            ConfirmScreen(
                f"Running {proposal.late_seconds // 60} min late: shorten the rest?",
                "\n".join(lines),
                confirm="Apply",
            ),
            apply,
        )

    def ask_about_sleep(self, gap: float) -> None:
        self.asking_about_sleep = True

        def answer(count: bool | None) -> None:
            self.asking_about_sleep = False
            if not count:
                self._do(lambda: self.live.discount(gap))
                self.notify("The time asleep was taken off the clock.")

        self.app.push_screen(
            ConfirmScreen(
                f"The laptop was asleep for about {round(gap / 60)} min.",
                "Count that time on the agenda clock? (y: the meeting went on; "
                "n: take it off the clock)",
                confirm="Count it",
            ),
            answer,
        )

    # Captures

    def action_talks(self) -> None:
        from screens.talks import TalksScreen

        self.app.push_screen(TalksScreen(self.workspace, self.live))

    def action_takeaway(self) -> None:
        from screens.takeaway_form import TakeawayFormScreen

        def saved(item: TakeawayItem | None) -> None:
            if item is not None:
                self.reload_lists()
                self.notify(f"Takeaway saved ({item.kind}).")

        self.app.push_screen(TakeawayFormScreen(self.live, self.member_names()), saved)

    def action_library(self) -> None:
        from screens.library import LibraryScreen

        self.app.push_screen(
            LibraryScreen(self.workspace, self.live), lambda _: self.reload_lists()
        )

    def member_names(self) -> list[str]:
        return [r.name for r in self.live.attendance()]

    def _selected_takeaway(self) -> TakeawayItem | None:
        table = self.query_one("#takeaways", DataTable)
        if not self.takeaway_items or table.cursor_row < 0:
            return None
        return self.takeaway_items[min(table.cursor_row, len(self.takeaway_items) - 1)]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit_takeaway()

    def action_edit_takeaway(self) -> None:
        from screens.takeaway_form import TakeawayFormScreen

        item = self._selected_takeaway()
        if item is None:
            return

        def saved(changed: TakeawayItem | None) -> None:
            if changed is not None:
                self.reload_lists()
                self.notify("Takeaway updated.")

        self.app.push_screen(TakeawayFormScreen(self.live, self.member_names(), item), saved)

    def action_delete_takeaway(self) -> None:
        item = self._selected_takeaway()
        if item is None:
            return

        def delete(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                self.live.delete_takeaway(item.id)
            except SHOWN_ERRORS as error:
                self.notify(str(sentence(str(error))), severity="warning")
            else:
                self.notify("Takeaway deleted.")
            self.reload_lists()

        self.app.push_screen(
            ConfirmScreen("Delete this takeaway?", item.text[:300], confirm="Delete"), delete
        )

    def action_commitments(self) -> None:
        from screens.commitment_form import start_commitments

        start_commitments(self, self.live, self.live.today(), self.reload_lists)

    def action_attendance(self, first: bool = False) -> None:
        from screens.checkin import CheckInScreen

        def done(_: None) -> None:
            if first:
                self._do(self.live.start)
            self.reload_lists()
            self.paint(self.live.reading())
            if first and self.live.open_follow_ups(self.live.today()):
                self.action_follow_up()

        self.app.push_screen(CheckInScreen(self.live, self.live.today()), done)

    def action_follow_up(self) -> None:
        """Ask about earlier commitments; the clock keeps running meanwhile."""
        from screens.follow_up import FollowUpScreen

        def done(_: None) -> None:
            self.reload_lists()
            self.paint(self.live.reading())

        self.app.push_screen(FollowUpScreen(self.live, self.live.today()), done)

    def action_next_host(self) -> None:
        from screens.next_host import NextHostScreen

        def done(_: None) -> None:
            self.reload_lists()
            self.paint(self.live.reading())

        self.app.push_screen(NextHostScreen(self.live, self.member_names()), done)

    def action_topics(self) -> None:
        from screens.topic_board import TopicBoardScreen

        self.app.push_screen(TopicBoardScreen(self.live), lambda _: self.reload_lists())

    def action_pulse(self) -> None:
        from screens.pulse_panel import PulsePanel

        def done(_: None) -> None:
            self.reload_lists()
            self.paint(self.live.reading())

        self.app.push_screen(PulsePanel(self.live, self.pulse_entered), done)

    def action_close(self) -> None:
        """Closing before Handoff skips the commitments: say so before doing it."""
        from screens.closing import ClosingScreen

        reading = self.live.reading()
        if reading.is_last_part or not reading.started:
            self.app.push_screen(ClosingScreen(self.workspace, self.live))
            return
        handoff = reading.parts[-1].name

        def answer(confirmed: bool | None) -> None:
            if confirmed:
                self.app.push_screen(ClosingScreen(self.workspace, self.live))

        self.app.push_screen(
            ConfirmScreen(
                f"Close during {reading.part.name}?",
                f"{handoff} has not started: that is where each person names one thing to "
                f"try this week. Closing now skips it (n goes on to the next part instead).",
                confirm="Close anyway",
            ),
            answer,
        )

    def action_present(self) -> None:
        from screens.presentation import PresentationScreen

        self.app.push_screen(PresentationScreen(self.live, self))

    def action_home(self) -> None:
        self.notify("The session keeps running; press s on the home screen to come back.")
        self.app.pop_screen()
