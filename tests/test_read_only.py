"""A database cop may not write: reading commands work, writing ones say why they cannot."""

from __future__ import annotations

import gc
import os
import sqlite3

import pytest

from conftest import file_digest, sqlite_only

pytestmark = sqlite_only  # file permissions and SQLite's read-only mode


@pytest.fixture
def read_only_db(cop, berlin_circle, db_path, monkeypatch):
    """A finished database made read-only (and reported so even to root, who could write)."""
    assert cop("session", "plan", "--date", "2026-12-03", "--topic", "Agents").code == 0
    assert cop("talk", "add", "Ben Okafor", "Prompt linting").code == 0
    gc.collect()  # the commands above ran in this process: close their connections
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db_path.chmod(0o444)
    real_access = os.access

    def access(path, mode, *args, **kwargs):
        if str(path) == str(db_path) and mode & os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr("store.database.os.access", access)
    yield db_path
    db_path.chmod(0o644)


@pytest.mark.parametrize(
    "args",
    [
        ("roster", "list"),
        ("roster", "export", "-"),
        ("roster", "away-list"),
        ("session", "list"),
        ("session", "show", "latest"),
        ("talk", "list"),
        ("community", "list"),
        ("followup", "list"),
        ("followup", "nudges"),
        ("rotate", "--history"),
        ("db", "check"),
    ],
)
def test_reading_commands_work_on_a_read_only_file(cop, read_only_db, args):
    before = file_digest(read_only_db)
    result = cop(*args)
    assert result.code == 0, result.err
    assert file_digest(read_only_db) == before


@pytest.mark.parametrize(
    "args",
    [
        ("roster", "add", "Dana Lee"),
        ("session", "plan", "--date", "2026-12-17"),
        ("talk", "add", "Ana Lima", "More"),
        ("rotate",),
    ],
)
def test_writing_commands_say_why_they_cannot(cop, read_only_db, args):
    before = file_digest(read_only_db)
    result = cop(*args)
    assert result.code == 2
    assert "is read-only, so cop cannot change it" in result.err
    assert "Traceback" not in result.err and "unexpected" not in result.err
    assert file_digest(read_only_db) == before


@pytest.fixture
def read_only_folder(cop, berlin_circle, db_path, monkeypatch):
    """A finished database in a folder nobody may write (read-only media, an immutable
    folder): SQLite cannot make its journal there, so cop must read it as immutable."""
    assert cop("talk", "add", "Ben Okafor", "Prompt linting").code == 0
    gc.collect()
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    gc.collect()
    real_access = os.access

    def access(path, mode, *args, **kwargs):
        if str(path) in (str(db_path), str(db_path.parent)) and mode & os.W_OK:
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    yield db_path


@pytest.mark.parametrize(
    "args",
    [("roster", "list"), ("session", "list"), ("talk", "list"), ("db", "check")],
)
def test_reading_commands_work_in_a_folder_nobody_may_write(cop, read_only_folder, args):
    neighbours = sorted(read_only_folder.parent.glob(read_only_folder.name + "*"))
    before = file_digest(read_only_folder)
    result = cop(*args)
    assert result.code == 0, result.err
    assert file_digest(read_only_folder) == before
    assert sorted(read_only_folder.parent.glob(read_only_folder.name + "*")) == neighbours
