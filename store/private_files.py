"""Files that hold personal data are readable by their owner only, whatever the umask.

The database names people and records what each committed to try and whether they did; on
a shared machine a world-readable file gives that to everyone. So every file cop keeps for
itself (the database, its backups, archives, the config file) is created 0600 and every
folder it creates for them 0700. SQLite gives the WAL and shared-memory files the mode of
the database file, so creating that file first is enough for all three. Exports take
the privacy of their folder: private in cop's own exports folder, the user's umask in a
folder they chose to share from.

The mode is set explicitly after creation (not only through the mode argument, which the
umask can only narrow further, to 0400 under an umask of 0o277).
"""

from __future__ import annotations

import os
import shlex
import stat
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
OTHERS = stat.S_IRWXG | stat.S_IRWXO
"""Permission bits that let anyone but the owner in."""


def private_folder(folder: Path) -> Path:
    """Create `folder` and any missing parents, each only its owner can enter; a folder
    that already exists is left as it is (it may be the user's, e.g. ~/Documents)."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    for created in reversed(missing):
        os.chmod(created, PRIVATE_FOLDER)
    return folder


def is_private(folder: Path) -> bool:
    """Whether only its owner may enter the folder."""
    try:
        return not folder.stat().st_mode & OTHERS
    except OSError:
        return False


def create_private_file(path: Path) -> None:
    """Create `path` empty, readable and writable by its owner only; an existing empty file
    (one cop is about to fill) gets the same mode."""
    private_folder(path.parent)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, PRIVATE_FILE)
    try:
        os.fchmod(fd, PRIVATE_FILE)
    finally:
        os.close(fd)


def make_private(fd: int) -> None:
    """Give an open file (a temporary one about to be renamed into place) the private mode."""
    os.fchmod(fd, PRIVATE_FILE)


def shared_mode() -> int:
    """The mode a file the user means to share gets: what their umask allows (a temporary
    file renamed into place would otherwise stay 0600). Read without changing the umask
    where Linux shows it, since setting it to read it back races other threads."""
    with suppress(OSError, ValueError), open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("Umask:"):
                return 0o666 & ~int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


@dataclass(frozen=True)
class Exposure:
    """A file or folder others can read or enter, and the command that closes it."""

    path: Path
    mode: int
    fix: str

    def describe(self) -> str:
        return (
            f"other users of this machine can read {self.path} ({stat.filemode(self.mode)}); "
            f"to fix: {self.fix}"
        )


def exposures(database: Path, backups: Path | None = None) -> list[Exposure]:
    """What lets other users of this machine read the database: the file, its WAL and
    shared-memory files, its folder, and the backups folder and its copies.

    A shared folder with the sticky bit (such as /tmp) is not reported: others can list
    it but not read a private file in it, and `chmod 700 /tmp` would be wrong advice.
    """
    found: list[Exposure] = []
    files = [e for s in ("", "-wal", "-shm") for e in _file(database.with_name(database.name + s))]
    if files:  # one line for the database: SQLite gives its WAL and index the file's mode
        paths = " ".join(_quoted(e.path) for e in files)
        found.append(Exposure(files[0].path, files[0].mode, f"chmod 600 {paths}"))
    found.extend(_folder(database.parent))
    if backups is not None and backups.is_dir():
        found.extend(_folder(backups))
        for copy in sorted(backups.iterdir()):
            found.extend(_file(copy))
    return found


def _file(path: Path) -> list[Exposure]:
    try:
        mode = path.stat().st_mode
    except OSError:
        return []
    if not stat.S_ISREG(mode) or not mode & OTHERS:
        return []
    return [Exposure(path, mode, f"chmod 600 {_quoted(path)}")]


def _folder(path: Path) -> list[Exposure]:
    try:
        mode = path.stat().st_mode
    except OSError:
        return []
    if mode & stat.S_ISVTX or not mode & OTHERS:
        return []
    return [Exposure(path, mode, f"chmod 700 {_quoted(path)}")]


def _quoted(path: Path) -> str:
    return shlex.quote(str(path))
