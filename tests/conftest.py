"""Shared fixtures: every test gets its own data and config folders and a real SQLite file."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.cli.common import State
from store.database import Database, open_database
from store.location import resolve_location

# A Saturday; the demo's last session is the Thursday before, the next one in 12 days.
FROZEN_NOW = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep tests away from the real user folders and from each other."""
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("TZ", "Europe/Berlin")
    for name in ("COP_DB", "COP_DATABASE_URL", "COP_NOW"):
        monkeypatch.delenv(name, raising=False)
    State.db_path = None
    State.debug = False
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cop.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(resolve_location(str(db_path)))
    yield database
    database.close()


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cop(db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run `cop ARGS` in-process against the test database, through the real error boundary."""
    monkeypatch.setenv("COP_NOW", FROZEN_NOW.isoformat())

    def run(*args: str, db: Path | None = db_path) -> Result:
        capsys.readouterr()
        argv = (["--db", str(db)] if db is not None else []) + list(args)
        try:
            main(argv)
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def berlin_circle(cop) -> None:
    """A community with three members, created through the CLI."""
    assert (
        cop(
            "community",
            "create",
            "Circle",
            "--cadence",
            "every other thursday",
            "--time",
            "12:00",
            "--timezone",
            "Europe/Berlin",
        ).code
        == 0
    )
    for name, dept in (("Ana Lima", "Engineering"), ("Ben Okafor", "Sales"), ("Chen Wei", "HR")):
        assert cop("roster", "add", name, "--department", dept).code == 0


def file_digest(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest() if path.exists() else b""


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
