"""`cop invite` and `cop announce`: the sessions in everyone's calendar, and the call for
lightning talks to paste into the community's chat."""

from __future__ import annotations

from typing import Annotated

import typer

from facilitator.cli.common import (
    CommunityOption,
    OutputOption,
    check_writable,
    echo,
    emit,
    open_db,
    warn,
)


def invite(
    quarter: Annotated[
        str | None, typer.Option(help="The quarter, e.g. 2026Q1 (default: the current one).")
    ] = None,
    from_: Annotated[
        str | None, typer.Option("--from", help="First day of the period (YYYY-MM-DD).")
    ] = None,
    to: Annotated[str | None, typer.Option(help="Last day of the period (YYYY-MM-DD).")] = None,
    output: OutputOption = "-",
    organizer: Annotated[
        str | None, typer.Option(help="The organizer's e-mail (the file becomes a request).")
    ] = None,
    attendees: Annotated[
        bool, typer.Option("--attendees", help="Invite every active member with an e-mail.")
    ] = False,
    cancel: Annotated[
        str | None,
        typer.Option(help="Write the cancellation of this session (id, date) instead."),
    ] = None,
    community: CommunityOption = None,
) -> None:
    """Write an iCalendar file (.ics) with the period's sessions as one series that every
    calendar imports; writing it again after a change updates the same events."""
    from facilitator.cli.report import chosen_period
    from facilitator.clock import utc_now
    from facilitator.errors import InvalidInput
    from facilitator.services import invitations
    from facilitator.vocabulary import plural

    now = utc_now()
    check_writable(output)  # the series is recorded only if its file can be written
    if cancel is not None:
        if quarter or from_ or to or attendees:
            raise InvalidInput("--cancel names one session: leave out the period and --attendees")
        written = invitations.cancellation(open_db(), community, cancel, now, organizer)
        emit(written.text, output, f"the cancellation, sequence {written.sequence}")
        if written.still_planned:
            warn(f"the session is still planned in cop: cop session cancel {cancel}")
        return
    period = chosen_period(quarter, from_, to, now.date())
    written = invitations.series_invitation(open_db(), community, period, now, organizer, attendees)
    sessions = plural(written.sessions, "session")
    emit(written.text, output, f"{sessions} of {period.label}, sequence {written.sequence}")
    if written.unplanned:
        from facilitator.services.invitations import plan_command

        days = ", ".join(f"{d:%a %d %b}" for d in written.unplanned)
        warn(
            f"{plural(len(written.unplanned), 'cadence date')} of {period.label} "
            f"{'has' if len(written.unplanned) == 1 else 'have'} no session and "
            f"{'is' if len(written.unplanned) == 1 else 'are'} not in the file ({days}); "
            f"plan them with `{plan_command(period)}`"
        )
    if written.without_email:
        warn(f"{written.without_email} active members have no e-mail and are not invited")


def announce(
    session: Annotated[
        str | None, typer.Argument(help="The session (id or date; default: the next planned).")
    ] = None,
    markdown: Annotated[bool, typer.Option("--markdown", help="Markdown instead of text.")] = False,
    community: CommunityOption = None,
) -> None:
    """A ready-to-paste message about a coming session: when, topic, host, agenda, the talk
    queue (or a call to sign up), and whose commitments are due."""
    from exporters import announcement as render
    from facilitator.clock import utc_now
    from facilitator.services.announcement import announcement

    found = announcement(open_db(reading=True), community, session, utc_now())
    text = render.markdown(found) if markdown else render.plain(found)
    echo(text, nl=False)
