"""Consistent copies of a SQLite database, taken with the backup API while it may be in use."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from store.location import backups_dir

KEEP_AUTOMATIC_BACKUPS = 5
_STAMP = re.compile(r"-(\d{8}T\d{12}Z)-")


def backup_database(source: Path, destination: Path | None = None, reason: str = "manual") -> Path:
    """Copy `source` to `destination` (default: the backups folder, keeping the newest 5)."""
    if destination is None:
        folder = backups_dir()
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        destination = folder / f"{source.stem}-{stamp}-{reason}.db"
    else:
        destination.parent.mkdir(parents=True, exist_ok=True)
        folder = None
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


def _prune(folder: Path) -> None:
    backups = sorted(folder.glob("*.db"), key=_stamp)
    for old in backups[:-KEEP_AUTOMATIC_BACKUPS]:
        old.unlink(missing_ok=True)
