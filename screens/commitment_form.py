"""Commitments: one person's "try this week", with a due date, or an explicit pass.

In Handoff, `c` walks through everyone present who has neither committed nor passed; in
any other part it records one commitment for whoever is named.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Select, Static

from facilitator.dates import parse_day
from facilitator.domain import AttendanceRow, CommitmentItem
from facilitator.errors import SHOWN_ERRORS, NotPresent
from facilitator.live_session import LiveSession
from facilitator.vocabulary import AttendanceStatus, TalkStatus
from screens.clock_line import ClockLine
from screens.confirm import ConfirmScreen
from screens.drafts import DraftForm
from screens.format import clipped, literal, sentence
from screens.note_area import NoteArea

INSPIRATION_WIDTH = 50


@dataclass(frozen=True)
class CommitmentStep:
    """What the form did: a saved commitment, or a pass (commitment is None)."""

    commitment: CommitmentItem | None


class CommitmentFormScreen(DraftForm[CommitmentStep]):
    CSS_PATH = "commitment_form.tcss"
    DRAFT_FIELDS = ("owner", "text", "due")
    BINDINGS = [
        Binding("escape", "cancel", "Stop", id="commitment.cancel"),
        Binding("ctrl+s", "save", "Save", id="commitment.save"),
        Binding("ctrl+n", "pass", "Pass", id="commitment.pass"),
    ]

    def __init__(
        self,
        live: LiveSession,
        today: date,
        person: AttendanceRow | None = None,
        progress: str = "",
    ) -> None:
        super().__init__(live, f"commitment:{person.member_id}" if person else "commitment")
        if person is not None:
            self.DRAFT_FIELDS = ("text", "due")  # the owner is fixed in the walk-through
        self.today = today
        self.person = person
        self.progress = progress

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield ClockLine(self.live)
            if self.person is not None:
                title = literal(f"{self.person.name}: what will you try this week?")
                if self.progress:
                    title.append(f"  ({self.progress})", style="dim")
                yield Label(title, id="title")
            else:
                yield Label("New commitment", id="title")
                names = [
                    r.name for r in self.live.attendance() if r.status == AttendanceStatus.PRESENT
                ]
                yield Input(
                    placeholder="Who (→ completes from those present)",
                    suggester=SuggestFromList(names, case_sensitive=False),
                    id="owner",
                )
            yield NoteArea(
                placeholder="One concrete thing to try (enter saves, ctrl+j new line)", id="text"
            )
            with Horizontal(id="row"):
                yield Input(self.live.info.default_due.isoformat(), id="due")
                yield Select(self._inspirations(), prompt="Inspired by (optional)", id="inspired")
            yield Static(
                "ctrl+n: pass this time · esc: stop" if self.person else "esc: cancel", id="hint"
            )
            yield Static(id="error")

    def _inspirations(self) -> list[tuple[Text, str]]:
        """Talks and takeaways as literal labels, cut with an ellipsis, never read as markup."""
        options = [
            (clipped(f"talk: {t.title}", INSPIRATION_WIDTH), f"talk:{t.id}")
            for t in self.live.talks()
            if t.status in (TalkStatus.GIVEN, TalkStatus.RUNNING)
        ]
        options += [
            (clipped(f"{t.kind}: {t.text}", INSPIRATION_WIDTH), f"takeaway:{t.id}")
            for t in self.live.takeaways()
        ]
        return options

    def on_mount(self) -> None:
        self.restore_draft()
        self.query_one("#text" if self.person else "#owner").focus()

    def action_save(self, mark_present: bool = False) -> None:
        owner = self.person.name if self.person else self.query_one("#owner", Input).value
        text = self.query_one("#text", NoteArea).value
        inspired = self.query_one("#inspired", Select).value
        link = str(inspired) if inspired is not Select.NULL else ""
        try:
            due = parse_day(self.query_one("#due", Input).value, self.today)
            saved = self.live.add_commitment(
                owner,
                text,
                due,
                talk_id=link.removeprefix("talk:") if link.startswith("talk:") else None,
                takeaway_id=(
                    link.removeprefix("takeaway:") if link.startswith("takeaway:") else None
                ),
                mark_present=mark_present,
            )
        except NotPresent as absent:
            self.ask_to_check_in(absent.name)
            return
        except SHOWN_ERRORS as error:
            self.query_one("#error", Static).update(sentence(str(error)))
            return
        self.discard_draft()
        self.dismiss(CommitmentStep(saved))

    def ask_to_check_in(self, name: str) -> None:
        """Someone who is not checked in commits: mark them present, or keep the form."""

        def answer(confirmed: bool | None) -> None:
            if confirmed:
                self.action_save(mark_present=True)
            else:
                self.query_one("#error", Static).update(
                    literal(f"{name} is not checked in; only people present commit.")
                )

        self.app.push_screen(
            ConfirmScreen(
                f"{name} is not checked in.",
                "Mark them present and save the commitment?",
                confirm="Mark present",
            ),
            answer,
        )

    def action_pass(self) -> None:
        if self.person is None:
            return
        try:
            self.live.pass_commitment(self.person.member_id)
        except SHOWN_ERRORS as error:
            self.query_one("#error", Static).update(sentence(str(error)))
            return
        self.discard_draft()
        self.dismiss(CommitmentStep(None))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def on_note_area_submitted(self, event: NoteArea.Submitted) -> None:
        self.action_save()

    def action_cancel(self) -> None:
        self.close_keeping_draft()


def start_commitments(screen: Screen, live: LiveSession, today: date, refresh) -> None:
    """Handoff: walk through the room; other parts: one commitment for anyone present."""
    if live.reading().is_last_part:
        try:
            walk_through(screen, live, today, refresh, done=0)
            return
        except SHOWN_ERRORS as error:  # who is still to ask cannot be read: one form instead
            screen.app.report_failure(error)

    def saved(step: CommitmentStep | None) -> None:
        refresh()
        if step and step.commitment:
            screen.notify(f"Commitment saved for {step.commitment.owner}.")

    screen.app.push_screen(CommitmentFormScreen(live, today), saved)


def walk_through(screen: Screen, live: LiveSession, today: date, refresh, done: int) -> None:
    queue = live.handoff_queue()
    if not queue:
        message = (
            "Everyone present has a commitment or has passed."
            if done or live.commitments()
            else "Nobody is checked in as present yet: press a for attendance."
        )
        screen.notify(message)
        return

    def next_person(step: CommitmentStep | None) -> None:
        refresh()
        if step is not None:
            walk_through(screen, live, today, refresh, done + 1)

    progress = f"{len(queue)} to go"
    screen.app.push_screen(CommitmentFormScreen(live, today, queue[0], progress), next_person)
