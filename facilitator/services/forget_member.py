"""Forgetting a member at their request: what will go, then doing it in one transaction.

Deactivating keeps a person's history under their name; forgetting removes the name and
what they wrote about themselves (see store.forgetting for the rules) while every count
stays true. It cannot be undone, so the plan names everything first; it also lists what
cop cannot change by itself: published Confluence pages that name the person (republish
them with `cop export --publish`) and backups that still hold the data (`cop db backup
--prune`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from pathlib import Path

from sqlalchemy import Connection, func, or_
from sqlmodel import Session, col, select

from facilitator.services.communities import community_row
from facilitator.services.publish import exports_folder
from facilitator.services.roster import member_row
from facilitator.vocabulary import AttendanceStatus, SessionStatus, plural
from store.database import Database
from store.forgetting import (
    FORMER_MEMBER,
    Footprint,
    decomposed,
    erase_member,
    footprint,
    identities,
    name_pattern,
    replace_name,
)
from store.models import (
    Attendance,
    Commitment,
    LibraryEntry,
    LightningTalk,
    Member,
    PublishRecord,
    StudySession,
    Takeaway,
)


@dataclass(frozen=True)
class PublishedPage:
    """A published page that names the person, and how to publish it again without them."""

    title: str
    location: str
    republish: str


@dataclass
class ForgetPlan:
    """What forgetting one member changes and keeps, counted before (or as) it is done."""

    name: str
    community: str
    email: str | None
    department: str | None
    keep_department: bool
    found: Footprint
    """What forgetting changes in the stored history, counted by the store."""
    attended: int = 0
    hosted: int = 0
    talks: int = 0
    pages: list[PublishedPage] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    """Files in the exports folder that name them: rewritten without them."""
    done: bool = False

    def removed(self) -> list[str]:
        """What goes, a line each, for the confirmation and the dry run."""
        lines = [f"the name {self.name!r} (shown as 'a former member' from now on)"]
        if self.email:
            lines.append(f"the e-mail {self.email}")
        if self.department and not self.keep_department:
            lines.append(f"the department {self.department!r} (keep it with --keep-department)")
        lines.append("their Confluence identity, roles and availability")
        found = self.found
        counted = (
            (
                found.commitments,
                "commitment",
                "",
                'text becomes "removed at the member\'s request" (outcomes stay)',
            ),
            (found.review_notes, "review note", " on their commitments", "removed"),
            (found.takeaways, "takeaway", " they wrote", "keep the text, lose the author"),
            (found.reviews_given, "review", " they recorded", "lose the reviewer"),
            (found.library_roles, "library entry", " they own or verified", "lose that"),
            (found.queued_talks, "queued talk", "", "withdrawn"),
            (found.planned_hosting, "planned session", " they were to host", "host unassigned"),
            (len(found.mentions), "text", " naming them", "the name is replaced"),
            (found.drafts, "half-typed draft", " naming them", "deleted"),
            (len(self.files), "file", " in the exports folder naming them", "rewritten"),
        )
        for number, noun, which, what in counted:
            if number:
                lines.append(f"{plural(number, noun)}{which}: {what}")
        return lines

    def kept(self) -> list[str]:
        """What stays, so counts stay true."""
        lines = [
            f"attendance at {plural(self.attended, 'session')}, "
            f"{self.hosted} hosted and {plural(self.talks, 'lightning talk')}"
            " (counted as 'a former member')"
        ]
        if self.department and self.keep_department:
            lines.append(f"the department {self.department!r}")
        return lines

    def lines(self) -> list[str]:
        """The whole plan as a person reads it before confirming (the CLI and the app
        alike): what goes, what stays, and what cop cannot change by itself."""
        lines = ["Goes:", *(f"  - {line}" for line in self.removed())]
        lines += ["Stays:", *(f"  - {line}" for line in self.kept())]
        if self.pages:
            lines.append(f"Published pages that still name them ({len(self.pages)}): publish again")
            for page in self.pages:
                lines += [f"  - {page.title}: {page.location}", f"      {page.republish}"]
        if self.files:
            lines.append("Files in the exports folder rewritten without them:")
            lines += [f"  - {path}" for path in self.files]
        if self.backups:
            lines.append(
                f"{len(self.backups)} backup(s) still hold their data: cop db backup --prune"
            )
        return lines


def plan_forget(
    db: Database, community: str | None, name: str, keep_department: bool = False
) -> ForgetPlan:
    """The plan for forgetting `name`, changing nothing."""
    with db.reading(), db.session() as s:
        plan = _plan(s, community, name, keep_department, backups_of(db))
    plan.files = naming_files(exports_folder(db), identities(plan.name, plan.email))
    return plan


def forget(
    db: Database,
    community: str | None,
    name: str,
    keep_department: bool = False,
    now: datetime | None = None,
) -> ForgetPlan:
    """Forget `name` in one transaction; returns what was done (the same counts as the
    plan, read in the same transaction, so nothing can slip in between)."""
    with db.session() as s:
        plan = _plan(s, community, name, keep_department, backups_of(db))
        row = member_row(s, community_row(s, community).id, name)
        names = identities(row.name, row.email)
        erase_member(s.connection(), row.id, names, keep_department, now=now, found=plan.found)
    plan.files = naming_files(exports_folder(db), names)
    for path in plan.files:  # after the database: a failure here leaves it forgotten anyway
        rewrite_without(path, names)
    plan.done = True
    return plan


def naming_files(folder: Path, names: list[str]) -> list[Path]:
    """Documents in cop's exports folder (saved summaries, published pages' local copies,
    reports, invitations) that still name the person, in any spelling."""
    if not folder.is_dir():
        return []
    patterns = [name_pattern(n) for n in names]
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        try:
            text = decomposed(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue  # not a document cop wrote
        if any(p.search(text) for p in patterns):
            found.append(path)
    return found


def rewrite_without(path: Path, names: list[str]) -> None:
    from facilitator.services.export import write_file

    write_file(path, replace_name(path.read_text(encoding="utf-8"), names, FORMER_MEMBER))


def _plan(
    s: Session, community: str | None, name: str, keep_department: bool, backups: list[Path]
) -> ForgetPlan:
    crow = community_row(s, community)
    row = member_row(s, crow.id, name)
    conn: Connection = s.connection()
    found = footprint(conn, row.id, identities(row.name, row.email))
    attended = s.exec(
        select(func.count())
        .select_from(Attendance)
        .where(Attendance.member_id == row.id, Attendance.status == AttendanceStatus.PRESENT)
    ).one()
    hosted = s.exec(
        select(func.count())
        .select_from(StudySession)
        .where(StudySession.facilitator_id == row.id, StudySession.status == SessionStatus.ENDED)
    ).one()
    talks = s.exec(
        select(func.count()).select_from(LightningTalk).where(LightningTalk.presenter_id == row.id)
    ).one()
    return ForgetPlan(
        name=row.name,
        community=crow.name,
        email=row.email,
        department=row.department,
        keep_department=keep_department,
        attended=attended,
        hosted=hosted,
        talks=talks,
        found=found,
        pages=_pages(s, row, {m.row_id for m in found.mentions}),
        backups=backups,
    )


def _pages(s: Session, row: Member, mentioned: set[str]) -> list[PublishedPage]:
    """Published pages that name the person: the summary of every session held while they
    were a member (present or listed absent) or that they are part of, and the community's
    library page and reports when they wrote, own or presented anything."""
    session = StudySession
    involved = or_(
        col(session.scheduled_at) >= datetime.combine(row.joined_on, time(), tzinfo=UTC),
        session.facilitator_id == row.id,
        session.co_facilitator_id == row.id,
        col(session.id).in_(select(Attendance.session_id).where(Attendance.member_id == row.id)),
        col(session.id).in_(select(Commitment.session_id).where(Commitment.member_id == row.id)),
        col(session.id).in_(select(Takeaway.session_id).where(Takeaway.author_id == row.id)),
        col(session.id).in_(mentioned),
    )
    summaries = s.exec(
        select(session.scheduled_at, PublishRecord.location, PublishRecord.session_id)
        .join(PublishRecord, PublishRecord.session_id == session.id)
        .where(session.community_id == row.community_id, involved)
        .where(col(PublishRecord.page_id).is_not(None))
        .group_by(session.scheduled_at, PublishRecord.location, PublishRecord.session_id)
        .order_by(session.scheduled_at)
    ).all()
    pages = [
        PublishedPage(
            title=f"session of {when:%Y-%m-%d}",
            location=location,
            republish=f"cop export {session_id[:8]} --publish",
        )
        for when, location, session_id in summaries
    ]
    wrote = s.exec(
        select(func.count())
        .select_from(LibraryEntry)
        .join(Takeaway, Takeaway.id == LibraryEntry.takeaway_id)
        .where(
            or_(
                Takeaway.author_id == row.id,
                LibraryEntry.owner_id == row.id,
                LibraryEntry.verified_by_id == row.id,
            )
        )
    ).one()
    community_pages = s.exec(
        select(PublishRecord.report_period, PublishRecord.location)
        .where(PublishRecord.community_id == row.community_id)
        .where(col(PublishRecord.session_id).is_(None), col(PublishRecord.page_id).is_not(None))
        .group_by(PublishRecord.report_period, PublishRecord.location)
        .order_by(PublishRecord.report_period)
    ).all()
    for period, location in community_pages:
        if period is None:
            if wrote:
                pages.append(PublishedPage("library", location, "cop library export --publish"))
            continue
        first, _, last = period.partition("/")
        if last >= row.joined_on.isoformat():  # a report of a period they were part of
            pages.append(
                PublishedPage(
                    f"report {first} to {last}",
                    location,
                    f"cop report --from {first} --to {last} --publish",
                )
            )
    return pages


def backups_of(db: Database) -> list[Path]:
    """Backups of this database in the backups folder: each still holds the person's data
    until `cop db backup --prune` removes them."""
    from store.backup import older_backups, sqlite_names
    from store.location import backups_dir
    from store.server_backup import server_names

    location = db.location
    path = location.path
    names = sqlite_names(path) if path is not None else server_names(location)
    return older_backups(backups_dir(), names, keep=None)
