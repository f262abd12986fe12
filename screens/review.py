"""The champions' review: every open commitment, who needs a nudge, and follow-through.

A champion says who they are when the screen opens, and sees their own departments first.
Space selects rows; an outcome key reviews the selection (or the row under the cursor) in
one step, all or nothing.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Header, Input, Static

from facilitator.domain import FollowThrough, FollowUpItem, Member, PersonHistory
from facilitator.errors import SHOWN_ERRORS
from facilitator.vocabulary import Role
from facilitator.workspace import Workspace
from screens.failures import ReportsFailures
from screens.follow_up import OUTCOME_KEYS
from screens.format import literal, sentence
from screens.key_bar import KeyBar
from screens.text_table import DetailLine, TextTable
from screens.undo import LastMarks, take_back, undo_binding, undo_hint


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.0%}"


def matches(item: FollowUpItem, query: str) -> bool:
    """Every typed word must appear in the owner's name or department."""
    haystack = f"{item.owner} {item.department or ''}".casefold()
    return all(word in haystack for word in query.casefold().split())


class ReviewScreen(ReportsFailures, Screen[None]):
    CSS_PATH = "review.tcss"
    BINDINGS = [
        Binding("space", "select", "Select", id="review.select"),
        *(
            Binding(key, f"mark('{outcome}')", label, id=f"review.{outcome}")
            for key, (outcome, label) in OUTCOME_KEYS.items()
        ),
        undo_binding("review"),
        Binding("o", "overdue", "Overdue only", id="review.overdue"),
        Binding("slash", "search", "Filter", key_display="/", id="review.search"),
        Binding("v", "history", "History", id="review.history"),
        Binding("y", "nudge", "Copy nudge", id="review.nudge"),
        Binding("escape", "back", "Back", id="review.back"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.reviewer: Member | None = None
        self.items: list[FollowUpItem] = []
        self.shown: list[FollowUpItem] = []
        self.selected: set[str] = set()
        self.overdue_only = False
        self.last_marks: LastMarks | None = None
        self.rates: FollowThrough | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Filter by owner or department (/)", id="search")
        yield TextTable(id="open", flex=("Who", "Department", "Try this week"), detail="detail")
        yield DetailLine(id="detail")
        yield Static(id="rates")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Follow-up"
        table = self.query_one("#open", DataTable)
        table.add_columns(" ", "Who", "Department", "Try this week", "Age", "Due", "Carried")
        members = self.workspace.people()
        champions = [m.name for m in members if Role.CHAMPION in m.roles]
        if champions:
            from screens.prompt import PromptScreen

            def chosen(name: str | None) -> None:
                key = (name or "").strip().casefold()
                self.reviewer = next((m for m in members if m.name.casefold() == key), None)
                self.items = self.sorted(self.items)  # their departments first; no new read
                self.fill()
                self.show_rates()

            self.app.push_screen(
                PromptScreen(
                    "Who is reviewing? (→ completes; enter skips)",
                    f"e.g. {champions[0]}",
                    [m.name for m in members],
                ),
                chosen,
            )
        self.reload()
        table.focus()

    def reload(self) -> None:
        """Read the open commitments and follow-through: on opening and after a change only
        (filtering, sorting and selecting work on what was read)."""
        self.items = self.sorted(self.workspace.open_commitments())
        self.rates = self.workspace.follow_through()
        known = {i.id for i in self.items}
        self.selected &= known
        self.fill()
        self.show_rates()

    def sorted(self, items: list[FollowUpItem]) -> list[FollowUpItem]:
        """A champion's own departments first; within each group the oldest first."""
        mine = (self.reviewer.department or "").casefold() if self.reviewer else ""
        if not mine:
            return items
        return sorted(items, key=lambda i: (i.department or "").casefold() != mine)

    def fill(self) -> None:
        query = self.query_one("#search", Input).value
        self.shown = [
            i for i in self.items if matches(i, query) and (i.overdue or not self.overdue_only)
        ]
        table = self.query_one("#open", DataTable)
        row = table.cursor_row
        table.clear()
        for item in self.shown:
            due = (
                Text(f"{item.due_on:%d %b} overdue", style="bold red")
                if item.overdue
                else Text(f"{item.due_on:%d %b}")
            )
            table.add_row(
                Text("●", style="bold") if item.id in self.selected else Text(" "),
                literal(item.owner),
                literal(item.department or ""),
                literal(item.text),
                literal(f"{item.age_days}d"),
                due,
                literal(f"{item.carries}×" if item.carries else ""),
                key=item.id,
            )
        if self.shown:
            table.move_cursor(row=min(max(row, 0), len(self.shown) - 1))

    def show_rates(self, message: Text | None = None) -> None:
        if self.rates is None:
            self.rates = self.workspace.follow_through()
        rates = self.rates
        departments = " · ".join(f"{r.key} {percent(r.rate)}" for r in rates.departments)
        recent = " · ".join(f"{r.key[5:]} {percent(r.rate)}" for r in rates.sessions[-4:])
        who = f"Reviewing as {self.reviewer.name}. " if self.reviewer else ""
        text = Text.assemble(
            (f"{len(self.shown)} open", "bold"),
            f" of {len(self.items)}",
            (" (overdue only)" if self.overdue_only else ""),
            f" · {len(self.selected)} selected. {who}\n",
            ("Follow-through over 12 months: ", "bold"),
            literal(departments or "nothing resolved yet"),
            ("\nSessions ", "bold"),
            literal(recent or "—"),
        )
        if message is not None:
            text.append("\n")
            text.append_text(message)
        self.query_one("#rates", Static).update(text)

    def cursor_item(self) -> FollowUpItem | None:
        table = self.query_one("#open", DataTable)
        if not self.shown or table.cursor_row < 0:
            return None
        return self.shown[min(table.cursor_row, len(self.shown) - 1)]

    def action_select(self) -> None:
        item = self.cursor_item()
        if item is None:
            return
        self.selected ^= {item.id}
        table = self.query_one("#open", DataTable)
        self.fill()
        table.move_cursor(row=min(table.cursor_row + 1, len(self.shown) - 1))
        self.show_rates()

    def action_mark(self, outcome: str) -> None:
        item = self.cursor_item()
        ids = [i.id for i in self.shown if i.id in self.selected] or ([item.id] if item else [])
        if not ids:
            return
        reviewer = self.reviewer.name if self.reviewer else None
        try:
            results = self.workspace.mark_commitments(ids, outcome, reviewer)
        except SHOWN_ERRORS as error:
            self.show_rates(sentence(str(error)))
            return
        self.selected.clear()
        self.last_marks = LastMarks.after(
            [r.review_id for r in results if r.review_id], self.workspace.clock()
        )
        self.reload()
        notes = [r.suggestion for r in results if r.suggestion]
        said = f"Marked {len(results)} {outcome.replace('_', ' ')}."
        self.show_rates(literal(" ".join([said, *notes])))
        self.notify(f"{said} ({undo_hint()}).")

    def action_undo(self) -> None:
        done, words = take_back(
            self.last_marks, self.workspace.clock(), self.workspace.undo_reviews
        )
        if done:
            self.last_marks = None
            self.reload()
        self.show_rates(literal(words))

    def action_overdue(self) -> None:
        self.overdue_only = not self.overdue_only
        self.fill()
        self.show_rates()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fill()
        self.show_rates()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one("#open", DataTable).focus()

    def action_history(self) -> None:
        item = self.cursor_item()
        if item is not None:
            self.app.push_screen(HistoryOfScreen(self.workspace.person_history(item.owner)))

    def action_nudge(self) -> None:
        item = self.cursor_item()
        nudge = self.workspace.nudge_for(item.owner) if item else None
        if nudge is None:
            return
        self.app.copy_to_clipboard(nudge.message)
        self.notify(f"Nudge for {nudge.owner} copied ({nudge.open_count} open).")

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if self.focused is search:
            self.query_one("#open", DataTable).focus()
            return
        self.app.pop_screen()


class HistoryOfScreen(ReportsFailures, ModalScreen[None]):
    """One person's commitments with their outcomes and follow-through."""

    CSS_PATH = "review.tcss"
    BINDINGS = [Binding("escape", "close", "Back", id="person.back")]

    def __init__(self, person: PersonHistory) -> None:
        super().__init__()
        self.person = person

    def compose(self) -> ComposeResult:
        person = self.person
        text = Text.assemble(
            (person.name, "bold"),
            f"\nMade {person.made} · tried {person.tried} · follow-through "
            f"{percent(person.rate)}\n",
        )
        for item in person.items:
            outcome = (item.outcome or "open").replace("_", " ")
            text.append(f"\n{item.made_on:%d %b}  ")
            text.append(f"[{outcome}] ", style="bold")
            text.append(item.text)
            if item.note:
                text.append(f" — {item.note}", style="italic")
        text.append("\n\nesc back", style="dim")
        yield Static(text, id="person")

    def action_close(self) -> None:
        self.dismiss(None)
