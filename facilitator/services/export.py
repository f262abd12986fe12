"""Exporting session summaries: pick the session, render it, write files that stay stable.

Rendering lives in exporters/ (pure); this module finds the data and writes the result.
A re-run writes only files whose content changed, so a notes folder under version control
shows exactly what changed.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from exporters import confluence, markdown
from facilitator.errors import InvalidInput, NotFound
from facilitator.report_data import SessionReport
from facilitator.services.communities import community_row
from facilitator.services.report import build_report
from facilitator.services.sessions import session_row, short_id
from facilitator.vocabulary import Deployment, SessionStatus
from store.database import Database
from store.models import Community, StudySession
from store.private_files import PRIVATE_FILE, is_private, shared_mode

FORMATS = {"markdown": ".md", "confluence": ".xml"}


@dataclass(frozen=True)
class ExportAll:
    written: list[Path]
    unchanged: list[Path]


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise InvalidInput(f"unknown format {fmt!r}; use {' or '.join(FORMATS)}")
    return fmt


def render(report: SessionReport, fmt: str, deployment: str = Deployment.CLOUD) -> str:
    if check_format(fmt) == "markdown":
        return markdown.render(report)
    return confluence.render(report, deployment)


def _ended(s: Session, crow: Community, ref: str | None) -> StudySession:
    if ref is None or ref.strip() == "latest":
        row = s.exec(
            select(StudySession)
            .where(StudySession.community_id == crow.id)
            .where(StudySession.status == SessionStatus.ENDED)
            .order_by(col(StudySession.scheduled_at).desc())
            .limit(1)
        ).first()
        if row is None:
            raise NotFound("no session has ended yet, so there is nothing to export")
        return row
    row = session_row(s, crow, ref)
    if row.status != SessionStatus.ENDED:
        raise InvalidInput(
            f"session {short_id(row.id)} is {row.status}; only ended sessions have a summary"
        )
    return row


def session_report(db: Database, community: str | None, ref: str | None) -> SessionReport:
    """The report of one ended session: by id prefix, date, or the latest (the default)."""
    with db.session() as s:
        return build_report(s, _ended(s, community_row(s, community), ref))


def report_by_id(db: Database, session_id: str) -> SessionReport:
    with db.session() as s:
        row = s.get(StudySession, session_id)
        if row is None:
            raise NotFound(f"no session {short_id(session_id)}")
        return build_report(s, row)


def slug(name: str) -> str:
    """A file-name-safe form of a community name: "AI Circle" → "ai-circle"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "community"


def file_name(report: SessionReport, fmt: str) -> str:
    """Stable across runs: date, community and the session's short id."""
    day = report.scheduled_at.date().isoformat()
    return f"{day}-{slug(report.community)}-{short_id(report.session_id)}{FORMATS[fmt]}"


def write_file(path: Path, content: str) -> bool:
    """Write atomically (a reader never sees half a file); False when it was already so.

    A file takes the privacy of its folder: in a folder only its owner may enter (cop's
    own exports folder, say) it is the owner's alone (0600) whatever the umask; elsewhere
    an export is for sharing, and the umask decides."""
    temporary: str | None = None
    try:
        if path.is_file() and path.read_text(encoding="utf-8") == content:
            return False
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        os.fchmod(handle, PRIVATE_FILE if is_private(path.parent) else shared_mode())
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(content)
        os.replace(temporary, path)
        temporary = None
    except OSError as error:
        raise InvalidInput(f"cannot write {path}: {error.strerror or error}") from None
    finally:
        if temporary is not None:  # a failed write leaves nothing behind
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    return True


def ended_session_ids(db: Database, community: str | None) -> list[str]:
    with db.session() as s:
        crow = community_row(s, community)
        rows = s.exec(
            select(StudySession.id)
            .where(StudySession.community_id == crow.id)
            .where(StudySession.status == SessionStatus.ENDED)
            .order_by(StudySession.scheduled_at)
        ).all()
        return list(rows)


def export_all(
    db: Database,
    community: str | None,
    folder: Path,
    fmt: str,
    deployment: str = Deployment.CLOUD,
    advance: Callable[[], None] = lambda: None,
) -> ExportAll:
    """Every ended session to its own file in `folder`; unchanged files are left alone."""
    check_format(fmt)
    if folder.exists() and not folder.is_dir():
        raise InvalidInput(f"{folder} is a file; --all writes one file per session into a folder")
    written: list[Path] = []
    unchanged: list[Path] = []
    for session_id in ended_session_ids(db, community):
        report = report_by_id(db, session_id)
        path = folder / file_name(report, fmt)
        (written if write_file(path, render(report, fmt, deployment)) else unchanged).append(path)
        advance()
    return ExportAll(written, unchanged)
