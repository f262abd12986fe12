"""Consistent copies of a SQLite database, taken with the backup API while it may be in use."""

from __future__ import annotations

import hashlib
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from store.location import backups_dir
from store.private_files import create_private_file, private_folder

KEEP_AUTOMATIC_BACKUPS = 5
_STAMP = re.compile(r"-(\d{8}T\d{12}Z)-")


@dataclass(frozen=True)
class BackupNames:
    """How one database's backups are named in the backups folder, which every database
    of this user shares: its name and a digest of where it is, so that two files called
    cop.db in different folders (or two servers' databases of one name) keep apart when
    the newest five are kept or `--prune` removes the older ones."""

    name: str
    where: str
    suffix: str

    @property
    def prefix(self) -> str:
        return f"{self.name}-{hashlib.sha256(self.where.encode()).hexdigest()[:8]}"

    def new(self, reason: str) -> str:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        return f"{self.prefix}-{stamp}-{reason}{self.suffix}"

    def matches(self, file_name: str) -> bool:
        """This database's backups, and those named before the digest (name and stamp
        alone), which can only be told apart by name."""
        stamp_and_reason = rf"-\d{{8}}T\d{{12}}Z-[\w.-]*{re.escape(self.suffix)}"
        owners = f"(?:{re.escape(self.prefix)}|{re.escape(self.name)})"
        return re.fullmatch(owners + stamp_and_reason, file_name) is not None


def sqlite_names(source: Path) -> BackupNames:
    return BackupNames(source.stem, str(source.resolve()), ".db")


def backup_database(source: Path, destination: Path | None = None, reason: str = "manual") -> Path:
    """Copy `source` to `destination` (default: the backups folder, keeping its newest 5)."""
    names = sqlite_names(source)
    if destination is None:
        folder = private_folder(backups_dir())
        destination = folder / names.new(reason)
    else:
        folder = None
    create_private_file(destination)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(destination)
    try:
        with dst:
            src.backup(dst)
    finally:
        dst.close()
        src.close()
    if folder is not None:
        keep_newest(folder, names)
    return destination


def _stamp(path: Path) -> str:
    match = _STAMP.search(path.name)
    return match.group(1) if match else ""


def older_backups(folder: Path, names: BackupNames, keep: Path | None) -> list[Path]:
    """Every backup of the database in `folder` but `keep` (the one just made): what
    `cop db backup --prune` removes, since each may still hold what was forgotten."""
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.iterdir() if names.matches(p.name) and p != keep), key=_stamp)


def keep_newest(folder: Path, names: BackupNames) -> None:
    """Keep this database's newest backups in the folder; another database's stay."""
    for old in older_backups(folder, names, keep=None)[:-KEEP_AUTOMATIC_BACKUPS]:
        old.unlink(missing_ok=True)
