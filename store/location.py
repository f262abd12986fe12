"""Where the database lives: resolved without importing SQLAlchemy, so `cop db path` stays cheap.

Order: --db PATH, then COP_DB, then COP_DATABASE_URL (any SQLAlchemy URL, for a shared
server), else cop.db in the user data directory.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

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

    def describe(self) -> str:
        return str(self.path) if self.path else _redact(self.url)


def _redact(url: str) -> str:
    """Hide a password in a server URL before it is ever printed."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    creds, _, host = rest.rpartition("@")
    user = creds.split(":", 1)[0]
    return f"{scheme}://{user}:***@{host}"


def _sqlite_file(path: Path, source: str) -> DatabaseLocation:
    path = path.expanduser().resolve()
    return DatabaseLocation(url=f"sqlite:///{path}", path=path, source=source)


def resolve_location(
    db_option: str | None = None, environ: Mapping[str, str] | None = None
) -> DatabaseLocation:
    env = os.environ if environ is None else environ
    if db_option:
        return _sqlite_file(Path(db_option), "--db")
    if env.get("COP_DB"):
        return _sqlite_file(Path(env["COP_DB"]), "COP_DB")
    url = env.get("COP_DATABASE_URL")
    if url:
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            return _sqlite_file(Path(url.removeprefix("sqlite:///")), "COP_DATABASE_URL")
        return DatabaseLocation(url=url, path=None, source="COP_DATABASE_URL")
    return _sqlite_file(data_dir() / "cop.db", "default")
