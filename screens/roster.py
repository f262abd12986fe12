"""The roster screen: a searchable member table with add, edit, deactivate and forget.

Deactivate (d) keeps a person's history under their name and can be undone; forget (f)
removes the name at the person's request and cannot, so it opens its own dialog."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from facilitator.domain import Member
from facilitator.services.forget_member import ForgetPlan
from facilitator.workspace import Workspace
from screens.confirm import ConfirmScreen
from screens.failures import ReportsFailures
from screens.forget_member import ForgetMemberScreen
from screens.format import literal
from screens.key_bar import KeyBar
from screens.member_form import MemberFormScreen
from screens.text_table import DetailLine, TextTable

PAGE = 100
"""Members read at a time: the rows a screen shows several times over, never a whole
roster of thousands (their figures count the history)."""
LOAD_AHEAD = 20
"""The next page is read when the cursor comes this close to the last row read."""


class RosterScreen(ReportsFailures, Screen[None]):
    CSS_PATH = "roster.tcss"
    BINDINGS = [
        Binding("a", "add", "Add", id="roster.add"),
        Binding("e", "edit", "Edit", id="roster.edit"),
        Binding("d", "deactivate", "Deactivate", id="roster.deactivate"),
        Binding("f", "forget", "Forget", id="roster.forget"),
        Binding("i", "toggle_inactive", "Show inactive", id="roster.inactive"),
        Binding("slash", "search", "Search", key_display="/", id="roster.search"),
        Binding("escape", "back", "Back", id="roster.back"),
    ]

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.show_inactive = False
        """Whether deactivated members are listed too."""
        self.members: list[Member] = []
        """The members read so far, by name: the first pages of the (filtered) roster."""
        self.total = 0
        """How many members the filtered list holds in all."""
        self.roster = 0
        """How many the roster holds, filter or not."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Type to filter: name, department, role…", id="search")
        yield TextTable(id="members", flex=("Name", "Department", "Roles"), detail="detail")
        yield DetailLine(id="detail")
        yield Static(id="count")
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Name", "Department", "Roles", "Attended", "Last hosted", "Can host")
        self.reload()
        table.focus()

    def reload(self, select: str | None = None) -> None:
        """Read the roster again from the top, as far down as it had been read (an edit
        keeps the place); the filter is applied in the database."""
        self.read(0, max(PAGE, len(self.members)))
        self.fill(select)

    def read(self, first: int, size: int) -> None:
        query = self.query_one("#search", Input).value
        page = self.workspace.member_page(self.show_inactive, first, size, query)
        kept = self.members[:first]
        seen = {m.id for m in kept}  # a member added meanwhile shifts a later page by one
        self.members = kept + [m for m in page.members if m.id not in seen]
        self.total, self.roster = page.total, page.roster

    def fill(self, select: str | None = None) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.add_rows(0, select)

    def add_rows(self, first: int, select: str | None = None) -> None:
        """Add the rows of the members read from position `first` on."""
        table = self.query_one(DataTable)
        for index, member in enumerate(self.members[first:], start=first):
            name = member.name if member.active else f"{member.name} (inactive)"
            table.add_row(
                literal(name),
                literal(member.department or ""),
                literal(", ".join(member.roles)),
                literal(member.sessions_attended),
                literal(member.last_hosted.date().isoformat() if member.last_hosted else "never"),
                literal("yes" if member.willing_to_facilitate else "no"),
                key=member.id,
            )
            if member.id == select:
                table.move_cursor(row=index)
        state = "including inactive" if self.show_inactive else "active"
        count = f"{self.total:,} of {self.roster:,} {state} members"
        if len(self.members) < self.total:
            count += f" · {len(self.members):,} read, more as you scroll"
        self.query_one("#count", Static).update(literal(count))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Near the last row read, read the next page: the list scrolls on as one."""
        loaded = len(self.members)
        if event.cursor_row >= loaded - LOAD_AHEAD and loaded < self.total:
            self.read(loaded, PAGE)
            self.add_rows(loaded)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.members = []
        self.reload()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.query_one(DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_edit()

    def selected(self) -> Member | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((m for m in self.members if m.id == key), None)

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_back(self) -> None:
        search = self.query_one("#search", Input)
        if search.value:
            search.value = ""
            self.query_one(DataTable).focus()
        else:
            self.app.pop_screen()

    def action_toggle_inactive(self) -> None:
        self.show_inactive = not self.show_inactive
        self.members = []
        self.reload()

    def action_add(self) -> None:
        self.app.push_screen(MemberFormScreen(None, self.workspace.add_member), self._saved)

    def action_edit(self) -> None:
        member = self.selected()
        if member is None:
            self.notify("No member selected", severity="warning")
            return
        save = partial(self.workspace.edit_member, member.name)
        self.app.push_screen(MemberFormScreen(member, save), self._saved)

    def _saved(self, member: Member | None) -> None:
        if member is not None:
            self.notify(f"Saved {member.name}")
            self.reload(select=member.id)

    def action_deactivate(self) -> None:
        member = self.selected()
        if member is None:
            self.notify("No member selected", severity="warning")
            return
        if not member.active:
            self.notify(f"{member.name} is already inactive")
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                done = self.workspace.deactivate_member(member.name)
                self.notify(f"Deactivated {done.name}; their history stays")
                self.reload()

        self.app.push_screen(
            ConfirmScreen(
                f"Deactivate {member.name}?",
                "They leave the active roster and are no longer suggested as host. "
                "Attendance and hosting history stay.",
                confirm="Deactivate",
            ),
            confirmed,
        )

    def action_forget(self) -> None:
        member = self.selected()
        if member is None:
            self.notify("No member selected", severity="warning")
            return

        def forgotten(plan: ForgetPlan | None) -> None:
            if plan is not None:
                self.notify(f"Forgot {plan.name}; shown as 'a former member' from now on")
                self.reload()

        self.app.push_screen(
            ForgetMemberScreen(
                partial(self.workspace.forget_plan, member.name),
                partial(self.workspace.forget_member, member.name),
            ),
            forgotten,
        )
