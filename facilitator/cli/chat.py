"""`cop chat` and `cop post`: the chat channels a community posts to (Slack incoming
webhooks, Teams Workflows webhooks), and posting the call for talks, a summary, the
nudges or a report to one of them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from facilitator.cli.common import (
    CommunityOption,
    JsonOption,
    command_group,
    echo,
    open_db,
    print_json,
    read_secret,
    say,
    table,
)

if TYPE_CHECKING:
    from facilitator.chat_config import ChatChannel

app = command_group("chat")
post_app = command_group("post")

ToOption = Annotated[
    str, typer.Option("--to", help="The channel's name (see cop chat list).", show_default=False)
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Print the exact JSON that would be sent; send nothing.")
]
AgainOption = Annotated[
    bool, typer.Option("--again", help="Post even though it already went to this channel.")
]


@app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="A short name for the channel, e.g. ai-guild.")],
    slack: Annotated[
        str | None, typer.Option("--slack", help="A Slack incoming webhook (`-`: read hidden).")
    ] = None,
    teams: Annotated[
        str | None,
        typer.Option("--teams", help="A Teams Workflows webhook (`-`: read hidden)."),
    ] = None,
    community: CommunityOption = None,
) -> None:
    """Add a channel (or replace one of the same name); its address goes to the system
    keyring, never to a file."""
    from exporters.webhook_client import hidden
    from facilitator.chat_config import (
        ChatChannel,
        check_name,
        check_webhook,
        save_channel,
        store_webhook,
    )
    from facilitator.errors import InvalidInput
    from facilitator.services.communities import get_community
    from facilitator.vocabulary import ChatPlatform

    if (slack is None) == (teams is None):
        raise InvalidInput("give the channel's webhook with either --slack URL or --teams URL")
    platform = ChatPlatform.SLACK if slack is not None else ChatPlatform.TEAMS
    given = slack if slack is not None else teams
    url = check_webhook(
        read_secret("Webhook address", "webhook address") if given == "-" else str(given)
    )
    owner = get_community(open_db(reading=True), community)
    channel = ChatChannel(check_name(name), platform, owner.name, hidden(url))
    save_channel(channel)
    store_webhook(channel, url)
    say(
        f"Added {channel.name}: {platform} for {owner.name} ({channel.hint}); the address is in "
        f"the system keyring. Try it with: cop chat test {channel.name}"
    )


@app.command("list")
def list_(as_json: JsonOption = False) -> None:
    """The channels, their community, and where each address is kept (never the address)."""
    from facilitator.chat_config import load_channels

    channels = load_channels()
    rows = [
        {
            "name": c.name,
            "platform": str(c.platform),
            "community": c.community,
            "address": c.hint,
            "kept": _kept(c),
        }
        for c in channels
    ]
    if as_json:
        print_json(rows)
        return
    if not rows:
        say("No chat channel yet: add one with cop chat add NAME --slack URL | --teams URL")
        return
    table(
        None,
        ["Channel", "Platform", "Community", "Address", "Kept"],
        [list(row.values()) for row in rows],
    )


def _kept(channel: ChatChannel) -> str:
    import os

    from facilitator.chat_config import read_webhook
    from facilitator.errors import InvalidInput

    if os.environ.get(channel.variable, "").strip():
        return f"from {channel.variable}"
    try:
        read_webhook(channel)
    except InvalidInput:
        return "missing"
    return "system keyring"


@app.command("remove")
def remove(name: Annotated[str, typer.Argument(help="The channel's name.")]) -> None:
    """Remove a channel and its address from the keyring (its posts stay recorded)."""
    from facilitator.chat_config import find_channel, remove_channel

    channel = find_channel(name)
    remove_channel(channel)
    say(f"Removed {channel.name}.")


@app.command("test")
def test(name: Annotated[str, typer.Argument(help="The channel's name.")]) -> None:
    """Post a short test message to the channel."""
    from facilitator.chat_config import find_channel, read_webhook
    from facilitator.services.chat_posting import client_for, greeting, payloads

    channel = find_channel(name)
    client = client_for(channel, read_webhook(channel))
    for body in payloads(channel.platform, greeting(channel)):
        status = client.post(body)
    say(f"Posted a test message to {channel.name} ({channel.platform} answered {status}).")


def _post(subject: str, target: str | None, to: str, dry_run: bool, again: bool) -> None:
    import json
    import sys

    from facilitator.chat_config import find_channel, read_webhook
    from facilitator.clock import utc_now
    from facilitator.services import chat_posting
    from facilitator.vocabulary import PostSubject

    channel = find_channel(to)
    db = open_db(reading=dry_run)
    composed = chat_posting.compose(db, PostSubject(subject), target, channel, utc_now())
    if dry_run:
        bodies = chat_posting.payloads(channel.platform, composed.message)
        echo(json.dumps(bodies if len(bodies) > 1 else bodies[0], ensure_ascii=False, indent=2))
        return
    client = chat_posting.client_for(channel, read_webhook(channel))
    try:
        posted = chat_posting.post(db, composed, channel, client, again=again)
    except chat_posting.AlreadyPosted as already:
        if again or not sys.stdin.isatty():
            raise
        typer.confirm(f"{already}. Post it again now?", abort=True)
        posted = chat_posting.post(db, composed, channel, client, again=True)
    parts = f" in {posted.messages} messages" if posted.messages > 1 else ""
    say(f"Posted {composed.what} to {channel.name}{parts}.")


@post_app.command("announce")
def announce(
    to: ToOption,
    session: Annotated[
        str | None, typer.Argument(help="The session (id or date; default: the next planned).")
    ] = None,
    dry_run: DryRunOption = False,
    again: AgainOption = False,
) -> None:
    """The call for talks of the next session (what `cop announce` prints)."""
    _post("announce", session, to, dry_run, again)


@post_app.command("summary")
def summary(
    to: ToOption,
    session: Annotated[
        str | None, typer.Argument(help="The ended session (id or date; default: the latest).")
    ] = None,
    dry_run: DryRunOption = False,
    again: AgainOption = False,
) -> None:
    """An ended session's summary: talks, takeaways by kind, commitments, the pulse, and
    the Confluence page when it was published."""
    _post("summary", session, to, dry_run, again)


@post_app.command("nudges")
def nudges(
    to: ToOption,
    dry_run: DryRunOption = False,
    again: AgainOption = False,
) -> None:
    """Everyone's open commitments in one message, people named in plain text."""
    _post("nudges", None, to, dry_run, again)


@post_app.command("report")
def report(
    to: ToOption,
    period: Annotated[
        str | None, typer.Argument(help="The quarter, e.g. 2026Q4 (default: the current one).")
    ] = None,
    dry_run: DryRunOption = False,
    again: AgainOption = False,
) -> None:
    """The report's headline figures against the period before, and its warning signs."""
    _post("report", period, to, dry_run, again)
