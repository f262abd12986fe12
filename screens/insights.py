"""Insights: how the community is doing over a quarter, for the champion and the host.

The warning signs first (each with its evidence and a next step), then the headline figures
beside the quarter before, charts over the quarter's sessions, and the launch checklist.
`[` and `]` step through quarters; `x` writes the report as Markdown, `p` publishes it.

The charts are Textual's own `Sparkline` widget: a chart over a dozen sessions needs one
bar per session, not axes, and the built-in widget draws it in the theme's colours with no
extra dependency (a plotting widget would add plotext for three one-line charts). It scales
from the smallest value to the largest, so the figures are written beside each chart.
"""

from __future__ import annotations

from datetime import timedelta

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Sparkline, Static

from exporters.insight_headlines import IMPACT_COLUMNS, headlines, impact_rows, inactive_sentence
from facilitator.insight_period import Period, quarter_of
from facilitator.insight_report_data import InsightReport
from facilitator.workspace import Workspace
from screens.failures import ReportsFailures
from screens.format import literal
from screens.key_bar import KeyBar
from screens.publishing import SavesAndPublishes

CHARTS = ("attendance", "presenters", "follow-through", "pulse")
BAR_WIDTH = 2
"""Columns per session in a chart."""


class InsightsScreen(SavesAndPublishes, ReportsFailures, Screen[None]):
    CSS_PATH = "insights.tcss"
    BINDINGS = [
        Binding("x", "export", "Save as Markdown", id="insights.export"),
        Binding("p", "publish", "Publish to Confluence", id="insights.publish"),
        Binding(
            "left_square_bracket",
            "earlier",
            "Quarter before",
            key_display="[",
            id="insights.before",
        ),
        Binding(
            "right_square_bracket", "later", "Quarter after", key_display="]", id="insights.after"
        ),
        Binding("space,pagedown", "scroll(1)", "Read on", key_display="space", show=False),
        Binding("pageup", "scroll(-1)", "Read back", show=False),
        Binding("escape", "back", "Back", id="insights.back"),
    ]
    HELP_TITLE = "Insights: the community's health over a quarter"

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.period: Period = workspace.current_quarter()
        self.latest = self.period
        self.report: InsightReport | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="insights-title")
        with VerticalScroll(id="insights"):
            yield Static(id="warnings")
            yield Static(id="headlines")
            yield Static(id="impact")
            yield Static("Over the quarter's sessions", classes="section-title")
            for name in CHARTS:
                with Horizontal(classes="chart"):
                    yield Static(name.capitalize(), classes="chart-name")
                    yield Sparkline([], id=f"chart-{name}")
                    yield Static(id=f"figures-{name}", classes="chart-figures")
            yield Static(id="checklist")
        yield Static(id="status")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Insights"
        self.load()
        self.query_one("#insights", VerticalScroll).focus()

    def load(self) -> None:
        """Read the period's report (once per visit and per quarter chosen) and show it."""
        self.report = self.workspace.insights(self.period)
        self.show(self.report)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "later":  # no report of a quarter still to come
            return self.period.first < self.latest.first
        return True

    def show(self, report: InsightReport) -> None:
        label = report.period.label
        title = Text.assemble(
            (report.community, "bold"),
            f"  ·  {label}: {report.first_day:%d %b} – {report.last_day:%d %b %Y}",
        )
        if self.period == self.latest:
            title.append("  (so far)", "dim")
        self.query_one("#insights-title", Static).update(title)
        self.query_one("#warnings", Static).update(self._warnings(report))
        self.query_one("#headlines", Static).update(self._headlines(report))
        self.query_one("#impact", Static).update(self._impact(report))
        points = report.sessions
        rates = [p.follow_through for p in points if p.follow_through is not None]
        averages = [p.pulse_average for p in points if p.pulse_average is not None]
        pulse = report.period.pulse
        pulse_note = (
            f" (spread {pulse.spread:.1f}, {pulse.response_rate:.0%} voted)"
            if pulse.spread is not None and pulse.response_rate is not None
            else ""
        )
        series = {
            "attendance": ([p.people for p in points], " ".join(str(p.people) for p in points)),
            "presenters": (
                [p.presenters for p in points],
                " ".join(str(p.presenters) for p in points),
            ),
            "follow-through": (
                [round(r * 100) for r in rates],
                " ".join(f"{r:.0%}" for r in rates) or "none resolved yet",
            ),
            "pulse": (
                [round(a * 10) for a in averages],
                " ".join(f"{a:.1f}" for a in averages) + pulse_note
                if averages
                else "no pulse taken",
            ),
        }
        for name, (values, figures) in series.items():
            chart = self.query_one(f"#chart-{name}", Sparkline)
            chart.data = values
            chart.styles.width = max(1, len(values)) * BAR_WIDTH
            chart.display = bool(values)
            shown = figures if values else "no session held"
            self.query_one(f"#figures-{name}", Static).update(literal(shown))
        self.query_one("#checklist", Static).update(self._checklist(report))

    def _warnings(self, report: InsightReport) -> Group | Text:
        if not report.warnings:
            return Text(f"No warning signs in {report.period.label}.", style="green")
        listed = Table.grid(padding=(0, 1))
        listed.add_column(no_wrap=True)
        listed.add_column()
        for warning in report.warnings:
            listed.add_row(
                "•", Text.assemble((warning.evidence, "bold"), f"\n→ {warning.next_step}")
            )
        parts = [Text(f"Warning signs ({len(report.warnings)})", "bold yellow"), listed]
        if report.inactive:
            parts.append(Text(inactive_sentence(report) + ", ".join(report.inactive), "dim"))
        return Group(*parts)

    def _headlines(self, report: InsightReport) -> Table:
        table = Table(box=None, pad_edge=False, header_style="bold", expand=False)
        table.add_column("")
        table.add_column(report.period.label, justify="right")
        table.add_column(report.before.label, justify="right")
        table.add_column("")
        for h in headlines(report.period, report.before):
            table.add_row(h.name, h.now, h.before, h.trend)
        return table

    def _impact(self, report: InsightReport) -> Group:
        """The playbook's three measures, this half-year beside the one before."""
        table = Table(box=None, pad_edge=False, header_style="bold", expand=False)
        for column in IMPACT_COLUMNS:
            table.add_column(column, justify="left" if column == IMPACT_COLUMNS[0] else "right")
        for row in impact_rows(report):
            table.add_row(*row)
        return Group(Text("\nImpact by half-year", style="bold"), table)

    def _checklist(self, report: InsightReport) -> Group:
        done = sum(line.done for line in report.checklist)
        listed = Table.grid(padding=(0, 1))
        listed.add_column(no_wrap=True)
        listed.add_column()
        for line in report.checklist:
            mark = Text("✓", "green") if line.done else Text("✗", "red")
            listed.add_row(mark, Text.assemble(line.label, (f" — {line.evidence}", "dim")))
        return Group(Text(f"Launch checklist: {done} of {len(report.checklist)}", "bold"), listed)

    def action_earlier(self) -> None:
        self.period = self.period.before()
        self.say("")
        self.load()

    def action_later(self) -> None:
        following = quarter_of(self.period.last + timedelta(days=1))
        if following.first > self.latest.first:
            return
        self.period = following
        self.say("")
        self.load()

    def action_scroll(self, pages: int) -> None:
        body = self.query_one("#insights", VerticalScroll)
        if pages > 0:
            body.scroll_page_down(animate=False)
        else:
            body.scroll_page_up(animate=False)

    def action_export(self) -> None:
        report = self.report
        if report is not None:
            self.ask_and_save(
                "Save the report as Markdown to (enter keeps the default):",
                self.workspace.default_insights_path(report),
                lambda path: self.workspace.write_insights(report, path),
            )

    def action_publish(self) -> None:
        period = self.period
        self.start_publishing(
            f"the {period.label} report", lambda: self.workspace.publish_insights(period)
        )

    def published(self, message: Text, error: bool) -> None:
        super().published(message, error)
        if not error:
            self.load()  # the checklist now counts the report as shared

    def action_back(self) -> None:
        self.app.pop_screen()
