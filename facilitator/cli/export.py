"""`cop export`: session summaries as Markdown or Confluence storage format, or published."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from facilitator.cli.common import CommunityOption, console, echo, open_db, say

FORMATS = ("markdown", "confluence")


def export(
    session: Annotated[
        str | None,
        typer.Argument(
            help="Session id (4+ characters), a date YYYY-MM-DD, or latest (the default)."
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help="markdown (the default) or confluence (storage format)."
        ),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", help="A file, or - for standard output; with --all, a folder."
        ),
    ] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Every ended session, one file each, into --output.")
    ] = False,
    publish: Annotated[
        bool,
        typer.Option("--publish", help="Create or update the session's Confluence page."),
    ] = False,
    community: CommunityOption = None,
) -> None:
    """Export a session summary (default: the latest ended session, Markdown, to stdout)."""
    from facilitator.errors import InvalidInput
    from facilitator.services import export as exports

    if publish and fmt == "markdown":
        raise InvalidInput("--publish sends Confluence storage format; leave out --format")
    fmt = exports.check_format(fmt or "markdown")
    if all_:
        if session is not None or publish:
            raise InvalidInput("--all exports every ended session; give no session or --publish")
        if output is None or output == "-":
            raise InvalidInput("--all needs --output FOLDER (one file per session)")
        _export_all(community, Path(output), fmt)
        return
    if publish:
        from facilitator.cli.publish import publish_session

        publish_session(community, session, output)
        return
    report = exports.session_report(open_db(reading=True), community, session)
    content = exports.render(report, fmt, _deployment())
    if output is None or output == "-":
        echo(content, nl=False)
        return
    path = Path(output)
    changed = exports.write_file(path, content)
    say(f"Wrote {path}" if changed else f"{path} is already up to date")


def _deployment() -> str:
    """Mentions follow the configured Confluence (Cloud unless Data Center is set up)."""
    from facilitator.config import load_confluence
    from facilitator.vocabulary import Deployment

    config = load_confluence()
    return config.deployment if config else Deployment.CLOUD


def _export_all(community: str | None, folder: Path, fmt: str) -> None:
    from rich.progress import Progress

    from facilitator.services import export as exports

    db = open_db(reading=True)
    total = len(exports.ended_session_ids(db, community))
    with Progress(console=console(stderr=True), transient=True) as progress:
        task = progress.add_task("Exporting", total=total)
        result = exports.export_all(
            db, community, folder, fmt, _deployment(), lambda: progress.advance(task)
        )
    say(
        f"{len(result.written)} written, {len(result.unchanged)} unchanged, "
        f"{total} sessions in {folder}"
    )
