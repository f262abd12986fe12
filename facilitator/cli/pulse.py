"""`cop pulse`: the room's "was it worth your time?" (1 to 5), recorded after the fact or
listed. The live tally is the app's, at Handoff (`v`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from facilitator.cli.common import CommunityOption, JsonOption, fmt_when, open_db, print_json, say

if TYPE_CHECKING:
    from facilitator.pulse_tally import Pulse

LIST = "list"


def pulse(
    session: Annotated[
        str,
        typer.Argument(
            help="The session (a date, an id prefix or `latest`), or `list` for every "
            "session's pulse.",
            show_default=False,
        ),
    ],
    votes: Annotated[
        str | None,
        typer.Option("--votes", help="One score per vote, such as 5,4,4,3 (replaces the counts)."),
    ] = None,
    fives: Annotated[int | None, typer.Option("--5", help="How many gave 5.")] = None,
    fours: Annotated[int | None, typer.Option("--4", help="How many gave 4.")] = None,
    threes: Annotated[int | None, typer.Option("--3", help="How many gave 3.")] = None,
    twos: Annotated[int | None, typer.Option("--2", help="How many gave 2.")] = None,
    ones: Annotated[int | None, typer.Option("--1", help="How many gave 1.")] = None,
    note: Annotated[
        list[str] | None,
        typer.Option("--note", help="An anonymous answer to “what would add one point?”."),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", help="Store more votes than people present without asking.")
    ] = False,
    as_json: JsonOption = False,
    community: CommunityOption = None,
) -> None:
    """Record or correct a session's pulse (votes 1 to 5, counted per score, anonymous), or
    list the pulse of past sessions with `cop pulse list`."""
    from facilitator.errors import InvalidInput
    from facilitator.pulse_tally import counts_given, counts_of_votes

    given = {
        score: n
        for score, n in ((5, fives), (4, fours), (3, threes), (2, twos), (1, ones))
        if n is not None
    }
    if session == LIST:
        if votes is not None or given or note:
            raise InvalidInput("`cop pulse list` only lists; name a session to record votes")
        _list(community, as_json)
        return
    if votes is not None and given:
        raise InvalidInput("give the votes either as --votes 5,4,4,3 or as --5 N --4 N …, not both")
    if votes is None and not given and not note:
        raise InvalidInput(
            "give the votes (--votes 5,4,4,3, or --5 N --4 N …) or a --note; "
            "`cop pulse list` shows the recorded ones"
        )
    counts = counts_of_votes(votes) if votes is not None else counts_given(given) if given else None
    recorded = _record(community, session, counts, list(note or []), yes)
    if as_json:
        print_json(_plain(recorded))
        return
    say(f"Pulse of {fmt_when(recorded.scheduled_at)}: {recorded.headline()}")
    if recorded.votes:
        say(f"  {recorded.distribution()}")
    if recorded.notes:
        say(f"  {len(recorded.notes)} note{'s' if len(recorded.notes) != 1 else ''}")


def _record(community, session, counts, notes, yes) -> Pulse:
    """Store, asking first when there are more votes than people present."""
    import sys

    from facilitator.services.session_pulse import MoreVotesThanPresent, record_pulse

    db = open_db()
    try:
        return record_pulse(db, community, session, counts, notes, over_present=yes)
    except MoreVotesThanPresent as over:
        if not sys.stdin.isatty():
            from facilitator.errors import InvalidInput

            raise InvalidInput(f"{over}; add --yes to store them anyway") from None
        typer.confirm(f"{over}. Store them anyway?", abort=True)
        return record_pulse(db, community, session, counts, notes, over_present=True)


def _plain(p: Pulse) -> dict:
    return {
        "session_id": p.session_id,
        "scheduled_at": p.scheduled_at,
        "counts": {str(score): p.count(score) for score in range(1, 6)},
        "votes": p.votes,
        "present": p.present,
        "response_rate": p.response_rate,
        "average": p.average,
        "spread": p.spread,
        "notes": list(p.notes),
    }


def _list(community: str | None, as_json: bool) -> None:
    from facilitator.cli.common import table
    from facilitator.services.session_pulse import LISTED, pulse_list

    db = open_db(reading=True)
    pulses = pulse_list(db, community, limit=None if as_json else LISTED)
    if as_json:
        print_json([_plain(p) for p in pulses])
        return
    if not pulses:
        say("No session has a pulse yet: take it at Handoff (v), or `cop pulse SESSION --votes …`.")
        return
    table(
        "Was it worth your time? (1 to 5, newest first)",
        ["When", "Votes", "Voted", "Average", "Spread", "5", "4", "3", "2", "1", "Notes"],
        [
            [
                fmt_when(p.scheduled_at),
                p.votes,
                "" if p.response_rate is None else f"{p.response_rate:.0%} of {p.present}",
                "" if p.average is None else f"{p.average:.1f}",
                "" if p.spread is None else f"{p.spread:.1f}",
                *(p.count(score) for score in (5, 4, 3, 2, 1)),
                len(p.notes),
            ]
            for p in pulses
        ],
        keep=("When",),
    )
