"""Shared fixtures: every test gets its own data and config folders and a real database.

The database is a SQLite file, or, when COP_TEST_DATABASE_URL names a PostgreSQL server
(`.ci/run` starts a throw-away one), a fresh schema on that server for each test, reached
through COP_DATABASE_URL exactly as a user's cop would. Tests that check SQLite's own file
behaviour carry the `sqlite_only` mark and are skipped on the server run.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from keyring.backend import KeyringBackend

from facilitator.cli import main
from facilitator.cli.common import State
from store.database import Database, open_database
from store.location import resolve_location

# A Saturday; the demo's last session is the Thursday before, the next one in 12 days.
FROZEN_NOW = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)

SERVER_URL = os.environ.get("COP_TEST_DATABASE_URL")
"""The PostgreSQL server of the server run, or None for the SQLite run."""

sqlite_only = pytest.mark.sqlite_only


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
    monkeypatch.setattr("getpass.getpass", _no_terminal)
    return home


def _no_terminal(*_args, **_kwargs):
    """getpass reads the real terminal (/dev/tty), not stdin: a test that reached it would
    stop the suite for good when run by a person."""
    raise AssertionError("a test asked the real terminal for a secret; give it on stdin")


@pytest.fixture(autouse=True)
def server_schema(isolated_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str | None]:
    """On the server run, a schema of its own for each test, dropped afterwards."""
    if not SERVER_URL:
        yield None
        return
    from sqlalchemy import text

    name = f"t_{uuid.uuid4().hex[:12]}"
    with _admin().begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{name}"'))
    url = f"{SERVER_URL}?options=-csearch_path%3D{name}"
    monkeypatch.setenv("COP_DATABASE_URL", url)
    yield url
    with _admin().begin() as conn:
        conn.execute(text("SET LOCAL lock_timeout = '10s'"))
        conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))


_ADMIN = []


def _admin():
    """One engine for creating and dropping the tests' schemas."""
    if not _ADMIN:
        from sqlalchemy import create_engine
        from sqlalchemy.pool import NullPool

        from store.location import server_url

        _ADMIN.append(create_engine(server_url(SERVER_URL), poolclass=NullPool))
    return _ADMIN[0]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cop.db"


KEPT_TEMPLATES = os.environ.get("COP_TEST_TEMPLATES")
"""A folder the session templates are kept in across runs, when set: bench/mutation.py sets
it, since every mutant is a pytest run of its own and would otherwise build them again."""


def kept(path: Path) -> bool:
    """Whether a run before this one left this template: then `path` is a copy of it."""
    if KEPT_TEMPLATES and (Path(KEPT_TEMPLATES) / path.name).exists():
        shutil.copyfile(Path(KEPT_TEMPLATES) / path.name, path)
        return True
    return False


def keep(path: Path) -> Path:
    """Leave the template built for the runs after this one (replaced whole, never half)."""
    if KEPT_TEMPLATES:
        part = Path(KEPT_TEMPLATES) / f"{path.name}.{os.getpid()}"
        shutil.copyfile(path, part)
        os.replace(part, Path(KEPT_TEMPLATES) / path.name)
    return path


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated to the newest schema once per run: each test's database starts
    as a copy of it, since running every migration costs about a second per test."""
    path = tmp_path_factory.mktemp("template") / "cop.db"
    if kept(path):
        return path
    with template_env(tmp_path_factory.mktemp("template-home")):
        open_database(resolve_location(str(path))).close()
    return keep(path)


def start_from_template(db_path: Path, template: Path) -> None:
    """The test's SQLite file begins as the migrated template (a new file, as cop makes)."""
    if not SERVER_URL and not db_path.exists():
        shutil.copyfile(template, db_path)


@contextmanager
def template_env(home: Path) -> Iterator[None]:
    """What isolated_home gives a test, for the session fixtures that build templates (they
    are set up before any per-test fixture)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOME", str(home))
        patch.setenv("XDG_DATA_HOME", str(home / "data"))
        patch.setenv("XDG_CONFIG_HOME", str(home / "config"))
        patch.setenv("COLUMNS", "200")
        patch.setenv("TZ", "Europe/Berlin")
        patch.setenv("COP_NOW", FROZEN_NOW.isoformat())
        yield


@pytest.fixture(scope="session")
def demo_template(migrated_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample community (`cop demo` at FROZEN_NOW) loaded once per run, for copying."""
    from facilitator.services.demo import load_demo

    path = migrated_template.with_name("demo.db")
    if kept(path):
        return path
    shutil.copyfile(migrated_template, path)
    with template_env(tmp_path_factory.mktemp("demo-home")):
        database = open_database(resolve_location(str(path)))
        load_demo(database, FROZEN_NOW)
        database.close()
    return keep(path)


@pytest.fixture
def demo_db(
    db_path: Path, server_schema: str | None, migrated_template: Path, demo_template: Path
) -> Iterator[Database]:
    """The test's database holding the sample: a copy of the one loaded once (SQLite), or
    the sample loaded into the test's schema (server)."""
    from facilitator.services.demo import load_demo

    if not SERVER_URL and (not db_path.exists() or untouched(db_path, migrated_template)):
        shutil.copyfile(demo_template, db_path)
        database = open_database(resolve_location(str(db_path)))
    else:
        database = open_database(resolve_location(None if server_schema else str(db_path)))
        load_demo(database, FROZEN_NOW)
    yield database
    database.close()


@pytest.fixture
def db(db_path: Path, server_schema: str | None, migrated_template: Path) -> Iterator[Database]:
    """The test's database: its SQLite file, or its schema on the server run."""
    start_from_template(db_path, migrated_template)
    database = open_database(resolve_location(None if server_schema else str(db_path)))
    yield database
    database.close()


@pytest.fixture
def another_database(tmp_path: Path, migrated_template: Path) -> Iterator:
    """Make more databases of this run's kind: SQLite files, or schemas on the server."""
    from sqlalchemy import text

    made: list[Database] = []
    schemas: list[str] = []

    def make() -> Database:
        if SERVER_URL:
            name = f"t_{uuid.uuid4().hex[:12]}"
            with _admin().begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{name}"'))
            schemas.append(name)
            url = f"{SERVER_URL}?options=-csearch_path%3D{name}"
            location = resolve_location(environ={"COP_DATABASE_URL": url})
        else:
            path = tmp_path / f"another-{len(made)}.db"
            start_from_template(path, migrated_template)
            location = resolve_location(str(path))
        database = open_database(location)
        made.append(database)
        return database

    yield make
    for database in made:
        database.close()
    for name in schemas:
        with _admin().begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{name}" CASCADE'))


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cop(
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    migrated_template: Path,
):
    """Run `cop ARGS` in-process against the test database, through the real error boundary."""
    monkeypatch.setenv("COP_NOW", FROZEN_NOW.isoformat())
    start_from_template(db_path, migrated_template)

    def run(*args: str, db: Path | None = db_path) -> Result:
        capsys.readouterr()
        on_file = db is not None and not (SERVER_URL and db == db_path)
        argv = (["--db", str(db)] if on_file else []) + list(args)
        try:
            main(argv)
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


BERLIN_CIRCLE = [
    [
        "community",
        "create",
        "Circle",
        "--cadence",
        "every other thursday",
        "--time",
        "12:00",
        "--timezone",
        "Europe/Berlin",
    ],
    *(
        ["roster", "add", name, "--department", dept]
        for name, dept in (("Ana Lima", "Engineering"), ("Ben Okafor", "Sales"), ("Chen Wei", "HR"))
    ),
]


@pytest.fixture(scope="session")
def berlin_template(migrated_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """BERLIN_CIRCLE's commands run once per run into a file, for copying. Session fixtures
    are set up before the per-test ones, so this one isolates its own folders and clock, and
    forgets the console it printed through (it would keep this moment's terminal width)."""
    from facilitator.cli.common import console

    path = migrated_template.with_name("berlin.db")
    if kept(path):
        return path
    shutil.copyfile(migrated_template, path)
    with template_env(tmp_path_factory.mktemp("berlin-home")):
        for args in BERLIN_CIRCLE:
            try:
                main(["--db", str(path), *args])
            except SystemExit as done:
                assert not done.code, args
        State.close_databases()
        State.db_path = None
    console.cache_clear()
    return keep(path)


def untouched(db_path: Path, template: Path) -> bool:
    """The test's file is still the migrated template and nothing has opened it (SQLite
    makes its -wal and -shm files on opening), so it can be replaced by another copy."""
    opened = any(db_path.with_name(db_path.name + end).exists() for end in ("-wal", "-shm"))
    return not opened and db_path.read_bytes() == template.read_bytes()


@pytest.fixture
def berlin_circle(cop, db_path: Path, migrated_template: Path, berlin_template: Path) -> None:
    """A community with three members, created through the CLI (on SQLite, a copy of the
    file those commands made once)."""
    if not SERVER_URL and untouched(db_path, migrated_template):
        shutil.copyfile(berlin_template, db_path)
        return
    for args in BERLIN_CIRCLE:
        assert cop(*args).code == 0


def stored_bytes(db_path: Path) -> bytes:
    """Everything cop stored: the SQLite file, or on the server run every row of every table."""
    if not SERVER_URL:
        return db_path.read_bytes()
    from sqlalchemy import inspect, text

    database = open_database(resolve_location())
    try:
        with database.snapshot() as conn:
            tables = inspect(conn).get_table_names()
            rows = [conn.execute(text(f'SELECT * FROM "{t}"')).all() for t in tables]
    finally:
        database.close()
    return repr(rows).encode()


def file_digest(path: Path) -> bytes:
    return hashlib.sha256(path.read_bytes()).digest() if path.exists() else b""


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: two workers per core. Much of a test's time is spent waiting (on the app's
    timers, a terminal, another process or the database's fsync), so a second worker per
    core fills those waits: on two cores the suite took 245 s with 2 workers, 224 s with 3
    and 214 s with 4."""
    return 2 * (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    config.addinivalue_line(
        "markers", "sqlite_only: checks SQLite's file behaviour; skipped on the server run"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not SERVER_URL:
        return
    skip = pytest.mark.skip(reason="checks SQLite's file behaviour (this is the server run)")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(skip)


def pytest_make_parametrize_id(config: pytest.Config, val: object, argname: str) -> str | None:
    """A test id pytest can be given back: it escapes non-ASCII and control characters in
    ids it makes, and a node id so escaped is then "not found" when asked for by name (as
    bench/mutation.py's mutmut asks for every test). Such a value gets a plain id instead;
    every other value keeps pytest's own."""
    if isinstance(val, str) and not (
        val.isascii() and val.isprintable() and not set(val) & set("\\[]")
    ):
        plain = "".join(c if c.isascii() and c.isalnum() else "_" for c in val)
        digest = hashlib.sha1(val.encode("utf-8", "surrogatepass")).hexdigest()[:6]
        return f"{argname}-{plain[:30]}-{digest}"
    return None


class MemoryKeyring(KeyringBackend):
    """A keyring in memory: secrets stored by a test never reach the machine's own."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.secrets.get((service, username))

    def set_password(self, service, username, password):
        self.secrets[(service, username)] = password

    def delete_password(self, service, username):
        self.secrets.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    import keyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)
