"""`cop library`: search everything the community has learned, and see what came of it."""

from __future__ import annotations

from typing import Annotated

import typer

from facilitator.cli.common import (
    CommunityOption,
    FormatOption,
    JsonOption,
    OutputOption,
    check_format,
    command_group,
    console,
    emit,
    open_db,
    print_json,
    say,
)

app = command_group("library")

AllCommunitiesOption = Annotated[
    bool,
    typer.Option("--all-communities", help="Every community's library, not only the default one."),
]


def _one_or_all(community: str | None, all_communities: bool) -> None:
    if community is not None and all_communities:
        from facilitator.errors import InvalidInput

        raise InvalidInput("give --community or --all-communities, not both")


@app.command("search")
def search(
    query: Annotated[
        list[str] | None,
        typer.Argument(help="Words to find, in any order; the start of a word is enough."),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(help="Only this kind: prompt, workflow, tip, tool, risk, question, resource."),
    ] = None,
    author: Annotated[str | None, typer.Option(help="Only what this member said.")] = None,
    department: Annotated[
        str | None, typer.Option(help="Only what people of this department said.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only sessions on or after this day (2026-01-31).")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            help="Only curated entries in this status: draft, reviewed, in-daily-use, retired."
        ),
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option(
            help="relevance (the default with words), recent (without), or worked: what "
            "worked for the most people first."
        ),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=500, help="How many to show.")] = 20,
    topic: Annotated[
        str | None,
        typer.Option(help="Only what was said while a Dialogue topic with these words ran."),
    ] = None,
    community: CommunityOption = None,
    all_communities: AllCommunitiesOption = False,
    as_json: JsonOption = False,
) -> None:
    """Find takeaways, best first, with the session they came from and what came of them.
    With no words, the most recent."""
    from facilitator.clock import utc_now
    from facilitator.dates import parse_day
    from facilitator.errors import InvalidInput
    from facilitator.services.library import LibrarySort
    from facilitator.services.library import search as run_search

    try:
        order = LibrarySort(sort.casefold()) if sort else None
    except ValueError:
        raise InvalidInput(
            f"no sort {sort!r}; choose one of {', '.join(s.value for s in LibrarySort)}"
        ) from None
    day = parse_day(since, utc_now().date()) if since else None
    _one_or_all(community, all_communities)
    results = run_search(
        open_db(reading=True),
        " ".join(query or []),
        community=community,
        kind=kind,
        author=author,
        department=department,
        since=day,
        status=status,
        sort=order,
        limit=limit,
        every_community=all_communities,
        topic=topic,
    )
    if as_json:
        print_json(results)
        return
    if not results.entries:
        say("Nothing found." if results.words else "The library is empty: no takeaways yet.")
        return
    _print(results)


def _print(results) -> None:
    from rich.padding import Padding
    from rich.text import Text

    from facilitator.services.library_curation import curation_summary

    out = console()
    several = len({entry.community for entry in results.entries}) > 1
    for number, entry in enumerate(results.entries, start=1):
        who = entry.author or "someone"
        if entry.department:
            who += f" ({entry.department})"
        where = f"{entry.session_day:%a %Y-%m-%d}"
        if entry.topic:
            where += f" · {entry.topic}"
        head = Text(f"{number}. ", style="bold")
        head.append(f"{entry.id[:8]} ", style="dim")
        head.append(f"[{entry.kind}] ", style="cyan")
        if entry.curation:
            c = entry.curation
            head.append(f"{c.title} ", style="bold")
            head.append(f"({c.status.label}) ", style="magenta")
        head.append(f"{where} · {who}", style="dim")
        if several:
            head.append(f" · {entry.community}", style="dim")
        out.print(head)
        body = Text(entry.text)
        for start, end in entry.matched:
            body.stylize("bold yellow", start, end)
        out.print(Padding(body, (0, 0, 0, 3)))
        if entry.curation:
            out.print(Padding(Text(curation_summary(entry.curation), style="dim"), (0, 0, 0, 3)))
        if entry.tried:
            line = f"   tried by {entry.tried}, worked for {entry.worked}"
            out.print(Text(line, style="green" if entry.worked else "dim"))
            for note in entry.notes:
                out.print(Text(f"     “{note}”", style="dim"))


@app.command("edit")
def edit(
    entry: Annotated[str, typer.Argument(help="The entry's id (the first 4+ characters).")],
    title: Annotated[str | None, typer.Option(help="A short title.")] = None,
    tags: Annotated[str | None, typer.Option(help="Comma-separated tags (replaces them).")] = None,
    tool: Annotated[str | None, typer.Option(help="The tool it was tested with.")] = None,
    model: Annotated[str | None, typer.Option(help="The model it was tested with.")] = None,
    owner: Annotated[str | None, typer.Option(help="Who looks after it ('' for nobody).")] = None,
    status: Annotated[
        str | None, typer.Option(help="draft, reviewed, in-daily-use or retired.")
    ] = None,
    verified_by: Annotated[
        str | None, typer.Option("--verified-by", help="Who checked today that it still works.")
    ] = None,
) -> None:
    """Curate a takeaway: the first edit promotes it to a library entry (a draft titled by
    its first line); retiring keeps it and its history."""
    from facilitator.clock import utc_now
    from facilitator.services.library_curation import EntryFields, curation_summary, edit_entry

    fields = EntryFields(title, tags, tool, model, owner, status, verified_by)
    done = edit_entry(open_db(), entry, fields, utc_now())
    c = done.curation
    say(f"{done.id[:8]} {c.title} ({c.status.label}) · {curation_summary(c)}")


@app.command("stale")
def stale(
    days: Annotated[int, typer.Option(min=1, help="Not verified in this many days.")] = 90,
    community: CommunityOption = None,
    as_json: JsonOption = False,
) -> None:
    """Curated entries in use that nobody has verified lately: the review queue."""
    from facilitator.clock import utc_now
    from facilitator.services.library_curation import stale_entries

    entries = stale_entries(open_db(reading=True), community, utc_now(), days)
    if as_json:
        print_json(entries)
        return
    if not entries:
        say(f"Every curated entry was verified in the last {days} days.")
        return
    say(
        f"{len(entries)} not verified in {days} days "
        "(after checking one: cop library edit ID --verified-by NAME):"
    )
    for e in entries:
        c = e.curation
        when = f"{c.verified_at:%Y-%m-%d}" if c.verified_at else "never"
        say(f"  {e.id[:8]}  {c.title}  ({c.status.label}; verified {when}; owner {c.owner or '—'})")


@app.command("export")
def export(
    fmt: FormatOption = "markdown",
    output: OutputOption = "-",
    kind: Annotated[str | None, typer.Option(help="Only this kind.")] = None,
    status: Annotated[str | None, typer.Option(help="Only curated entries in this status.")] = None,
    publish: Annotated[
        bool,
        typer.Option(
            "--publish", help="Create or update the Confluence page '<Community> — Library'."
        ),
    ] = False,
    community: CommunityOption = None,
    all_communities: AllCommunitiesOption = False,
) -> None:
    """The library as one document, grouped by kind and tag."""
    from facilitator.clock import utc_now
    from facilitator.services.library import library_document

    check_format(fmt)
    _one_or_all(community, all_communities)
    if publish and all_communities:
        from facilitator.errors import InvalidInput

        raise InvalidInput(
            "--publish publishes one community's library: leave out --all-communities"
        )
    if publish:
        from facilitator.cli.publish import publish_library

        publish_library(community, kind, status)
        return
    document = library_document(
        open_db(reading=True),
        community,
        utc_now().date(),
        kind=kind,
        status=status,
        every_community=all_communities,
    )
    if fmt == "markdown":
        from exporters.library_markdown import render
    else:
        from exporters.library_confluence import render
    emit(render(document), output, f"{len(document.entries)} entries")
