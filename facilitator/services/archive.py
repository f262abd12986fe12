"""Handing a history from one laptop (or server) to another: `cop archive export/import`.

The format and the merge rules live in store.archive_format and store.archive_merge; this
is the unit of work around them: one transaction, rolled back for a dry run or a refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from facilitator.errors import InvalidInput
from facilitator.services.communities import community_row
from store.archive_format import ArchiveReader, Manifest, installed_version, write_archive
from store.archive_merge import MergeReport, merge_archive
from store.archive_staging import StagedArchive
from store.database import Database
from store.member_twins import possible_duplicates
from store.migrate import known_revisions, revision_on


@dataclass(frozen=True)
class Imported:
    """What an import found in the archive and did with it."""

    manifest: Manifest
    report: MergeReport
    dry_run: bool


def export_archive(db: Database, destination: Path, community: str | None) -> Manifest:
    """Write every community's history (or `community`'s) to a new file `destination`."""
    if destination.exists():
        raise InvalidInput(f"{destination} already exists; choose a new file name")
    if not destination.parent.is_dir():
        raise InvalidInput(f"the folder {destination.parent} does not exist")
    scope_id = scope_name = None
    if community is not None:
        with db.session() as s:
            row = community_row(s, community)
            scope_id, scope_name = row.id, row.name
    with db.snapshot() as conn:
        return write_archive(
            conn,
            destination,
            revision=revision_on(conn),
            cop_version=installed_version(),
            community_id=scope_id,
            community_name=scope_name,
        )


def stage_archive(source: Path) -> StagedArchive:
    """Read and check the whole archive (store.archive_staging) before any database is
    opened: a damaged or hostile archive is refused with the target untouched."""
    with ArchiveReader(source, known_revisions()) as reader:
        return StagedArchive(reader)


def import_archive(db: Database, source: Path | StagedArchive, dry_run: bool = False) -> Imported:
    """Merge `source` into the database (see store.archive_merge for the rules)."""
    staged = source if isinstance(source, StagedArchive) else stage_archive(source)
    with staged, db.transaction(keep=not dry_run) as conn:
        report = merge_archive(conn, staged)
        report.possible_duplicates = possible_duplicates(conn)
    return Imported(manifest=staged.manifest, report=report, dry_run=dry_run)
