"""An archive read once, checked whole, before a row of it reaches the database.

`cop archive import` used to check types row by row while merging, so a damaged or hostile
archive could fail half-way (a reference to nothing, a number no engine stores) with an
internal error. Here every row is decoded to its column's type and range
(store.archive_format.decode) and written to a scratch SQLite file of its own; then SQL
finds what no single row shows: the same id twice, two rows that are one record by their
natural key, a reference to a row that is in neither the archive nor the database, rows
that refer to each other in a circle. Only an archive that passes reaches the merge, which
reads it back from the scratch file in an order where each row's parent comes first.

Memory stays bounded whatever the archive's size: rows are never all in memory at once (the
scratch file is on disk, read in batches), and no line longer than MAX_ROW_BYTES is ever
read whole.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, select

from store.archive_format import (
    ArchiveReader,
    ArchiveRefused,
    Manifest,
    Tombstone,
    archived_tables,
    decode,
    encode,
    table_file,
)
from store.errors import StoreError
from store.models import Deletion
from store.record_joining import NATURAL_KEYS

BATCH = 500

SCHEMA = (
    "CREATE TABLE staged (tbl TEXT, id TEXT, seq INTEGER, parent TEXT, depth INTEGER,"
    " line TEXT, PRIMARY KEY (tbl, id))",
    "CREATE TABLE natural (tbl TEXT, key TEXT, seq INTEGER, PRIMARY KEY (tbl, key))",
    "CREATE TABLE ref (tbl TEXT, seq INTEGER, col TEXT, target TEXT, target_id TEXT)",
    "CREATE TABLE tomb (tbl TEXT, id TEXT, seq INTEGER, deleted_at TEXT, merged_into_id TEXT,"
    " PRIMARY KEY (tbl, id))",
    "CREATE INDEX staged_parent ON staged (tbl, parent)",
)


def _no_room(error: Exception) -> StoreError:
    """The scratch file could not be written (the temporary folder's disk is full)."""
    return StoreError(
        f"could not unpack the archive to check it in {tempfile.gettempdir()} ({error}); "
        "nothing was imported (free some space there, or set TMPDIR to a folder with room)"
    )


class StagedArchive:
    """An archive whose every row passed the checks (see the module), ready to merge."""

    def __init__(self, reader: ArchiveReader) -> None:
        self.path = reader.path
        self.manifest: Manifest = reader.manifest
        self.tables = {t.name: t for t in archived_tables()}
        try:
            self._folder = tempfile.TemporaryDirectory(prefix="cop-archive-")
        except OSError as error:
            raise _no_room(error) from error
        self.db = sqlite3.connect(Path(self._folder.name) / "staged.sqlite")
        try:
            for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-16000"):
                self.db.execute(f"PRAGMA {pragma}")
            for statement in SCHEMA:
                self.db.execute(statement)
            with self.db:
                for table in self.tables.values():
                    if table.name in self.manifest.columns:
                        self._stage_rows(reader, table)
                self._stage_tombstones(reader)
            self._order_parents_first()
        except (OSError, sqlite3.OperationalError) as error:
            self.close()
            raise _no_room(error) from error
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        self.db.close()
        self._folder.cleanup()

    def __enter__(self) -> StagedArchive:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # -- staging ---------------------------------------------------------------------------

    def _stage_rows(self, reader: ArchiveReader, table: Table) -> None:
        own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
        links = [(fk.parent.name, fk.column.table.name) for fk in table.foreign_keys]
        key = NATURAL_KEYS.get(table.name, ())
        where = table_file(table.name)
        rows: list[tuple[str, str, int, str | None, str]] = []
        naturals: list[tuple[str, str, int]] = []
        refs: list[tuple[str, int, str, str, Any]] = []
        for number, row in reader.rows(table):
            parent = next((row[c] for c in own if row.get(c)), None)
            line = json.dumps({c: encode(v) for c, v in row.items()}, sort_keys=True)
            rows.append((table.name, row["id"], number, parent, line))
            if key and all(row.get(c) is not None for c in key):
                naturals.append((table.name, json.dumps([encode(row[c]) for c in key]), number))
            refs.extend(
                (table.name, number, column, target, row[column])
                for column, target in links
                if row.get(column) is not None
            )
            if len(rows) >= BATCH:
                self._insert(where, rows, naturals, refs)
                rows, naturals, refs = [], [], []
        self._insert(where, rows, naturals, refs)

    def _insert(self, where: str, rows: list, naturals: list, refs: list) -> None:
        if not rows:
            return
        try:  # a batch at once; row by row only to name a clash
            self.db.executemany("INSERT INTO staged VALUES (?, ?, ?, ?, 0, ?)", rows)
            self.db.executemany("INSERT INTO natural VALUES (?, ?, ?)", naturals)
        except sqlite3.IntegrityError:
            # Take back what of this batch went in (its rows are its line numbers), then
            # insert one at a time to name the two rows that clash.
            span = (rows[0][0], rows[0][2], rows[-1][2])
            for scratch in ("staged", "natural"):
                self.db.execute(
                    f"DELETE FROM {scratch} WHERE tbl = ? AND seq BETWEEN ? AND ?", span
                )
        else:
            self.db.executemany("INSERT INTO ref VALUES (?, ?, ?, ?, ?)", refs)
            return
        for values in rows:
            try:
                self.db.execute("INSERT INTO staged VALUES (?, ?, ?, ?, 0, ?)", values)
            except sqlite3.IntegrityError:
                (first,) = self.db.execute(
                    "SELECT seq FROM staged WHERE tbl = ? AND id = ?", values[:2]
                ).fetchone()
                raise ArchiveRefused(
                    f"{self.path}: {where} rows {first} and {values[2]} have the same id "
                    f"{values[1][:8]}…; cop never writes that, so the archive was altered"
                ) from None
        for values in naturals:
            try:
                self.db.execute("INSERT INTO natural VALUES (?, ?, ?)", values)
            except sqlite3.IntegrityError:
                (first,) = self.db.execute(
                    "SELECT seq FROM natural WHERE tbl = ? AND key = ?", values[:2]
                ).fetchone()
                columns = ", ".join(NATURAL_KEYS[values[0]])
                raise ArchiveRefused(
                    f"{self.path}: {where} rows {first} and {values[2]} are the same "
                    f"{values[0]} (same {columns}); cop never writes that"
                ) from None
        self.db.executemany("INSERT INTO ref VALUES (?, ?, ?, ?, ?)", refs)

    def _stage_tombstones(self, reader: ArchiveReader) -> None:
        for number, tomb in reader.deletions():
            self.db.execute(
                "INSERT OR IGNORE INTO tomb VALUES (?, ?, ?, ?, ?)",
                (tomb.table, tomb.row_id, number, tomb.deleted_at.isoformat(), tomb.merged_into_id),
            )

    def _order_parents_first(self) -> None:
        """Depth of each row in its own table's chains (a talk rolled over from a talk, a
        commitment carried from one): parents merge before the rows that name them."""
        for table in self.tables.values():
            if not any(fk.column.table is table for fk in table.foreign_keys):
                continue
            with self.db:
                self.db.execute("DROP TABLE IF EXISTS depth")
                self.db.execute(
                    """CREATE TEMP TABLE depth AS
                    WITH RECURSIVE chain(id, depth) AS (
                        SELECT id, 0 FROM staged s WHERE tbl = :t AND (parent IS NULL
                            OR NOT EXISTS (SELECT 1 FROM staged p
                                           WHERE p.tbl = :t AND p.id = s.parent))
                        UNION ALL
                        SELECT s.id, chain.depth + 1 FROM staged s JOIN chain
                            ON s.tbl = :t AND s.parent = chain.id)
                    SELECT id, depth FROM chain""",
                    {"t": table.name},
                )
                self.db.execute("CREATE INDEX depth_id ON depth (id)")
                circle = self.db.execute(
                    """SELECT seq FROM staged WHERE tbl = ? AND id NOT IN (SELECT id FROM depth)
                    ORDER BY seq LIMIT 1""",
                    (table.name,),
                ).fetchone()
                if circle is not None:
                    raise ArchiveRefused(
                        f"{self.path}: {table_file(table.name)} row {circle[0]} is one of rows "
                        "that refer to each other in a circle; cop never writes that"
                    )
                self.db.execute(
                    """UPDATE staged
                    SET depth = (SELECT depth FROM depth WHERE depth.id = staged.id)
                    WHERE tbl = ?""",
                    (table.name,),
                )

    # -- what the merge reads --------------------------------------------------------------

    def rows(self, table: Table) -> Iterator[list[dict[str, Any]]]:
        """The table's rows in batches, each row's parent (in its own table) first."""
        cursor = self.db.execute(
            "SELECT seq, line FROM staged WHERE tbl = ? ORDER BY depth, seq", (table.name,)
        )
        columns = self.manifest.columns.get(table.name, [])
        where = table_file(table.name)
        while batch := cursor.fetchmany(BATCH):
            yield [
                {c: decode(table, c, raw[c], f"{where} row {seq}") for c in columns}
                for seq, raw in ((seq, json.loads(line)) for seq, line in batch)
            ]

    def tombstones(self) -> list[Tombstone]:
        """The archive's tombstones (a few per deleted or joined record, never the history)."""
        return [
            Tombstone(t, i, datetime.fromisoformat(at), into)
            for t, i, at, into in self.db.execute(
                "SELECT tbl, id, deleted_at, merged_into_id FROM tomb ORDER BY tbl, id"
            )
        ]

    def refuse_dangling(self, conn: Connection | None) -> None:
        """Refuse, naming the row, a reference to a record that is neither in the archive
        (as a row or a tombstone) nor in the database (`conn`; None for a database that does
        not exist yet)."""
        cursor = self.db.execute(
            """SELECT ref.tbl, ref.seq, ref.col, ref.target, ref.target_id FROM ref
            WHERE NOT EXISTS (SELECT 1 FROM staged s
                              WHERE s.tbl = ref.target AND s.id = ref.target_id)
              AND NOT EXISTS (SELECT 1 FROM tomb t
                              WHERE t.tbl = ref.target AND t.id = ref.target_id)
            ORDER BY ref.tbl, ref.seq"""
        )
        while batch := cursor.fetchmany(BATCH):
            known: set[tuple[str, str]] = set()
            if conn is not None:
                known = self._in_database(conn, batch)
            for tbl, seq, column, target, target_id in batch:
                if (target, target_id) not in known:
                    raise ArchiveRefused(
                        f"{self.path}: {table_file(tbl)} row {seq}: {column} refers to "
                        f"{target} {target_id[:8]}…, which is neither in the archive nor in "
                        "this database"
                    )

    def _in_database(self, conn: Connection, batch: list) -> set[tuple[str, str]]:
        by_target: dict[str, set[str]] = {}
        for _tbl, _seq, _column, target, target_id in batch:
            by_target.setdefault(target, set()).add(target_id)
        found: set[tuple[str, str]] = set()
        for target, ids in by_target.items():
            table = self.tables[target]
            rows = conn.execute(select(table.c.id).where(table.c.id.in_(sorted(ids))))
            found.update((target, i) for (i,) in rows)
            gone = conn.execute(
                select(Deletion.row_id).where(
                    Deletion.table_name == target, Deletion.row_id.in_(sorted(ids))
                )
            )
            found.update((target, i) for (i,) in gone)
        return found
