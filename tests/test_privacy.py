"""Private by default: every file cop keeps for itself is its owner's alone, whatever the
umask; `cop db check` says when an existing one is not; backups can be pruned; and a
server password never appears in anything cop prints."""

from __future__ import annotations

import os
import stat
import traceback
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import text

from store.database import open_database
from store.location import resolve_location
from store.server_backup import archive_backup

from conftest import SERVER_URL, sqlite_only


@contextmanager
def umask(mask: int) -> Iterator[None]:
    """The process's umask for one block (each test worker is a process of its own)."""
    before = os.umask(mask)
    try:
        yield
    finally:
        os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@sqlite_only
@pytest.mark.parametrize("mask", [0o022, 0o000])
def test_every_file_cop_keeps_is_private_whatever_the_umask(cop, isolated_home, tmp_path, mask):
    data = isolated_home / "data" / "cop"
    default = data / "cop.db"
    with umask(mask):
        assert cop("demo", db=None).code == 0
        assert cop("db", "backup", db=None).code == 0
        assert cop("db", "backup", str(tmp_path / "copy.db"), db=None).code == 0
        assert cop("archive", "export", str(tmp_path / "all.coparchive"), db=None).code == 0
        done = cop(
            "config", "confluence", "--url", "https://example.atlassian.net",
            "--deployment", "cloud", "--space", "AI", "--email", "ana@example.com", db=None,
        )  # fmt: skip
        assert done.code == 0, done.err
        database = open_database(resolve_location(str(default)))
        with database.engine.connect() as conn:  # an open writer has its WAL and index
            conn.execute(text("UPDATE community SET changed_at = changed_at"))
            conn.commit()
            wal, shm = default.with_name("cop.db-wal"), default.with_name("cop.db-shm")
            assert mode(wal) == 0o600 and mode(shm) == 0o600
        with database.snapshot() as conn:  # a server's backup is an archive: the same rule
            server_style = archive_backup(conn, database.location, None)
        database.close()
        exported = cop("export", "--all", "-o", str(tmp_path / "exports"), db=None)
        assert exported.code == 0, exported.err

    files = [default, tmp_path / "copy.db", tmp_path / "all.coparchive", server_style]
    files += sorted((data / "backups").iterdir())
    files.append(isolated_home / "config" / "cop" / "config.ini")
    assert len(files) == 7
    for path in files:
        assert mode(path) == 0o600, path
    for folder in (
        isolated_home / "data",
        data,
        data / "backups",
        isolated_home / "config" / "cop",
    ):
        assert mode(folder) == 0o700, folder
    shared = sorted((tmp_path / "exports").iterdir())
    assert shared and all(mode(p) == 0o666 & ~mask for p in shared)  # exports keep the umask


@sqlite_only
def test_a_new_database_at_a_chosen_path_is_private_and_its_folder_untouched(cop, tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    with umask(0o000):
        assert (
            cop(
                "community",
                "create",
                "Circle",
                "--cadence",
                "weekly on monday",
                db=folder / "team.db",
            ).code
            == 0
        )
    assert mode(folder / "team.db") == 0o600
    assert mode(folder) == 0o755  # the user's folder, not cop's to change


@sqlite_only
def test_check_warns_when_others_can_read_the_database_and_says_how_to_fix(
    cop, isolated_home, monkeypatch
):
    assert cop("demo", db=None).code == 0
    data = isolated_home / "data" / "cop"
    quiet = cop("db", "check", db=None)
    assert quiet.code == 0 and "warning" not in quiet.err

    os.chmod(data / "cop.db", 0o644)
    os.chmod(data, 0o755)
    loud = cop("db", "check", db=None)
    assert loud.code == 0  # a warning, not a failed check
    lines = loud.err.splitlines()
    database = data / "cop.db"
    expected = (
        f"warning: other users of this machine can read {database} (-rw-r--r--); "
        f"to fix: chmod 600 {database} {database}-wal {database}-shm"
    )  # one line, its WAL and index included (SQLite gave them the file's mode)
    assert expected in lines
    assert any(line.endswith(f"to fix: chmod 700 {data}") for line in lines)

    os.chmod(data / "cop.db", 0o600)
    os.chmod(data, 0o700)
    assert "warning" not in cop("db", "check", db=None).err


@sqlite_only
def test_check_does_not_ask_to_lock_a_shared_sticky_folder(cop, tmp_path):
    sticky = tmp_path / "tmp"
    sticky.mkdir()
    os.chmod(sticky, 0o1777)
    assert (
        cop(
            "community", "create", "Circle", "--cadence", "weekly on monday", db=sticky / "cop.db"
        ).code
        == 0
    )
    assert "warning" not in cop("db", "check", db=sticky / "cop.db").err


def test_backup_prune_keeps_only_the_new_backup_of_this_database(cop, db, isolated_home, tmp_path):
    assert cop("community", "create", "Circle", "--cadence", "weekly on monday").code == 0
    first = cop("db", "backup")
    second = cop("db", "backup")
    assert first.code == second.code == 0
    backups = isolated_home / "data" / "cop" / "backups"
    other = backups / "elsewhere-20260101T000000000000Z-manual.db"
    other.write_bytes(b"")  # another database's backup is not this one's to remove
    namesake = tmp_path / "team" / "cop.db"  # nor is one of another file called cop.db
    namesake.parent.mkdir()
    created = cop("community", "create", "Team", "--cadence", "weekly on friday", db=namesake)
    assert created.code == 0 and cop("db", "backup", db=namesake).code == 0
    theirs = {p.name for p in backups.iterdir()} - {other.name}
    theirs -= {p.name for p in backups.iterdir() if p.name in first.out + second.out}
    before = sorted(p.name for p in backups.iterdir())

    pruned = cop("db", "backup", "--prune")
    assert pruned.code == 0, pruned.err
    after = sorted(p.name for p in backups.iterdir())
    assert len(after) == 3 and other.name in after and theirs <= set(after)
    assert not (set(before) - {other.name} - theirs) & set(after)
    assert "Removed 2 older backups" in pruned.out

    again = cop("db", "backup", "--prune")
    assert "Removed 1 older backup" in again.out


SENTINEL = "Pw9Sentinel"


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://cop:{SENTINEL}@127.0.0.1:1/cop",  # nothing listens there
        f"postgresql://cop:{SENTINEL}@127.0.0.1:notaport/cop",
        f"postgresql://cop:{SENTINEL}@[::1/cop",
        f"postgres://cop:{SENTINEL}@127.0.0.1:99999/cop",
        f"mysql://cop:{SENTINEL}@127.0.0.1/cop",
    ],
)
def test_a_password_never_appears_when_the_server_cannot_be_used(cop, monkeypatch, url):
    monkeypatch.setenv("COP_DATABASE_URL", url)
    for args in (
        ["db", "path"],
        ["db", "check"],
        ["db", "backup"],
        ["session", "list"],
        ["archive", "export", "x.coparchive"],
    ):
        done = cop(*args, db=None)
        assert SENTINEL not in done.out + done.err, args
        if args != ["db", "path"]:
            assert done.code == 2 and "unexpected" not in done.err, (args, done.err)
    with pytest.raises(Exception) as raised:  # --debug lets the error through, traceback and all
        cop("--debug", "roster", "list", db=None)
    assert SENTINEL not in "".join(traceback.format_exception(raised.value))


@pytest.mark.skipif(not SERVER_URL, reason="needs the PostgreSQL server of the server run")
def test_a_password_never_appears_on_a_working_server(
    cop, server_schema, isolated_home, tmp_path, monkeypatch
):
    """The test server trusts loopback, so any password signs in: the sentinel travels
    through every command that opens, describes, backs up or fails on the server."""
    scheme, rest = server_schema.split("://", 1)
    login, host = rest.split("@", 1)
    monkeypatch.setenv("COP_DATABASE_URL", f"{scheme}://{login}:{SENTINEL}@{host}")
    printed = []
    for args in (
        ["demo"],
        ["db", "path"],
        ["db", "check"],
        ["db", "backup"],
        ["archive", "export", str(tmp_path / "all.coparchive")],
        ["roster", "add", "Ana Lima"],  # refused: a duplicate
        ["session", "show", "nope"],  # refused: unknown
        ["--debug", "roster", "list"],
    ):
        done = cop(*args, db=None)
        printed.append(done.out + done.err)
    assert "postgresql://" in "".join(printed)  # the server was described
    assert all(SENTINEL not in text for text in printed)
    written = [tmp_path / "all.coparchive", *(isolated_home / "data").rglob("*.coparchive")]
    assert len(written) == 2
    for archive in written:
        with zipfile.ZipFile(archive) as opened:
            for name in opened.namelist():
                assert SENTINEL.encode() not in opened.read(name), (archive, name)
