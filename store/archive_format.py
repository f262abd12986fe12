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
import math
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    Float,
    Integer,
    Table,
    inspect,
    null,
    select,
)

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


SMALLEST, LARGEST = -(2**63), 2**63 - 1
"""The whole numbers both engines store (a 64-bit BIGINT)."""

MAX_ROW_BYTES = 1 << 20
"""The longest line a row may take. cop's longest rows (a takeaway of a few thousand
characters) are a few KiB; a longer line is damage or hostility, and is refused while it
is read, in pieces, so it never has to fit in memory."""

MACHINE_TEXT = {"name_key"}
"""Text cop derives, never typed: a forgotten member's key starts with a control character
on purpose (it can never equal a typed name)."""


def decode(table: Table, column: str, value: Any, where: str) -> Any:
    """A JSON value back to the column's Python type, or a refusal naming the place."""
    if value is None:
        if not table.c[column].nullable or table.c[column].primary_key:
            raise ArchiveRefused(f"{where}: {column} is empty but may not be")
        return value
    kind = table.c[column].type
    try:
        if isinstance(kind, UTCDateTime):
            moment = datetime.fromisoformat(value)
            if moment.tzinfo is None:
                raise ValueError("no time zone")
            moment.astimezone(UTC)  # a moment UTC cannot hold (year 1 east of Greenwich)
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
            if not SMALLEST <= value <= LARGEST:
                raise ValueError("out of range (a whole number of at most 64 bits)")
            return value
        if isinstance(kind, Float):
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError("not a number")
            if not math.isfinite(float(value)):
                raise ValueError("not a finite number")
            return float(value)
        if not isinstance(value, str):
            raise ValueError("not text")
        length = getattr(kind, "length", None)  # String, and sqlmodel's AutoString
        if isinstance(length, int) and len(value) > length:
            raise ValueError(f"longer than {length} characters")
        if CONTROL.search(value) and column not in MACHINE_TEXT:
            raise ValueError("text with a control character (an escape sequence, say)")
        return value
    except (TypeError, ValueError, OverflowError) as error:
        raise ArchiveRefused(f"{where}: {column} = {shown(value)} is {error}") from error


def shown(value: Any) -> str:
    """A value as a refusal names it, cut so a hostile one cannot flood the terminal."""
    text = repr(value)
    return text if len(text) <= 60 else text[:40] + f"… ({len(text)} characters)"


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

                present = {c["name"] for c in inspect(conn).get_columns("deletion")}
                into = Deletion.merged_into_id if "merged_into_id" in present else null()
                wanted = (Deletion.table_name, Deletion.row_id, Deletion.deleted_at, into)
                gone = conn.execute(select(*wanted).order_by(Deletion.table_name, Deletion.row_id))
                lines = (
                    json.dumps(
                        {"table": t, "id": i, "deleted_at": encode(at)}
                        | ({"merged_into_id": m} if m else {}),
                        ensure_ascii=False,
                        sort_keys=True,
                    )
                    for t, i, at, m in gone
                )
                manifest.files[DELETIONS] = _write_member(archive, DELETIONS, lines)
            archive.writestr(MANIFEST, json.dumps(manifest.as_json(), indent=2, sort_keys=True))
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, destination)
    except OSError as error:  # a full disk, a folder gone read-only
        Path(temporary).unlink(missing_ok=True)
        raise StoreError(
            f"could not write {destination}: {error.strerror or error}; nothing was written"
        ) from error
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
        """Every member's checksum and row count, read in pieces of 1 MiB: a line of any
        length is measured without being held, and refused past MAX_ROW_BYTES."""
        for name, entry in self.manifest.files.items():
            if not isinstance(name, str):
                raise ArchiveRefused(f"{self.path}: its {MANIFEST} lists a file without a name")
            digest = hashlib.sha256()
            count = line_length = 0
            try:
                with self.zip.open(name) as member:
                    while piece := member.read(1 << 20):
                        digest.update(piece)
                        start = 0
                        while (end := piece.find(b"\n", start)) != -1:
                            line_length += end - start
                            count += 1
                            self._check_length(name, count, line_length)
                            line_length, start = 0, end + 1
                        line_length += len(piece) - start
                        self._check_length(name, count + 1, line_length)
                    count += line_length > 0
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

    def _check_length(self, name: str, number: int, length: int) -> None:
        if length > MAX_ROW_BYTES:
            raise ArchiveRefused(
                f"{self.path}: {name} row {number} is longer than {MAX_ROW_BYTES >> 20} MiB; "
                "cop never writes a row that long"
            )

    def lines(self, name: str) -> Iterator[tuple[int, bytes]]:
        """A member's lines, numbered from 1, none longer than MAX_ROW_BYTES."""
        with self.zip.open(name) as member:
            number = 0
            while line := member.readline(MAX_ROW_BYTES + 2):
                number += 1
                self._check_length(name, number, len(line.rstrip(b"\n")))
                yield number, line

    def rows(self, table: Table) -> Iterator[tuple[int, dict[str, Any]]]:
        """The table's rows, numbered from 1, each decoded to its columns' types."""
        name = table_file(table.name)
        if name not in self.manifest.files:
            return
        columns = self.manifest.columns.get(table.name, [])
        for number, line in self.lines(name):
            where = f"{name} row {number}"
            raw = parse_line(line, where)
            if not isinstance(raw, dict) or set(raw) != set(columns):
                raise ArchiveRefused(f"{where} does not have the columns the manifest lists")
            yield number, {c: decode(table, c, raw[c], where) for c in columns}

    def deletions(self) -> Iterator[tuple[int, Tombstone]]:
        """The archive's tombstones, numbered from 1."""
        if DELETIONS not in self.manifest.files:
            return
        known = {t.name for t in archived_tables()}
        for number, line in self.lines(DELETIONS):
            where = f"{DELETIONS} row {number}"
            raw = parse_line(line, where)
            try:
                table, row_id, into = raw["table"], raw["id"], raw.get("merged_into_id")
                at = datetime.fromisoformat(raw["deleted_at"])
                at.astimezone(UTC)
            except (ValueError, KeyError, TypeError, AttributeError, OverflowError) as error:
                raise ArchiveRefused(f"{where} is not a deletion") from error
            if (
                table not in known
                or not _is_id(row_id)
                or not (into is None or _is_id(into))
                or at.tzinfo is None
            ):
                raise ArchiveRefused(f"{where} is not a deletion")
            yield number, Tombstone(table, row_id, at, into)


@dataclass(frozen=True)
class Tombstone:
    """A row deleted on the side that wrote the archive; `merged_into_id` when it was joined
    into another record (store.record_joining) rather than removed."""

    table: str
    row_id: str
    deleted_at: datetime
    merged_into_id: str | None = None

    @property
    def survivor_id(self) -> str:
        """The record a join kept (asked only of joins: a removal has none)."""
        if self.merged_into_id is None:
            raise ValueError(f"{self.table} {self.row_id} was removed, not joined")
        return self.merged_into_id


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 32 and not CONTROL.search(value)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number cop writes")


def parse_line(line: bytes, where: str) -> Any:
    """One JSON line; NaN and Infinity (which JSON does not have) and numbers too long to
    read are refused like any other damage."""
    try:
        return json.loads(line, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as error:
        raise ArchiveRefused(f"{where} is not JSON ({shown(str(error))})") from error
