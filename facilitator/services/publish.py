"""Publishing a session summary (or a community's library) to Confluence, and remembering
where it went.

The first publish creates the page under the configured parent and stores its id; later
ones update that page by id as version N+1 of the version cop wrote. If someone edited the
page in Confluence since, cop refuses rather than overwrite their edits. Unchanged content
is not sent again. The storage-format file is written locally first, so the notes are
safe even when Confluence cannot be reached.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import col, select

from exporters import confluence, library_confluence
from exporters.confluence_client import ConfluenceClient, ConfluenceRefused, Credentials
from exporters.text import one_line
from facilitator.config import TOKEN_VARIABLE, ConfluenceConfig, load_confluence, read_token
from facilitator.domain import LibraryDocument
from facilitator.errors import InvalidInput
from facilitator.report_data import SessionReport
from facilitator.services.export import file_name, slug, write_file
from facilitator.services.rows import existing
from facilitator.vocabulary import Deployment, PublishOutcome
from store.database import Database
from store.models import PublishRecord

if TYPE_CHECKING:  # publishing a report is rare: its modules load when it happens
    from facilitator.insight_period import Period
    from facilitator.insight_report_data import InsightReport

MAX_TITLE = 255
SESSION_LABEL = "cop-session"
LIBRARY_LABEL = "cop-library"
REPORT_LABEL = "cop-insights"


@dataclass(frozen=True)
class Published:
    outcome: PublishOutcome
    url: str
    page_id: str
    version: int
    local_file: Path


def page_title(report: SessionReport) -> str:
    return one_line(report.title)[:MAX_TITLE]


def labels(report: SessionReport) -> list[str]:
    return [SESSION_LABEL, slug(report.community)]


def _digest(title: str, body: str, page_labels: list[str]) -> str:
    content = "\0".join([title, body, *page_labels]).encode("utf-8")
    return hashlib.sha256(content).hexdigest()


def _target(config: ConfluenceConfig) -> str:
    return f"confluence-{config.deployment}"


@dataclass(frozen=True)
class Subject:
    """What a page is about, as its publish records are kept: one session's summary, one
    community's library (no period), one community's insights report for a period, or the
    report of every community for a period (no community)."""

    session_id: str | None = None
    community_id: str | None = None
    report_period: str | None = None
    """`Period.key` of an insights report."""

    def records(self, query):
        if self.session_id is not None:
            return query.where(PublishRecord.session_id == self.session_id)
        community = col(PublishRecord.community_id)
        period = col(PublishRecord.report_period)
        return (
            query.where(col(PublishRecord.session_id).is_(None))
            .where(
                community.is_(None) if self.community_id is None else community == self.community_id
            )
            .where(period.is_(None) if self.report_period is None else period == self.report_period)
        )


def _last_record(db: Database, subject: Subject, target: str) -> PublishRecord | None:
    with db.session() as s:
        return s.exec(
            subject.records(select(PublishRecord))
            .where(PublishRecord.target == target)
            .where(col(PublishRecord.page_id).is_not(None))
            .order_by(col(PublishRecord.published_at).desc())
            .limit(1)
        ).first()


def preflight() -> tuple[ConfluenceConfig, str]:
    """The configuration and token publishing needs, checked the same way for the CLI and
    the app before anything is sent (Cloud without an e-mail would send `None:TOKEN`)."""
    config = load_confluence()
    if config is None:
        raise InvalidInput(
            "Confluence is not set up: cop config confluence --url URL "
            "--deployment cloud|datacenter --space KEY [--parent PAGE_ID] [--email E]"
        )
    if config.deployment == Deployment.CLOUD and not config.email:
        raise InvalidInput(
            "Confluence Cloud signs in with an e-mail: cop config confluence --email"
        )
    token = read_token(config)
    if token is None:
        raise InvalidInput(
            f"no Confluence token: set {TOKEN_VARIABLE} or run cop config confluence --set-token"
        )
    return config, token


DEADLINE_VARIABLE = "COP_CONFLUENCE_DEADLINE"
"""Seconds one request to Confluence may take in all (the client's default otherwise)."""


def client_for(config: ConfluenceConfig, token: str, **options) -> ConfluenceClient:
    credentials = Credentials(config.deployment, token, config.email)
    if "deadline" not in options and os.environ.get(DEADLINE_VARIABLE):
        options["deadline"] = deadline_from(os.environ[DEADLINE_VARIABLE], DEADLINE_VARIABLE)
    return ConfluenceClient(config.url, credentials, **options)


def deadline_from(text: str, variable: str) -> float:
    """The seconds a variable such as COP_CONFLUENCE_DEADLINE gives, checked."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 1 <= seconds <= 600:
        raise InvalidInput(f"{variable}={text!r}: give the seconds a request may take, 1 to 600")
    return seconds


def publish(
    db: Database,
    report: SessionReport,
    config: ConfluenceConfig,
    client: ConfluenceClient,
    local_folder: Path,
    local_file: Path | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> Published:
    """Create or update the session's page; the local copy is written before any request."""
    page = Page(
        title=page_title(report),
        body=confluence.render(report, config.deployment),
        labels=labels(report),
        path=local_file or local_folder / file_name(report, "confluence"),
    )
    return publish_page(db, Subject(session_id=report.session_id), page, config, client, progress)


def publish_library(
    db: Database,
    document: LibraryDocument,
    community_id: str,
    config: ConfluenceConfig,
    client: ConfluenceClient,
    local_folder: Path,
    progress: Callable[[str], None] = lambda _: None,
) -> Published:
    """Keep the one page "<Community> — Library" up to date (created once, then by id)."""
    page = Page(
        title=one_line(library_confluence.page_title(document))[:MAX_TITLE],
        body=library_confluence.render(document),
        labels=[LIBRARY_LABEL, slug(document.community)],
        path=local_folder / f"{slug(document.community)}-library.confluence.xml",
    )
    return publish_page(db, Subject(community_id=community_id), page, config, client, progress)


def publish_insights(
    db: Database,
    community: str | None,
    period: Period,
    now: datetime,
    config: ConfluenceConfig,
    client: ConfluenceClient,
    local_folder: Path,
    every: bool = False,
) -> Published:
    """Read and publish one community's insights for the period, or with `every` the
    company-wide page of them all."""
    from facilitator.services.communities import get_community
    from facilitator.services.insight_report import every_insight_report, insight_report

    if every:
        reports, owner = every_insight_report(db, period, now, publishing=True), None
    else:
        reports = [insight_report(db, community, period, now, publishing=True)]
        owner = get_community(db, reports[0].community).id
    return publish_report(db, reports, period, owner, config, client, local_folder)


def publish_report(
    db: Database,
    reports: list[InsightReport],
    period: Period,
    community_id: str | None,
    config: ConfluenceConfig,
    client: ConfluenceClient,
    local_folder: Path,
    progress: Callable[[str], None] = lambda _: None,
) -> Published:
    """Keep one insights page per period: a community's (`community_id`), or, for several
    reports, the company-wide roll-up (no community)."""
    from exporters import insight_confluence

    if community_id is not None:
        (report,) = reports
        title = insight_confluence.page_title(report)
        body = insight_confluence.render(report)
        name = slug(report.community)
        page_labels = [REPORT_LABEL, name]
    else:
        title = f"Communities of practice — Insights {period.label}"
        body = insight_confluence.render_all(reports)
        name = "communities"
        page_labels = [REPORT_LABEL]
    page = Page(
        title=one_line(title)[:MAX_TITLE],
        body=body,
        labels=page_labels,
        path=local_folder / f"{name}-insights-{slug(period.label)}.confluence.xml",
    )
    subject = Subject(community_id=community_id, report_period=period.key)
    return publish_page(db, subject, page, config, client, progress)


@dataclass(frozen=True)
class Page:
    title: str
    body: str
    labels: list[str]
    path: Path
    """The local copy, written before anything is sent."""


def publish_page(
    db: Database,
    subject: Subject,
    page: Page,
    config: ConfluenceConfig,
    client: ConfluenceClient,
    progress: Callable[[str], None] = lambda _: None,
) -> Published:
    digest = _digest(page.title, page.body, page.labels)
    write_file(page.path, page.body)
    target = _target(config)
    record = _last_record(db, subject, target)
    if record is not None and record.content_hash == digest:
        return Published(
            PublishOutcome.UNCHANGED,
            record.location,
            record.page_id,
            record.page_version,
            page.path,
        )
    if record is None:
        progress("Creating the page…")
        written = client.create_page(config.space, config.parent_id, page.title, page.body)
        outcome = PublishOutcome.CREATED
    else:
        progress("Reading the page…")
        current = client.get_page(record.page_id)
        if current is None:
            raise ConfluenceRefused(
                f"the page cop published ({record.location}) no longer exists in Confluence"
            )
        if current.version != record.page_version:
            raise ConfluenceRefused(
                f"the page was edited in Confluence (now version {current.version}; cop wrote "
                f"version {record.page_version}); cop will not overwrite those edits: "
                f"see {current.url}"
            )
        progress("Updating the page…")
        written = client.update_page(current, page.title, page.body)
        outcome = PublishOutcome.UPDATED
    # The page id is kept before labelling: if labelling fails, the next publish updates this
    # page instead of trying to create a second one (the hash only counts once all is done).
    with db.session() as s:
        saved = PublishRecord(
            session_id=subject.session_id,
            community_id=subject.community_id,
            report_period=subject.report_period,
            target=target,
            location=written.url,
            page_id=written.id,
            page_version=written.version,
            content_hash=f"pending:{digest}",
        )
        s.add(saved)
    client.add_labels(written.id, page.labels)
    with db.session() as s:
        saved = existing(s, PublishRecord, saved.id, "publishing record")
        saved.content_hash = digest
        s.add(saved)
    return Published(outcome, written.url, written.id, written.version, page.path)


def exports_folder(db: Database) -> Path:
    """Where the app saves documents and published pages are also kept as files: the
    `exports` folder next to the database file in use (COP_DB or --db included), or in
    the user data folder for a database on a server. It is cop's own and names people, so
    it is created for its owner only (0700), and what is written in it is too (0600)."""
    from store.location import data_dir
    from store.private_files import private_folder

    path = db.location.path
    return private_folder((path.parent if path is not None else data_dir()) / "exports")
