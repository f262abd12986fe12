"""`cop export --publish` and `cop library export --publish`: send a page to Confluence
and say where it went."""

from __future__ import annotations

from pathlib import Path

from facilitator.cli.common import open_db, say, warn
from facilitator.vocabulary import PublishOutcome


def publish_session(community: str | None, session: str | None, output: str | None) -> None:
    from exporters.confluence_client import ConfluenceError
    from facilitator.services import publish
    from facilitator.services.export import file_name, session_report

    config, token = publish.preflight()
    db = open_db()
    report = session_report(db, community, session)
    local = Path(output) if output and output != "-" else None
    local = local or publish.exports_folder(db) / file_name(report, "confluence")
    client = publish.client_for(config, token)
    try:
        result = publish.publish(db, report, config, client, local.parent, local)
    except ConfluenceError:
        warn(f"not published; the page body is saved in {local}")
        raise
    tell(result)


def publish_library(community: str | None, kind: str | None, status: str | None) -> None:
    from exporters.confluence_client import ConfluenceError
    from facilitator.clock import utc_now
    from facilitator.services import publish
    from facilitator.services.library import library_document, library_owner

    config, token = publish.preflight()
    db = open_db()
    owner = library_owner(db, community)
    document = library_document(db, owner.name, utc_now().date(), kind=kind, status=status)
    client = publish.client_for(config, token)
    folder = publish.exports_folder(db)
    try:
        result = publish.publish_library(db, document, owner.id, config, client, folder)
    except ConfluenceError:
        warn(f"not published; the page body is saved in {folder}")
        raise
    tell(result)


def publish_report(community: str | None, period, now, every: bool = False) -> None:
    """One community's insights page for the period, or with `every` the company-wide one."""
    from exporters.confluence_client import ConfluenceError
    from facilitator.services import publish

    config, token = publish.preflight()
    client = publish.client_for(config, token)
    db = open_db()
    folder = publish.exports_folder(db)
    try:
        result = publish.publish_insights(db, community, period, now, config, client, folder, every)
    except ConfluenceError:
        warn(f"not published; the page body is saved in {folder}")
        raise
    tell(result)


def tell(result) -> None:
    if result.outcome == PublishOutcome.UNCHANGED:
        say(f"Already up to date, nothing sent: {result.url}")
    elif result.outcome == PublishOutcome.CREATED:
        say(f"Published a new page: {result.url}")
    else:
        say(f"Updated the page (version {result.version}): {result.url}")
    say(f"Saved a copy in {result.local_file}")
