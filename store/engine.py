"""The engine factory: every SQLite connection gets the durability pragmas.

WAL lets the TUI read while a capture is written; synchronous=FULL makes a commit survive a
power cut; foreign_keys keeps the history consistent; busy_timeout waits for another cop
process instead of failing at once. Nothing here runs at import time.
"""

from __future__ import annotations

import os
import random
import sys
import time
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError

from store.errors import StoreError
from store.location import DatabaseLocation
from store.search_index import fold

BUSY_TIMEOUT_MS = 5000
CONNECT_TIMEOUT = 10
"""Seconds to reach a PostgreSQL server (`?connect_timeout=N` in the URL overrides it)."""

SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}",
)


def _fold_or_none(value: str | None) -> str | None:
    return None if value is None else fold(value)


def _add_functions(dbapi_connection) -> None:
    """`cop_fold` as PostgreSQL has it (store.search_index.fold: lower case without
    accents), so a filter folds names in SQL alike on both engines."""
    dbapi_connection.create_function("cop_fold", 1, _fold_or_none, deterministic=True)


def _apply_pragmas(dbapi_connection, _record) -> None:
    # Take transaction control away from Python's sqlite3 module (which begins lazily and
    # lets a SAVEPOINT outside BEGIN commit on release); SQLAlchemy emits BEGIN itself below.
    # Python 3.11 has no `autocommit` attribute; isolation_level=None is the equivalent.
    dbapi_connection.isolation_level = None
    _add_functions(dbapi_connection)
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
        if sys.platform == "darwin":
            # macOS fsync does not reach the platter; F_FULLFSYNC does.
            cursor.execute("PRAGMA fullfsync=ON")
    finally:
        cursor.close()


DEFERRED = "cop_deferred"
"""Execution option of a unit of work that only reads (store.database.Database.reading)."""


def _begin_immediate(connection) -> None:
    """A transaction that may write takes SQLite's write lock at BEGIN. A deferred BEGIN
    that later writes fails with "database is locked" at once when another process wrote
    in between (SQLite cannot wait there without risking deadlock); BEGIN IMMEDIATE waits
    its turn under busy_timeout instead, so concurrent writers queue rather than fail.
    A unit of work that only reads begins deferred and reads its snapshot meanwhile."""
    deferred = connection.get_execution_options().get(DEFERRED)
    if deferred:
        connection.exec_driver_sql("BEGIN")
        return
    for attempt in range(1, BEGIN_ATTEMPTS + 1):
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except OperationalError as error:
            if attempt == BEGIN_ATTEMPTS or not _busy(error):
                raise
            # Nothing was done yet, so trying again is safe; a little later each time
            # (and not in step with the other waiting writers).
            time.sleep(random.uniform(0.05, 0.2) * attempt)


BEGIN_ATTEMPTS = 12
"""How many times a writer waits its turn (busy_timeout each) before it says the database
is busy: on a loaded machine fifty writers queued behind one another outlast one busy
timeout, and on a slow one half a minute (a sample being loaded beside fifty writers and a
busy core held its lock longer); a minute in all is still an answer a person waits for."""


def _busy(error: OperationalError) -> bool:
    message = str(getattr(error, "orig", error)).lower()
    return "locked" in message or "busy" in message


def _begin_read_only(connection) -> None:
    connection.exec_driver_sql("BEGIN")


def set_foreign_keys(connection, enabled: bool) -> None:
    """Toggle enforcement on a connection outside any transaction (SQLite ignores it inside)."""
    connection.connection.dbapi_connection.execute(f"PRAGMA foreign_keys={int(enabled)}")


def _apply_read_only_pragmas(dbapi_connection, _record) -> None:
    """A file cop may not write: no journal mode to set, nothing to sync; keys and timeout."""
    dbapi_connection.isolation_level = None
    _add_functions(dbapi_connection)
    for pragma in SQLITE_PRAGMAS[2:]:
        dbapi_connection.execute(pragma)


def _read_only_url(location: DatabaseLocation) -> str:
    """SQLite's own read-only mode; `immutable` too when the folder cannot take the WAL's
    shared-memory file (then nothing else can be writing there either)."""
    path = location.path
    assert path is not None, "only a SQLite file is opened read-only"
    immutable = "&immutable=1" if not os.access(path.parent, os.W_OK) else ""
    return f"sqlite:///file:{quote(str(path))}?mode=ro{immutable}&uri=true"


def create_db_engine(location: DatabaseLocation, read_only: bool = False) -> Engine:
    if location.is_sqlite:
        url = _read_only_url(location) if read_only else location.url
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _apply_read_only_pragmas if read_only else _apply_pragmas)
        event.listen(engine, "begin", _begin_read_only if read_only else _begin_immediate)
        return engine
    return _server_engine(location)


def _server_engine(location: DatabaseLocation) -> Engine:
    """A PostgreSQL engine through psycopg 3, with a clear message when it is not installed."""
    try:
        import psycopg  # noqa: F401  (the driver SQLAlchemy will load)
    except ImportError as error:
        raise StoreError(
            "the PostgreSQL driver is not installed; install cop with it: "
            "pip install 'cop[postgres]' (or pipx inject cop 'psycopg[binary]')"
        ) from error
    from store.models import declare_server_options

    declare_server_options()
    # A server that accepts the connection and never answers must not hang cop for good.
    waits = {} if "connect_timeout=" in location.url else {"connect_timeout": CONNECT_TIMEOUT}
    engine = create_engine(location.url, pool_pre_ping=True, connect_args=waits)
    event.listen(engine, "connect", _server_timeouts)
    return engine


def _server_timeouts(dbapi_connection, _record) -> None:
    """Wait for another cop's lock as long as SQLite would in all (busy_timeout, times the
    attempts at BEGIN), then give up with a message, rather than waiting forever. The
    server queues waiting writers itself, so one long wait replaces SQLite's retries."""
    with dbapi_connection.cursor() as cursor:
        cursor.execute(f"SET lock_timeout = {BUSY_TIMEOUT_MS * BEGIN_ATTEMPTS}")
    dbapi_connection.commit()
