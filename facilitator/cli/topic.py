"""`cop topic`: Dialogue topics proposed before the session (Lean Coffee); the room votes
and talks them through on the board in the app (`d` in Dialogue)."""

from __future__ import annotations

from typing import Annotated

import typer

from facilitator.cli.common import (
    CommunityOption,
    JsonOption,
    command_group,
    open_db,
    print_json,
    say,
    table,
)

app = command_group("topic")


@app.command("add")
def add(
    text: Annotated[str, typer.Argument(help="The topic, one line.")],
    by: Annotated[str | None, typer.Option("--by", help="Who proposes it (a member).")] = None,
    session: Annotated[
        str | None,
        typer.Option("--session", help="The session (a date or id; default: the next one)."),
    ] = None,
    community: CommunityOption = None,
) -> None:
    """Propose a topic for the Dialogue of the next session (or of --session)."""
    from facilitator.services.topics import add_topic

    topic = add_topic(open_db(), community, text, by=by, session=session)
    when = "the next session" if topic.session_id is None else "that session"
    say(f"Added topic {topic.short_id} for {when}: {topic.text}")


@app.command("list")
def list_(
    session: Annotated[
        str | None,
        typer.Option("--session", help="The session (a date or id; default: the next one)."),
    ] = None,
    as_json: JsonOption = False,
    community: CommunityOption = None,
) -> None:
    """The open topics, most voted first."""
    from facilitator.clock import utc_now
    from facilitator.services.topics import list_topics

    found = list_topics(open_db(reading=True), community, utc_now(), session)
    if as_json:
        print_json(found)
        return
    if not found:
        say('No topic yet: cop topic add "…" proposes one for the next session.')
        return
    rows = [
        [t.short_id, t.text, t.proposed_by or "—", t.votes, "rolled over" if t.carried else ""]
        for t in found
    ]
    table(None, ["Id", "Topic", "By", "Votes", "Note"], rows, keep=("Id", "Votes"))


@app.command("withdraw")
def withdraw(
    topic: Annotated[str, typer.Argument(help="The topic's id (4+ characters) or its text.")],
    community: CommunityOption = None,
) -> None:
    """Take a topic off the board."""
    from facilitator.services.topics import withdraw_topic

    done = withdraw_topic(open_db(), community, topic)
    say(f"Withdrew topic {done.short_id}: {done.text}")
