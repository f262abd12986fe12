"""`cop community`: create, list and edit communities."""

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
    warn,
)

app = command_group("community")


def _minutes(flag: str, part: str) -> typer.models.OptionInfo:
    return typer.Option(flag, min=1, max=240, help=f"Minutes for {part}.", show_default=False)


@app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="The community's name.")],
    cadence: Annotated[
        str,
        typer.Option(help='How often it meets, e.g. "every other thursday".'),
    ],
    time: Annotated[str, typer.Option("--time", help="Meeting time, HH:MM.")] = "12:00",
    timezone: Annotated[
        str | None,
        typer.Option(help="IANA time zone, e.g. Europe/Berlin (default: this machine's)."),
    ] = None,
    kind: Annotated[
        str, typer.Option(help="company-wide, topic-focused or champions-network.")
    ] = "company-wide",
) -> None:
    """Create a community with its cadence and meeting time."""
    from facilitator.services.communities import create_community
    from facilitator.timezones import local_zone_name

    db = open_db(creates=True)
    community = create_community(db, name, cadence, time, timezone or local_zone_name(), kind)
    say(
        f"Created {community.name}: {community.cadence} at {community.meeting_time} "
        f"({community.timezone})"
    )


@app.command("list")
def list_(as_json: JsonOption = False) -> None:
    """List the communities in this database."""
    from facilitator.services.communities import default_community, list_communities

    db = open_db(reading=True)
    communities = list_communities(db)
    if as_json:
        print_json(communities)
        return
    if not communities:
        say("No communities yet: `cop community create NAME --cadence ...` or `cop demo`.")
        return
    default = default_community(db)
    table(
        None,
        ["Name", "Kind", "Cadence", "Time", "Time zone", "Agenda (min)", "Default"],
        [
            [
                c.name,
                c.kind,
                c.cadence,
                c.meeting_time,
                c.timezone,
                " / ".join(str(m) for m in c.minutes.values()),
                "yes" if c.name == default else "",
            ]
            for c in communities
        ],
    )


@app.command("use")
def use(name: Annotated[str, typer.Argument(help="The community to use by default.")]) -> None:
    """Use this community when a command (or the app) does not name one."""
    from facilitator.services.communities import use_community

    community = use_community(open_db(reading=True), name)
    say(f"{community.name} is now the default community.")


@app.command("edit")
def edit(
    community: CommunityOption = None,
    name: Annotated[str | None, typer.Option("--name", help="Rename the community.")] = None,
    cadence: Annotated[str | None, typer.Option(help="New cadence phrase.")] = None,
    time: Annotated[str | None, typer.Option("--time", help="New meeting time.")] = None,
    timezone: Annotated[str | None, typer.Option(help="New IANA time zone.")] = None,
    kind: Annotated[str | None, typer.Option(help="New kind.")] = None,
    input_minutes: Annotated[int | None, _minutes("--input", "Input")] = None,
    practice_minutes: Annotated[int | None, _minutes("--practice", "Practice sharing")] = None,
    dialogue_minutes: Annotated[int | None, _minutes("--dialogue", "Dialogue")] = None,
    handoff_minutes: Annotated[int | None, _minutes("--handoff", "Handoff")] = None,
    talk_minutes: Annotated[
        int | None, typer.Option("--talk-minutes", help="Default lightning talk length.")
    ] = None,
    topic_minutes: Annotated[
        int | None, typer.Option("--topic-minutes", help="A Dialogue topic's first timebox.")
    ] = None,
    dots: Annotated[
        int | None,
        typer.Option("--dots", help="Dot votes per person present for Dialogue topics."),
    ] = None,
    threshold: Annotated[
        list[str] | None,
        typer.Option(
            help="A warning sign's threshold, NAME=VALUE or NAME=default (repeatable); "
            "`cop community thresholds` lists them."
        ),
    ] = None,
) -> None:
    """Change a community, including the minutes of each agenda part and the thresholds of
    its warning signs."""
    from facilitator.services.communities import edit_community
    from facilitator.services.thresholds import parse_setting, tune_thresholds

    for setting in threshold or ():
        parse_setting(setting)  # all checked before anything changes
    db = open_db()
    change = edit_community(
        db,
        community,
        new_name=name,
        cadence=cadence,
        meeting_time=time,
        timezone=timezone,
        kind=kind,
        minutes={
            "input": input_minutes,
            "practice": practice_minutes,
            "dialogue": dialogue_minutes,
            "handoff": handoff_minutes,
        },
        talk_minutes=talk_minutes,
        topic_minutes=topic_minutes,
        dots_per_person=dots,
    )
    for warning in change.warnings:
        warn(warning)
    c = change.community
    parts = ", ".join(f"{k} {v}" for k, v in c.minutes.items())
    say(f"Updated {c.name}: {c.cadence} at {c.meeting_time} ({c.timezone}); minutes: {parts}")
    if topic_minutes is not None or dots is not None:
        say(
            f"Dialogue topics: {c.topic_minutes} min first timebox, "
            f"{c.dots_per_person} dots per person present"
        )
    if threshold:
        tuned = tune_thresholds(db, c.name, threshold)
        for setting in threshold:
            spec, _ = parse_setting(setting)
            say(f"Threshold {spec.name}: {getattr(tuned, spec.attribute):g}")


@app.command("thresholds")
def thresholds(as_json: JsonOption = False, community: CommunityOption = None) -> None:
    """The thresholds of the warning signs, as this community tuned them."""
    from facilitator.services.thresholds import thresholds_of
    from facilitator.warning_signs import threshold_specs

    name, tuned = thresholds_of(open_db(reading=True), community)
    specs = threshold_specs()
    if as_json:
        print_json({spec.name: getattr(tuned, spec.attribute) for spec in specs})
        return
    table(
        f"{name}: warning thresholds",
        ["Name", "Value", "Default", "Meaning"],
        [
            [spec.name, f"{getattr(tuned, spec.attribute):g}", f"{spec.default:g}", spec.meaning]
            for spec in specs
        ],
        keep=("Name",),
    )
