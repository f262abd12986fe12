"""Where the database lives: resolved without importing SQLAlchemy, so `cop db path` stays cheap.

Order: --db PATH, then COP_DB, then COP_DATABASE_URL (a PostgreSQL server shared by a team,
or a SQLite URL), else cop.db in the user data directory.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from platformdirs import user_config_dir, user_data_dir

from store.errors import StoreError

APP_NAME = "cop"


def data_dir() -> Path:
    """The per-user directory for the default database and its backups."""
    return Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    return Path(user_config_dir(APP_NAME, appauthor=False))


def backups_dir() -> Path:
    return data_dir() / "backups"


@dataclass(frozen=True)
class DatabaseLocation:
    """A resolved database: its SQLAlchemy URL, its file (for SQLite) and why it was chosen."""

    url: str
    path: Path | None
    source: str

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def is_server(self) -> bool:
        return self.path is None and not self.is_sqlite

    def describe(self) -> str:
        """The file, or the server as a person writes its URL: no password, and
        `postgresql://` rather than the driver's `postgresql+psycopg://`."""
        if self.path:
            return str(self.path)
        return _redact(self.url).replace("postgresql+psycopg://", "postgresql://", 1)


def _redact(url: str) -> str:
    """Hide a password in a server URL before it is ever printed (a URL without one is
    shown as it is)."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    creds, _, host = rest.rpartition("@")
    user, has_password, _ = creds.partition(":")
    if not has_password:
        return url
    return f"{scheme}://{user}:***@{host}"


def _sqlite_file(path: Path, source: str) -> DatabaseLocation:
    path = path.expanduser().resolve()
    return DatabaseLocation(url=f"sqlite:///{path}", path=path, source=source)


SERVER_SCHEMES = ("postgresql+psycopg://", "postgresql://", "postgres://")
"""PostgreSQL is the server cop supports and tests (through psycopg 3, the `postgres` extra)."""


class UnsupportedDatabaseURL(StoreError):
    """COP_DATABASE_URL names an engine cop does not support; the message says which do."""


def server_url(url: str, source: str = "COP_DATABASE_URL") -> str:
    """The SQLAlchemy URL for a PostgreSQL server, whichever spelling the user gave.

    `postgres://` (what Heroku and many hosts print) and `postgresql://` both mean psycopg 3;
    anything else is refused here with a message instead of failing later inside SQLAlchemy.
    """
    for scheme in SERVER_SCHEMES:
        if url.startswith(scheme):
            _check_address(url, source)
            return "postgresql+psycopg://" + url.removeprefix(scheme)
    scheme = url.partition("://")[0] or url
    raise UnsupportedDatabaseURL(
        f"{source} uses {scheme!r}, which cop does not support; use a PostgreSQL URL "
        "(postgresql://USER:PASSWORD@HOST:5432/DBNAME) or a SQLite file"
    )


def _check_address(url: str, source: str = "COP_DATABASE_URL") -> None:
    """Refuse a server URL whose host or port cannot be read, with a message that names
    the part and never repeats the URL (it holds the password)."""
    try:
        port = urlsplit(url).port
    except ValueError as error:
        reason = str(error).lower()
        what = (
            "port is out of range"
            if "range" in reason
            else "port is not a number"
            if "port" in reason
            else "host is malformed"
        )
        raise UnsupportedDatabaseURL(
            f"{source} cannot be read: its {what}; "
            "write it as postgresql://USER:PASSWORD@HOST:5432/DBNAME"
        ) from None
    if port == 0:
        raise UnsupportedDatabaseURL(f"{source} names port 0; use the server's port")


def resolve_location(
    db_option: str | None = None, environ: Mapping[str, str] | None = None
) -> DatabaseLocation:
    env = os.environ if environ is None else environ
    if db_option:
        source = "COP_DB" if db_option == env.get("COP_DB") else "--db"
        return _named(db_option, source)
    if env.get("COP_DB"):
        return _named(env["COP_DB"], "COP_DB")
    url = env.get("COP_DATABASE_URL")
    if url:
        return _named(url, "COP_DATABASE_URL", always_url=True)
    return _sqlite_file(data_dir() / "cop.db", "default")


def _named(value: str, source: str, always_url: bool = False) -> DatabaseLocation:
    """A database as --db, COP_DB or COP_DATABASE_URL names it: a server URL, a sqlite:///
    URL, or (not for COP_DATABASE_URL) a SQLite file's path."""
    if value.startswith("sqlite"):
        name = value.removeprefix("sqlite:///")
        if not value.startswith("sqlite:///") or name in ("", ":memory:"):
            raise UnsupportedDatabaseURL(
                f"{source} names no SQLite file, so nothing would be kept; "
                "give one as sqlite:///PATH (or a file's path with --db PATH)"
            )
        return _sqlite_file(Path(name), source)
    if always_url or value.startswith(SERVER_SCHEMES):
        return DatabaseLocation(url=server_url(value, source), path=None, source=source)
    return _sqlite_file(Path(value), source)
