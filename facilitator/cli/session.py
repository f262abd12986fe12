"""`cop session`: plan, list, show and cancel sessions."""

from __future__ import annotations

from typing import Annotated

import typer

from facilitator.cli import completion
from facilitator.cli.common import (
    CommunityOption,
    JsonOption,
    command_group,
    emit,
    fmt_when,
    open_db,
    print_json,
    say,
    table,
)

app = command_group("session")

SessionArgument = Annotated[
    str | None,
    typer.Argument(
        help="Session id (a prefix of 4+ characters), a date YYYY-MM-DD, or latest.",
        autocompletion=completion.sessions,
    ),
]


@app.command("plan")
def plan(
    date: Annotated[
        str | None,
        typer.Option(
            "--date", help='When, e.g. "next thursday 12:00" (default: next cadence date).'
        ),
    ] = None,
    topic: Annotated[str | None, typer.Option(help="The session's topic.")] = None,
    quarter: Annotated[
        str | None,
        typer.Option("--quarter", help="Plan every cadence date of a quarter, e.g. 2027Q1."),
    ] = None,
    from_: Annotated[
        str | None,
        typer.Option("--from", help="Plan every cadence date from this day (YYYY-MM-DD) …"),
    ] = None,
    to: Annotated[str | None, typer.Option("--to", help="… to this day, both included.")] = None,
    community: CommunityOption = None,
) -> None:
    """Plan the next session, or every cadence date of a period (--quarter, --from/--to)."""
    from facilitator.clock import utc_now
    from facilitator.services.sessions import plan_session, short_id

    if quarter is not None or from_ is not None or to is not None:
        _plan_period(community, quarter, from_, to, date, topic)
        return
    session = plan_session(open_db(), community, utc_now(), when=date, topic=topic)
    about = f": {session.topic}" if session.topic else ""
    say(f"Planned {short_id(session.id)} for {fmt_when(session.scheduled_at)}{about}")


def _plan_period(
    community: str | None,
    quarter: str | None,
    first: str | None,
    last: str | None,
    date: str | None,
    topic: str | None,
) -> None:
    from facilitator.clock import utc_now
    from facilitator.errors import InvalidInput
    from facilitator.services.sessions import plan_period
    from facilitator.vocabulary import plural

    if date is not None or topic is not None:
        raise InvalidInput("a period is planned from the cadence: leave out --date and --topic")
    result = plan_period(open_db(), community, utc_now(), quarter, first, last)
    if result.planned:
        say(f"Planned {plural(len(result.planned), 'session')} for {result.label}:")
        for moment in result.planned:
            say(f"  {fmt_when(moment)}")
    else:
        say(f"Nothing to plan for {result.label}: every cadence date has a session.")
    for why, days in result.left_out():
        say(f"Left out ({why}): {', '.join(f'{d:%a %d %b}' for d in days)}")


@app.command("start")
def start(
    date: Annotated[
        str | None,
        typer.Option("--date", help="The session's date (default: today's, or a new one)."),
    ] = None,
    community: CommunityOption = None,
) -> None:
    """Open the app and start (or resume) a session: host, topic, check-in, agenda."""
    from facilitator.clock import utc_now
    from facilitator.services.live import start_proposal
    from facilitator.tui import run_app

    db = open_db()
    proposal = start_proposal(db, community, utc_now(), date)  # bad input fails here, plainly
    run_app(db, start=True, when=date, community=proposal.community)


RECENT = 20
"""How many sessions `cop session list` shows unless asked for more."""


@app.command("list")
def list_(
    as_json: JsonOption = False,
    community: CommunityOption = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, help=f"Show the latest N (default {RECENT}; --json: all)."),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Show every session.")] = False,
) -> None:
    """List sessions, newest first: the latest 20 unless --limit or --all says otherwise."""
    from facilitator.services.sessions import list_sessions, recent_sessions, short_id

    db = open_db(reading=True)
    if all_ or (as_json and limit is None):
        sessions, total = list_sessions(db, community), None
    else:
        sessions, total = recent_sessions(db, community, limit or RECENT)
    if as_json:
        print_json(sessions)
        return
    if not sessions:
        say("No sessions yet: `cop session plan`.")
        return
    table(
        None,
        ["Id", "When", "Status", "Topic", "Host", "Present", "Takeaways", "Commitments"],
        [
            [
                short_id(s.id),
                fmt_when(s.scheduled_at),
                s.status,
                s.topic or "",
                s.facilitator or "",
                s.attendees,
                s.takeaways,
                s.commitments,
            ]
            for s in sessions
        ],
        keep=("Id", "When", "Status"),  # a status is one word: never split
    )
    if total is not None and total > len(sessions):
        say(f"{total - len(sessions)} older sessions not shown: --all lists every one.")


@app.command("show")
def show(
    session: SessionArgument = None,
    as_json: JsonOption = False,
    ics: Annotated[
        str | None,
        typer.Option(
            "--ics",
            help="Write the session's invitation to this .ics file instead (default session: "
            "the next planned).",
        ),
    ] = None,
    community: CommunityOption = None,
) -> None:
    """Show one session: attendance, talks, takeaways, commitments."""
    from facilitator.services.sessions import short_id, show_session

    if ics is not None:
        from facilitator.clock import utc_now
        from facilitator.services.invitations import session_invitation

        day, written = session_invitation(open_db(), community, session, utc_now())
        emit(written.text, ics, f"the invitation of {day}, sequence {written.sequence}")
        return
    detail = show_session(open_db(reading=True), community, session)
    if as_json:
        print_json(detail)
        return
    s = detail.summary
    say(f"{s.community} — {fmt_when(s.scheduled_at)} [{s.status}] ({short_id(s.id)})")
    say(
        f"Topic: {s.topic or '—'}   Host: {s.facilitator or '—'}"
        + (f" with {s.co_facilitator}" if s.co_facilitator else "")
    )
    if s.next_topic:
        say(f"Next topic: {s.next_topic}")
    say(f"Present ({len(detail.present)}): {', '.join(detail.present) or '—'}")
    if detail.excused:
        say(f"Excused: {', '.join(detail.excused)}")
    if detail.talks:
        table("Lightning talks", ["Presenter", "Title", "Status"], [list(t) for t in detail.talks])
    if detail.takeaways:
        table(
            "Takeaways",
            ["Kind", "Takeaway", "From"],
            [[k, text, author or ""] for k, text, author in detail.takeaways],
        )
    if detail.commitments:
        table(
            "Commitments",
            ["Who", "Try this week", "Due", "Outcome"],
            [
                [o, t, d.isoformat(), (r or "open").replace("_", " ")]
                for o, t, d, r in detail.commitments
            ],
        )


@app.command("cancel")
def cancel(
    session: SessionArgument = None,
    reason: Annotated[str | None, typer.Option(help="Why (shown in the history).")] = None,
    community: CommunityOption = None,
) -> None:
    """Cancel a session (default: the next planned one)."""
    from facilitator.clock import utc_now
    from facilitator.services.sessions import cancel_session, short_id

    cancelled = cancel_session(open_db(), community, session, utc_now(), reason)
    topic = f" — {cancelled.topic}" if cancelled.topic else ""
    when = fmt_when(cancelled.scheduled_at)
    say(f"Cancelled the session of {when}{topic} ({short_id(cancelled.id)})")
