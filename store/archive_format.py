"""The portable archive: one file holding a whole history (or one community's), version 1.

A zip with
  manifest.json          what this is: format and version, the schema revision it was
                         written at, the cop version, when, which community (or all), and
                         for every member file its row count and SHA-256
  tables/<table>.jsonl   one JSON object per row, parents before children, rows by id;
                         datetimes are ISO 8601 in UTC, dates ISO 8601
  deletions.jsonl        the tombstones: {"table", "id", "deleted_at"} of rows deleted

It is written to a temporary file beside the target and renamed into place, so a failed
export leaves no half-written archive. Reading checks everything before a row is merged:
a file that is not a zip, a truncated one, a missing or changed member (row count or
checksum), an archive from a newer cop, a value of the wrong type. The documentation of
the format is this docstring and README.md ("Handing over to the next host").
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Boolean, Connection, Date, Float, Integer, Table, inspect, select

from store.errors import StoreError
from store.private_files import make_private, private_folder
from store.types import UTCDateTime, utcnow

FORMAT = "cop-archive"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DELETIONS = "deletions.jsonl"
LOCAL_ONLY = {"draft", "deletion", "alembic_version"}
"""Never archived: half-typed notes belong to the laptop they were typed on; tombstones
travel in their own file."""


class ArchiveRefused(StoreError):
    """The archive cannot be imported as it is; nothing was written."""


def installed_version() -> str:
    """cop's version as installed, for the manifest (store does not import facilitator)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cop")
    except PackageNotFoundError:
        return "unknown"


def archived_tables() -> list[Table]:
    """Every table an archive carries, parents before children."""
    from sqlmodel import SQLModel

    from store.models import load_all

    load_all()

    return [t for t in SQLModel.metadata.sorted_tables if t.name not in LOCAL_ONLY]


def table_file(name: str) -> str:
    return f"tables/{name}.jsonl"


@dataclass
class Manifest:
    schema_revision: str | None
    cop_version: str
    created_at: str
    community: str | None
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    columns: dict[str, list[str]] = field(default_factory=dict)
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def as_json(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "format_version": self.format_version,
            "schema_revision": self.schema_revision,
            "cop_version": self.cop_version,
            "created_at": self.created_at,
            "community": self.community,
            "columns": self.columns,
            "files": self.files,
        }


def encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""What cop never stores (facilitator.text refuses it as text is typed): C0 and C1 control
characters but for the tab and line breaks of multi-line notes. An archive that holds one
was not written by cop's rules, and is refused like any other damage."""


MACHINE_TEXT = {"name_key"}
"""Text cop derives, never typed: a forgotten member's key starts with a control character
on purpose (it can never equal a typed name)."""


def decode(table: Table, column: str, value: Any, where: str) -> Any:
    """A JSON value back to the column's Python type, or a refusal naming the place."""
    if value is None:
        if not table.c[column].nullable and not table.c[column].primary_key:
            raise ArchiveRefused(f"{where}: {column} is empty but may not be")
        return value
    kind = table.c[column].type
    try:
        if isinstance(kind, UTCDateTime):
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                raise ValueError("no time zone")
            return moment
        if isinstance(kind, Date):
            return date.fromisoformat(value)
        if isinstance(kind, Boolean):
            if not isinstance(value, bool):
                raise ValueError("not true or false")
            return value
        if isinstance(kind, Integer):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError("not a whole number")
            return value
        if isinstance(kind, Float):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError("not a number")
            return float(value)
        if not isinstance(value, str):
            raise ValueError("not text")
        if CONTROL.search(value) and column not in MACHINE_TEXT:
            raise ValueError("text with a control character (an escape sequence, say)")
        return value
    except (TypeError, ValueError) as error:
        raise ArchiveRefused(f"{where}: {column} = {value!r} is {error}") from error


def write_archive(
    conn: Connection,
    destination: Path,
    *,
    revision: str | None,
    cop_version: str,
    community_id: str | None = None,
    community_name: str | None = None,
) -> Manifest:
    """Write the history readable through `conn` (one community's, if given) to `destination`."""
    from store.archive_scope import scoped

    manifest = Manifest(
        schema_revision=revision,
        cop_version=cop_version,
        created_at=utcnow().isoformat(),
        community=community_name,
    )
    existing = set(inspect(conn).get_table_names())
    private_folder(destination.parent)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{destination.name}.", suffix=".part", dir=destination.parent
    )
    make_private(handle)
    os.close(handle)
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for table in archived_tables():
                if table.name not in existing:
                    continue
                present = {c["name"] for c in inspect(conn).get_columns(table.name)}
                columns = [c for c in table.columns if c.name in present]
                query = select(*columns).order_by(table.c.id)
                if community_id is not None:
                    query = query.where(scoped(table, community_id))
                names = [c.name for c in columns]
                rows = conn.execute(query.execution_options(yield_per=500))
                lines = (
                    json.dumps(
                        {n: encode(v) for n, v in zip(names, row, strict=True)},
                        ensure_ascii=False,
                        sort_keys=True,
                    )
                    for row in rows
                )
                manifest.columns[table.name] = names
                manifest.files[table_file(table.name)] = _write_member(
                    archive, table_file(table.name), lines
                )
            if "deletion" in existing:
                from store.models import Deletion

                gone = conn.execute(
                    select(Deletion.table_name, Deletion.row_id, Deletion.deleted_at).order_by(
                        Deletion.table_name, Deletion.row_id
                    )
                )
                lines = (
                    json.dumps(
                        {"table": t, "id": i, "deleted_at": encode(at)},
                        ensure_ascii=False,
                        sort_keys=True,
                    )
                    for t, i, at in gone
                )
                manifest.files[DELETIONS] = _write_member(archive, DELETIONS, lines)
            archive.writestr(MANIFEST, json.dumps(manifest.as_json(), indent=2, sort_keys=True))
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return manifest


def _write_member(archive: zipfile.ZipFile, name: str, lines: Iterator[str]) -> dict[str, Any]:
    digest = hashlib.sha256()
    count = 0
    with archive.open(name, "w", force_zip64=True) as member:
        for line in lines:
            data = (line + "\n").encode("utf-8")
            member.write(data)
            digest.update(data)
            count += 1
    return {"rows": count, "sha256": digest.hexdigest()}


class ArchiveReader:
    """An archive opened and checked whole (every checksum) before anything is read from it."""

    def __init__(self, path: Path, known_revisions: list[str]) -> None:
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
        except FileNotFoundError as error:
            raise ArchiveRefused(f"{path} does not exist") from error
        except IsADirectoryError as error:
            raise ArchiveRefused(f"{path} is a folder, not an archive") from error
        except (zipfile.BadZipFile, OSError) as error:
            raise ArchiveRefused(
                f"{path} is not a cop archive (not a zip file, or truncated)"
            ) from error
        try:
            self.manifest = self._manifest(known_revisions)
            self._check_members()
        except BaseException:
            self.zip.close()
            raise

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> ArchiveReader:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def _manifest(self, known_revisions: list[str]) -> Manifest:
        try:
            raw = json.loads(self.zip.read(MANIFEST))
        except KeyError as error:
            raise ArchiveRefused(
                f"{self.path} has no {MANIFEST}; it is not a cop archive"
            ) from error
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
            raise ArchiveRefused(f"{self.path}: its {MANIFEST} is damaged ({error})") from error
        if not isinstance(raw, dict) or raw.get("format") != FORMAT:
            raise ArchiveRefused(f"{self.path} is not a cop archive")
        version = raw.get("format_version")
        if not isinstance(version, int) or version > FORMAT_VERSION:
            raise ArchiveRefused(
                f"{self.path} was written by a newer cop (archive format {version}; this cop "
                f"reads up to {FORMAT_VERSION}); upgrade cop to import it"
            )
        revision = raw.get("schema_revision")
        if revision is not None and revision not in known_revisions:
            raise ArchiveRefused(
                f"{self.path} was written by a newer cop (schema revision {revision}; this cop "
                f"knows up to {known_revisions[-1]}); upgrade cop to import it"
            )
        files, columns = raw.get("files"), raw.get("columns")
        if not isinstance(files, dict) or not isinstance(columns, dict):
            raise ArchiveRefused(f"{self.path}: its {MANIFEST} lists no files")
        manifest = Manifest(
            schema_revision=revision,
            cop_version=str(raw.get("cop_version")),
            created_at=str(raw.get("created_at")),
            community=raw.get("community"),
            files=files,
            columns=columns,
        )
        tables = {t.name: t for t in archived_tables()}
        for name, listed in columns.items():
            if name not in tables:
                raise ArchiveRefused(f"{self.path} holds a table this cop does not know: {name}")
            unknown = set(listed) - set(tables[name].c.keys())
            if unknown:
                raise ArchiveRefused(
                    f"{self.path}: {name} has columns this cop does not know: "
                    + ", ".join(sorted(unknown))
                )
        return manifest

    def _check_members(self) -> None:
        for name, entry in self.manifest.files.items():
            digest = hashlib.sha256()
            count = 0
            try:
                with self.zip.open(name) as member:
                    for line in member:
                        digest.update(line)
                        count += 1
            except KeyError as error:
                raise ArchiveRefused(f"{self.path} is missing {name}") from error
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                raise ArchiveRefused(f"{self.path}: {name} is damaged ({error})") from error
            if not isinstance(entry, dict) or entry.get("sha256") != digest.hexdigest():
                raise ArchiveRefused(
                    f"{self.path}: {name} does not match its checksum; the file was changed "
                    "or damaged after it was written"
                )
            if entry.get("rows") != count:
                raise ArchiveRefused(
                    f"{self.path}: {name} has {count} rows, not {entry.get('rows')}"
                )

    def rows(self, table: Table) -> Iterator[dict[str, Any]]:
        """The table's rows, each decoded to its columns' types."""
        name = table_file(table.name)
        if name not in self.manifest.files:
            return
        columns = self.manifest.columns.get(table.name, [])
        with self.zip.open(name) as member:
            for number, line in enumerate(member, start=1):
                where = f"{name} row {number}"
                try:
                    raw = json.loads(line)
                except ValueError as error:
                    raise ArchiveRefused(f"{where} is not JSON") from error
                if not isinstance(raw, dict) or set(raw) != set(columns):
                    raise ArchiveRefused(f"{where} does not have the columns the manifest lists")
                yield {c: decode(table, c, raw[c], where) for c in columns}

    def deletions(self) -> Iterator[tuple[str, str, datetime]]:
        if DELETIONS not in self.manifest.files:
            return
        known = {t.name for t in archived_tables()}
        with self.zip.open(DELETIONS) as member:
            for number, line in enumerate(member, start=1):
                where = f"{DELETIONS} row {number}"
                try:
                    raw = json.loads(line)
                    table, row_id = raw["table"], raw["id"]
                    at = datetime.fromisoformat(raw["deleted_at"])
                except (ValueError, KeyError, TypeError) as error:
                    raise ArchiveRefused(f"{where} is not a deletion") from error
                if table not in known or not isinstance(row_id, str) or at.tzinfo is None:
                    raise ArchiveRefused(f"{where} is not a deletion")
                yield table, row_id, at
