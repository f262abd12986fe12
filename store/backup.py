"""Consistent copies of a SQLite database, taken with the backup API while it may be in use."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from store.location import backups_dir
from store.private_files import create_private_file, private_folder

KEEP_AUTOMATIC_BACKUPS = 5
_STAMP = re.compile(r"-(\d{8}T\d{12}Z)-")


def backup_database(source: Path, destination: Path | None = None, reason: str = "manual") -> Path:
    """Copy `source` to `destination` (default: the backups folder, keeping the newest 5)."""
    if destination is None:
        folder = private_folder(backups_dir())
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        destination = folder / f"{source.stem}-{stamp}-{reason}.db"
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
        _prune(folder)
    return destination


def _stamp(path: Path) -> str:
    match = _STAMP.search(path.name)
    return match.group(1) if match else ""


def backup_pattern(stem: str, suffix: str) -> re.Pattern[str]:
    """The names cop gives the backups of one database in the backups folder."""
    return re.compile(rf"{re.escape(stem)}-\d{{8}}T\d{{12}}Z-[\w.-]*{re.escape(suffix)}")


def older_backups(folder: Path, stem: str, suffix: str, keep: Path | None) -> list[Path]:
    """Every backup of the database named `stem` in `folder` but `keep` (the one just made):
    what `cop db backup --prune` removes, since each may still hold what was forgotten."""
    if not folder.is_dir():
        return []
    pattern = backup_pattern(stem, suffix)
    return sorted(
        (p for p in folder.iterdir() if pattern.fullmatch(p.name) and p != keep), key=_stamp
    )


def _prune(folder: Path) -> None:
    backups = sorted(folder.glob("*.db"), key=_stamp)
    for old in backups[:-KEEP_AUTOMATIC_BACKUPS]:
        old.unlink(missing_ok=True)
