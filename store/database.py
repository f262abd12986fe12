"""Open a database for use: validate the file, build the engine, bring the schema up to date.

Problems are found before anything is written, so a wrong --db never damages a file:
a file that is not SQLite, a folder without write permission, a corrupted database.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from urllib.parse import quote

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import configure_mappers
from sqlmodel import Session

from store.changes import track_changes
from store.engine import DEFERRED, create_db_engine
from store.errors import (
    DatabaseCorrupted,
    DatabaseNotWritable,
    NotADatabase,
    ServerUnreachable,
    StorageUnavailable,
    StoreError,
    WriteConflict,
)
from store.location import DatabaseLocation
from store.migrate import SchemaStatus, check_revision, ensure_schema, schema_status
from store.private_files import create_private_file, private_folder

_READING: ContextVar[bool] = ContextVar("cop_reading", default=False)


@dataclass
class Database:
    """An open, schema-checked database: the one object services need."""

    engine: Engine
    location: DatabaseLocation
    schema: SchemaStatus
    reads_only: bool = False
    """Opened by a reading command: its units of work read, so they never take the lock."""

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Units of work inside only read: on SQLite they begin deferred, reading their
        snapshot while another cop writes, instead of waiting for its write lock."""
        token = _READING.set(True)
        try:
            yield
        finally:
            _READING.reset(token)

    @contextmanager
    def snapshot(self) -> Iterator[Connection]:
        """One consistent read of the whole database (an archive), taking no lock."""
        with self.engine.execution_options(**{DEFERRED: True}).connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def transaction(self, keep: bool = True) -> Iterator[Connection]:
        """One transaction on a connection of its own, for work done in Core statements (an
        archive merge, a roster merge): committed at the end of the block, or rolled back
        instead when `keep` is False (a dry run) or anything fails."""
        with self.engine.connect() as conn:
            transaction = conn.begin()
            try:
                yield conn
            except BaseException:
                transaction.rollback()
                raise
            if keep:
                transaction.commit()
            else:
                transaction.rollback()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A short unit of work: commit on success, roll back on error, always close.

        On SQLite it holds the write lock from its first statement (BEGIN IMMEDIATE, see
        store.engine) unless it runs inside `reading()`, so a check and the write it guards
        are never split by another process. A failure of the database itself (locked past
        the busy timeout, disk full, I/O error, read-only) becomes StorageUnavailable with
        words for it, so the CLI and the app report it as one clear message instead of a
        traceback.
        """
        bind = self.engine
        if self.reads_only or _READING.get():
            bind = self.engine.execution_options(**{DEFERRED: True})
        else:
            # The ORM configures new mappers at the first query, which here takes the write
            # lock first: configured before it, the lock is not held through that (tens of
            # ms), and fifty writers queued behind one another wait that much less each.
            configure_mappers()
        with Session(bind, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except IntegrityError as error:
                session.rollback()
                clash = conflict(error)
                if clash is error:
                    raise
                raise clash from error
            except DBAPIError as error:  # also InterfaceError: a connection already closed
                session.rollback()
                raise unavailable(self.location, error) from error
            except BaseException:
                session.rollback()
                raise

    def close(self) -> None:
        self.engine.dispose()


def reads(method: Callable) -> Callable:
    """Mark a method of an object with a `db` as reading only (see Database.reading)."""

    @wraps(method)
    def wrapper(self, *args, **kwargs):
        with self.db.reading():
            return method(self, *args, **kwargs)

    return wrapper


def can_write(location: DatabaseLocation) -> bool:
    """Whether SQLite could write this file and its journal beside it (always, for a server)."""
    path = location.path
    if path is None or not path.exists():
        return True
    return os.access(path, os.R_OK | os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def check_file(location: DatabaseLocation, reading: bool = False) -> None:
    """Refuse a path cop must not open, before SQLite creates or touches anything.

    `reading` opens an existing file that cop may not write (read-only, immutable, on
    read-only media): only reading commands ask for that.
    """
    path = location.path
    if path is None:
        return
    if path.exists():
        if not path.is_file():
            raise NotADatabase(f"{path} is not a file")
        # Whether it is a SQLite file at all is left to refuse_before_touching, which asks
        # SQLite: closing a descriptor of our own on the file would drop every lock this
        # process holds on it, an open connection's included, and another cop closing then
        # would take itself for the last one and remove the write-ahead log under it.
        if reading:
            if not os.access(path, os.R_OK):
                raise DatabaseNotWritable(f"{path} is not readable (check its permissions)")
            return
        if not os.access(path, os.R_OK | os.W_OK):
            raise DatabaseNotWritable(
                f"{path} is read-only, so cop cannot change it (check its permissions); "
                "reading commands such as `cop session list` still work"
            )
        if not os.access(path.parent, os.W_OK | os.X_OK):
            raise DatabaseNotWritable(
                f"the folder {path.parent} is not writable; SQLite needs it for its journal"
            )
        return
    if location.source == "default":
        private_folder(path.parent)
    if not path.parent.is_dir():
        raise DatabaseNotWritable(f"the folder {path.parent} does not exist")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise DatabaseNotWritable(f"cannot create {path}: the folder is not writable")


def refuse_before_touching(location: DatabaseLocation) -> None:
    """Read an existing SQLite file's schema revision through SQLite's read-only mode,
    before any pragma runs: a file cop refuses (written by a newer cop, or another
    program's database) must keep every byte, its journal mode included."""
    path = location.path
    if path is None or not path.is_file() or path.stat().st_size == 0:
        return
    # Immutable unless a write-ahead log is already beside it (whose pages must be read):
    # read-only mode alone still makes a WAL database's -wal and -shm files, and a refused
    # file must get no neighbours.
    journal = path.with_name(path.name + "-wal")
    immutable = "" if journal.exists() else "&immutable=1"
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro{immutable}", uri=True)
    except sqlite3.Error as error:
        raise _explain(location, error) from error
    try:
        tables = {
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith("sqlite_")
        }
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            check_revision(row[0] if row else None)
        elif tables:
            raise NotADatabase(
                f"{location.describe()} holds tables but is not a cop database; "
                "choose another file with --db"
            )
    except sqlite3.Error as error:
        raise _explain(location, error) from error
    finally:
        conn.close()


def _private_if_new(location: DatabaseLocation) -> None:
    """Create a new database file (or claim an empty one) readable by its owner only,
    before SQLite creates it with the umask's mode; its WAL and shared-memory files follow."""
    path = location.path
    if path is None or (path.exists() and path.stat().st_size > 0):
        return
    # An empty file someone else owns keeps its mode: SQLite will say whether it can use it.
    with suppress(PermissionError):
        create_private_file(path)


def open_database(
    location: DatabaseLocation, migrate: bool = True, reading: bool = False
) -> Database:
    """Open for use; `reading` opens a file cop cannot write read-only instead of refusing it
    (nothing is migrated then, and a write fails with a message saying it is read-only)."""
    track_changes()
    read_only = reading and location.path is not None and not can_write(location)
    check_file(location, reading=read_only)
    refuse_before_touching(location)
    if not read_only:
        _private_if_new(location)
    engine = create_db_engine(location, read_only=read_only)
    try:
        if read_only:
            schema = schema_status(engine)
            if not schema.up_to_date:
                raise DatabaseNotWritable(
                    f"{location.describe()} needs an upgrade to schema {schema.head}, but it "
                    "is read-only; open it once where cop can write it"
                )
        else:
            schema = ensure_schema(engine, location) if migrate else schema_status(engine)
    except StoreError:
        engine.dispose()
        raise
    except (DBAPIError, sqlite3.DatabaseError) as error:
        engine.dispose()
        raise _explain(location, error) from error
    return Database(engine=engine, location=location, schema=schema)


def _explain(location: DatabaseLocation, error: Exception) -> StoreError:
    message = str(getattr(error, "orig", error)).lower()
    where = location.describe()
    if "not a database" in message or "file is encrypted" in message:
        return NotADatabase(f"{where} is not a SQLite database")
    if "malformed" in message or "corrupt" in message:
        return DatabaseCorrupted(
            f"{where} is corrupted; restore a backup (cop db backup keeps copies)"
        )
    if "readonly" in message or "unable to open" in message:
        return DatabaseNotWritable(f"{where} cannot be opened for writing")
    if "locked" in message or "busy" in message:
        return StorageUnavailable(
            f"{where} is busy: other cops kept it locked for a minute; nothing was "
            "changed, try again"
        )
    if any(word in message for word in UNREACHABLE):
        return ServerUnreachable(
            f"the database server of {where} cannot be reached (is it running?)"
        )
    return StoreError(f"{where}: {first_line(getattr(error, 'orig', error))}")


def unavailable(location: DatabaseLocation, error: Exception) -> StorageUnavailable:
    """Name what went wrong and that nothing of this change was stored."""
    message = str(getattr(error, "orig", error)).lower()
    where = location.describe()
    if "locked" in message or "busy" in message or "lock timeout" in message:
        why = f"{where} is busy: another cop is writing to it"
    elif "full" in message:
        why = f"the disk holding {where} is full"
    elif "readonly" in message or "read-only" in message:
        why = f"{where} is read-only"
    elif "i/o" in message or "disk" in message:
        why = f"{where} could not be read or written (disk I/O error)"
    elif any(word in message for word in UNREACHABLE):
        return ServerUnreachable(
            f"the database server of {where} cannot be reached (is it running?); "
            "nothing was saved, try again"
        )
    else:
        why = f"{where} failed: {first_line(getattr(error, 'orig', error))}"
    return StorageUnavailable(f"{why}; nothing was saved, try again")


UNREACHABLE = (
    "connection refused",
    "could not connect",
    "connection failed",
    "server closed the connection",
    "terminating connection",
    "connection is closed",
    "the connection is lost",
    "no connection to the server",
    "consuming input failed",
)
"""How psycopg says the server is down or went away: a one-line message names that."""


def first_line(error: object) -> str:
    """A driver's message can run to several lines (psycopg adds hints): one is shown."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__


CLASHES = (
    (("uq_member_name", "member.name_key"), "a member with that name"),
    (("community_name", "community.name"), "a community with that name"),
    (("uq_attendance", "attendance.member_id"), "that person's attendance at this session"),
    (("uq_draft_form", "draft.form"), "that draft"),
)
"""Unique rules a second writer can run into, by constraint name (PostgreSQL) or columns
(SQLite), and what to call the thing the other cop saved first."""


def conflict(error: IntegrityError) -> WriteConflict | IntegrityError:
    """A unique rule broken by a concurrent writer, in words; any other integrity failure
    (a foreign key, a NOT NULL) is a bug in cop and stays the original error."""
    message = str(error.orig)
    for needles, what in CLASHES:
        if any(needle in message for needle in needles):
            return WriteConflict(
                f"{what} was saved at the same moment by someone else; nothing of this "
                "change was stored, so look again and retry if it is still needed"
            )
    if "unique" in message.lower() or "duplicate key" in message.lower():
        return WriteConflict(
            "another cop saved a clashing change at the same moment; nothing of this change "
            "was stored, try again"
        )
    return error
