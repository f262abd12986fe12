"""Backups of a server database: an archive (store.archive_format) in the backups folder.

A SQLite file is copied with SQLite's backup API (store.backup); a PostgreSQL database
cannot be copied as a file, but its whole history fits in an archive, which `cop archive
import` restores into an empty database of either kind.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

from store.archive_format import installed_version, write_archive
from store.backup import BackupNames, keep_newest
from store.location import DatabaseLocation, backups_dir

SUFFIX = ".coparchive"


def archive_backup(
    conn: Connection,
    location: DatabaseLocation,
    revision: str | None,
    reason: str = "manual",
    destination: Path | None = None,
) -> Path:
    """Write the whole history to `destination` (default: the backups folder, newest 5 kept)."""
    folder = None
    names = server_names(location)
    if destination is None:
        folder = backups_dir()
        destination = folder / names.new(reason)
    write_archive(conn, destination, revision=revision, cop_version=installed_version())
    if folder is not None:
        keep_newest(folder, names)
    return destination


def server_names(location: DatabaseLocation) -> BackupNames:
    """The server database's name, told apart by its address (never its password)."""
    return BackupNames(server_name(location), location.describe(), SUFFIX)


def server_name(location: DatabaseLocation) -> str:
    """The database's name from its URL, safe as part of a file name."""
    name = location.url.rsplit("/", 1)[-1].split("?", 1)[0] or "server"
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in name)
