"""`cop report`: the communities' health over a quarter or a range of days, for leadership."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from facilitator.cli.common import (
    CommunityOption,
    FormatOption,
    OutputOption,
    check_format,
    emit,
    open_db,
)


def report(
    quarter: Annotated[
        str | None, typer.Option(help="The quarter, e.g. 2026Q4 (default: the current one).")
    ] = None,
    from_: Annotated[
        str | None, typer.Option("--from", help="First day of the period (YYYY-MM-DD).")
    ] = None,
    to: Annotated[str | None, typer.Option(help="Last day of the period (YYYY-MM-DD).")] = None,
    fmt: FormatOption = "markdown",
    output: OutputOption = "-",
    community: CommunityOption = None,
    all_communities: Annotated[
        bool,
        typer.Option(
            "--all-communities", help="Every community in one report, with a table of them all."
        ),
    ] = False,
    publish: Annotated[
        bool,
        typer.Option(
            "--publish",
            help="Create or update the period's Confluence page (one page per period).",
        ),
    ] = False,
) -> None:
    """Regularity, attendance, newcomers, voices, reach, learning and follow-through against
    the period before, with the warning signs and the launch checklist, as Markdown or
    Confluence storage format."""
    from facilitator.clock import utc_now
    from facilitator.errors import InvalidInput
    from facilitator.services.insight_report import every_insight_report, insight_report

    check_format(fmt)
    if community and all_communities:
        raise InvalidInput("give --community or --all-communities, not both")
    now = utc_now()
    period = chosen_period(quarter, from_, to, now.date())
    if publish:
        from facilitator.cli.publish import publish_report

        publish_report(community, period, now, every=all_communities)
        return
    db = open_db(reading=True)
    if all_communities:
        reports = every_insight_report(db, period, now)
    else:
        reports = [insight_report(db, community, period, now)]
    if fmt == "markdown":
        from exporters.insight_markdown import render, render_all
    else:
        from exporters.insight_confluence import render, render_all
    content = render_all(reports) if all_communities else render(reports[0])
    emit(content, output, period.label)


def chosen_period(quarter: str | None, from_: str | None, to: str | None, today: date):
    """The period --quarter or --from/--to name, the current quarter by default."""
    from facilitator.insight_period import period_from_options, quarter_of

    return period_from_options(quarter, from_, to, default=quarter_of(today))
