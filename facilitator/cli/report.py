"""`cop report`: the community's health over a quarter or a range of days, for leadership."""

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
) -> None:
    """Regularity, attendance, newcomers, voices, reach, learning and follow-through against
    the period before, with the warning signs, as Markdown or Confluence storage format."""
    from facilitator.clock import utc_now
    from facilitator.errors import InvalidInput
    from facilitator.insight_period import days_between, parse_quarter, quarter_of
    from facilitator.services.insight_report import insight_report

    check_format(fmt)
    now = utc_now()
    if quarter and (from_ or to):
        raise InvalidInput("give --quarter or --from/--to, not both")
    if quarter:
        period = parse_quarter(quarter)
    elif from_ or to:
        if not (from_ and to):
            raise InvalidInput("--from and --to go together")
        period = days_between(_day("--from", from_), _day("--to", to))
    else:
        period = quarter_of(now.date())
    if fmt == "markdown":
        from exporters.insight_markdown import render
    else:
        from exporters.insight_confluence import render
    content = render(insight_report(open_db(reading=True), community, period, now))
    emit(content, output, period.label)


def _day(option: str, text: str) -> date:
    from facilitator.errors import InvalidInput

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(f"{option} {text!r} is not a date; write it like 2026-10-01") from None
