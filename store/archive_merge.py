"""Merging an archive into a database by id, with rules a user can predict.

- A row the database lacks is added; a row that is the same on both sides is left alone.
- A row both sides have but that differs: the later `changed_at` wins (on a tie, the larger
  of the two rows written out as JSON, so that both orders of merging agree). Each such row
  is reported, saying which side was kept.
- A deletion travels as a deletion: the archive's tombstones delete the row here and are
  remembered, and a row deleted on either side is never brought back. An optional link to
  a deleted record (the takeaway that inspired a commitment) is cleared on both sides; a
  row that cannot exist without a deleted record is left out, and one still required by
  something here is kept; both are reported.
- A community with the same name, a member with the same name in the same community, a
  person's attendance at a session and an agenda part at a position are one record even
  when the two sides created them separately (their ids differ): the archive's is matched
  to this database's, and what refers to it follows.
- Captured items are never removed by a merge except by a tombstone.

So importing the same archive twice changes nothing the second time, and two databases that
import each other's archives end up with the same rows whichever went first. Everything
runs in the caller's transaction: a refusal anywhere leaves the database as it was.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, tuple_, update
from sqlalchemy.exc import IntegrityError

from store.archive_format import ArchiveReader, ArchiveRefused, archived_tables, encode
from store.forgetting import (
    FORMER_MEMBER,
    enforce_forgotten,
    erase_member,
    identities,
    replace_name,
)
from store.models import Commitment, CommitmentReview, Deletion, Member

BATCH = 500
NATURAL_KEYS = {
    "community": ("name",),
    "member": ("community_id", "name_key"),
    "agenda_part": ("session_id", "position"),
    "attendance": ("session_id", "member_id"),
    "library_entry": ("takeaway_id",),
    "warning_threshold": ("community_id", "name"),
    "checklist_tick": ("community_id", "item"),
    "calendar_series": ("community_id", "period_key"),
}
LABELS = ("name", "title", "text", "topic", "scheduled_at", "outcome", "kind", "status")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class TableTally:
    added: int = 0
    updated: int = 0
    kept: int = 0
    unchanged: int = 0
    deleted: int = 0
    left_deleted: int = 0

    @property
    def total(self) -> int:
        return (
            self.added
            + self.updated
            + self.kept
            + self.unchanged
            + self.deleted
            + self.left_deleted
        )


@dataclass
class MergeReport:
    """What an import did (or, in a dry run, would do), table by table."""

    tallies: dict[str, TableTally] = field(default_factory=lambda: defaultdict(TableTally))
    changes: list[str] = field(default_factory=list)
    """One line per row that differed (and which side was kept), and per deletion refused."""

    @property
    def changed_anything(self) -> bool:
        return any(t.added or t.updated or t.deleted for t in self.tallies.values())


def merge_archive(conn: Connection, reader: ArchiveReader) -> MergeReport:
    report = MergeReport()
    touched_commitments: set[str] = set()
    here = {row_id for (row_id,) in conn.execute(select(Deletion.row_id))}
    incoming = [d for d in reader.deletions() if d[1] not in here]
    gone = here | {row_id for _, row_id, _ in incoming}
    alias: dict[str, str] = {}
    forgotten: dict[str, list[str]] = {}
    """Members forgotten on one side only: the name and e-mail the other side still had."""
    for table in archived_tables():
        if table.name not in reader.manifest.columns:
            continue
        rows = _parents_first(table, list(reader.rows(table)))
        for start in range(0, len(rows), BATCH):
            _merge_batch(
                conn,
                table,
                rows[start : start + BATCH],
                alias,
                gone,
                report,
                touched_commitments,
                forgotten,
            )
    _apply_deletions(conn, incoming, report, touched_commitments)
    _refresh_outcomes(conn, touched_commitments)
    _keep_forgotten(conn, report, forgotten)
    return report


def _keep_forgotten(conn: Connection, report: MergeReport, forgotten: dict[str, list[str]]) -> None:
    """A member forgotten on either side stays forgotten: what the other side still held
    under their name is scrubbed with the same rules (store.forgetting), and the report
    does not repeat the name."""
    for member_id, names in forgotten.items():
        erase_member(conn, member_id, names, keep_department=True)
        for index, line in enumerate(report.changes):
            report.changes[index] = replace_name(line, names, FORMER_MEMBER)
    enforce_forgotten(conn)


def _apply_deletions(
    conn: Connection,
    incoming: list[tuple[str, str, datetime]],
    report: MergeReport,
    touched_commitments: set[str],
) -> None:
    """Delete here what the archive deleted, children before parents, and remember it.

    An optional link to a deleted row (the takeaway that inspired a commitment) is cleared,
    as the side that deleted it did; a row still required by something here is kept.
    """
    tables = {t.name: t for t in archived_tables()}
    links = _optional_links(tables.values())
    by_table: dict[str, list[str]] = defaultdict(list)
    for table_name, row_id, _ in incoming:
        by_table[table_name].append(row_id)
    refused: set[str] = set()
    for name in reversed(list(tables)):  # children before parents
        table = tables[name]
        pending = by_table.get(name, [])
        while pending:
            retry = []
            for row_id in pending:
                row = conn.execute(select(table).where(table.c.id == row_id)).mappings().first()
                if row is None:
                    continue
                if name == CommitmentReview.__tablename__:
                    touched_commitments.add(row["commitment_id"])
                try:
                    with conn.begin_nested():
                        for child, column in links.get(name, ()):
                            conn.execute(
                                update(child)
                                .where(child.c[column] == row_id)
                                .values({column: None})
                            )
                        conn.execute(delete(table).where(table.c.id == row_id))
                    report.tallies[name].deleted += 1
                except IntegrityError:
                    retry.append(row_id)
            if len(retry) == len(pending):
                for row_id in retry:
                    refused.add(row_id)
                    report.changes.append(
                        f"{name} {row_id[:8]}: kept, deleted in the archive but still used here"
                    )
                break
            pending = retry
    recorded = [
        {"table_name": t, "row_id": i, "deleted_at": at}
        for t, i, at in incoming
        if i not in refused
    ]
    for start in range(0, len(recorded), BATCH):
        conn.execute(insert(Deletion), recorded[start : start + BATCH])


def _optional_links(tables: Iterable[Table]) -> dict[str, list[tuple[Table, str]]]:
    """For each table, the nullable columns elsewhere that refer to it."""
    links: dict[str, list[tuple[Table, str]]] = defaultdict(list)
    for table in tables:
        for fk in table.foreign_keys:
            if fk.parent.nullable:
                links[fk.column.table.name].append((table, fk.parent.name))
    return links


def _parents_first(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of a table that refers to itself (a talk rolled over, a commitment carried) in an
    order where each row's own parent comes before it."""
    own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
    if not own:
        return rows
    by_id = {r["id"]: r for r in rows}
    ordered: list[dict[str, Any]] = []
    placed: set[str] = set()
    for row in rows:
        chain = []
        current: dict[str, Any] | None = row
        while current is not None and current["id"] not in placed:
            chain.append(current)
            placed.add(current["id"])
            parents = [by_id.get(current.get(c)) for c in own if current.get(c)]
            current = next((p for p in parents if p is not None), None)
        ordered.extend(reversed(chain))
    return ordered


def _merge_batch(
    conn: Connection,
    table: Table,
    batch: list[dict[str, Any]],
    alias: dict[str, str],
    gone: set[str],
    report: MergeReport,
    touched_commitments: set[str],
    forgotten: dict[str, list[str]],
) -> None:
    tally = report.tallies[table.name]
    references = sorted({fk.parent.name for fk in table.foreign_keys})
    live: list[dict[str, Any]] = []
    for row in batch:
        for column in references:
            if row.get(column) in alias:
                row[column] = alias[row[column]]
        if row["id"] in gone:
            tally.left_deleted += 1
            continue
        for column in references:
            if row.get(column) in gone and table.c[column].nullable:
                row[column] = None  # an optional link to a deleted record is cleared
        if any(row.get(c) in gone for c in references):
            gone.add(row["id"])  # its required parent was deleted; so is what hangs off it
            tally.left_deleted += 1
            report.changes.append(f"{_label(table, row)}: left out, what it belongs to was deleted")
            continue
        live.append(row)
    mine = _local_rows(conn, table, [r["id"] for r in live])
    unmatched = [r for r in live if r["id"] not in mine]
    for row, match in _natural_matches(conn, table, unmatched):
        alias[row["id"]] = match["id"]
        row["id"] = match["id"]
        mine[match["id"]] = match
    added: list[dict[str, Any]] = []
    for row in live:
        local = mine.get(row["id"])
        if local is None:
            added.append(_complete(table, row))
            continue
        differing = sorted(c for c in row if c != "id" and row[c] != local.get(c))
        if not differing:
            tally.unchanged += 1
            continue
        if table.name == Member.__tablename__ and _forgotten_on_one_side(row, local, forgotten):
            if local.get("forgotten_at") is not None:
                tally.kept += 1  # forgotten here: the archive's name does not come back
            else:
                conn.execute(update(table).where(table.c.id == row["id"]).values(**row))
                tally.updated += 1
                report.changes.append(f"member {row['id'][:8]}: forgotten in the archive")
            continue
        shown = [c for c in differing if c != "changed_at"]  # bookkeeping, not news
        theirs, ours = _when(row), _when(local)
        if (theirs, _canonical(row)) > (ours, _canonical({c: local[c] for c in row})):
            conn.execute(update(table).where(table.c.id == row["id"]).values(**row))
            tally.updated += 1
            if shown:
                report.changes.append(
                    f"{_label(table, row)}: took the archive's {', '.join(shown)} "
                    f"(changed {_stamp(theirs)}, here {_stamp(ours)})"
                )
        else:
            tally.kept += 1
            if shown:
                report.changes.append(
                    f"{_label(table, local)}: kept this database's {', '.join(shown)} "
                    f"(changed {_stamp(ours)}, in the archive {_stamp(theirs)})"
                )
        if table.name in (Commitment.__tablename__, CommitmentReview.__tablename__):
            touched_commitments.add(row.get("commitment_id") or row["id"])
    if added:
        try:
            with conn.begin_nested():
                conn.execute(insert(table), added)
        except IntegrityError as error:
            raise ArchiveRefused(
                f"the archive's {table.name} rows refer to records that are neither in this "
                f"database nor in the archive ({getattr(error, 'orig', error)})"
            ) from error
        tally.added += len(added)
        if table.name in (Commitment.__tablename__, CommitmentReview.__tablename__):
            touched_commitments.update(r.get("commitment_id") or r["id"] for r in added)


def _forgotten_on_one_side(
    row: dict[str, Any], local: dict[str, Any], forgotten: dict[str, list[str]]
) -> bool:
    """Whether one side forgot this member and the other did not; if so, remember the
    other side's name and e-mail, to scrub from what it wrote."""
    theirs, ours = row.get("forgotten_at") is not None, local.get("forgotten_at") is not None
    if theirs == ours:
        return False
    named = local if theirs else row
    forgotten[row["id"]] = identities(named["name"], named.get("email"))
    return True


def _local_rows(conn: Connection, table: Table, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    rows = conn.execute(select(table).where(table.c.id.in_(ids))).mappings()
    return {r["id"]: dict(r) for r in rows}


def _natural_matches(
    conn: Connection, table: Table, rows: list[dict[str, Any]]
) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Rows the two sides created separately that are one record (see the module's rules)."""
    key = NATURAL_KEYS.get(table.name)
    if not key or not rows:
        return
    wanted = {tuple(r[c] for c in key): r for r in rows}
    columns = [table.c[c] for c in key]
    found = conn.execute(select(table).where(tuple_(*columns).in_(list(wanted)))).mappings()
    for local in found:
        row = wanted.get(tuple(local[c] for c in key))
        if row is not None:
            yield row, dict(local)


def _complete(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """Fill the columns an older archive does not have: the column's default in the
    database, nothing where that is allowed, and for `changed_at` the best time the row has."""
    full = dict(row)
    for column in table.columns:
        if column.name in full or column.server_default is not None:
            continue
        if column.name == "changed_at":
            full["changed_at"] = _when(row)
        elif column.nullable:
            full[column.name] = None
        else:
            raise ArchiveRefused(f"the archive's {table.name} rows have no {column.name}")
    return full


def _when(row: dict[str, Any]) -> datetime:
    for column in ("changed_at", "updated_at", "reviewed_at", "published_at", "created_at", "at"):
        if isinstance(row.get(column), datetime):
            return row[column]
    return EPOCH


def _canonical(row: dict[str, Any]) -> str:
    return json.dumps({k: encode(v) for k, v in row.items()}, sort_keys=True, default=str)


def _stamp(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC"


def _label(table: Table, row: dict[str, Any]) -> str:
    for column in LABELS:
        value = row.get(column)
        if value is not None:
            shown = str(encode(value))
            shown = shown if len(shown) <= 40 else shown[:39] + "…"
            return f"{table.name} {row['id'][:8]} ({shown})"
    return f"{table.name} {row['id'][:8]}"


def _refresh_outcomes(conn: Connection, commitment_ids: Iterable[str]) -> None:
    """A commitment's stored outcome is its latest review's (migration 0004); reviews from
    both sides may have changed which one is latest."""
    ids = sorted(i for i in commitment_ids if i)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        latest = (
            select(CommitmentReview.outcome)
            .where(CommitmentReview.commitment_id == Commitment.id)
            .order_by(CommitmentReview.reviewed_at.desc(), CommitmentReview.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        conn.execute(update(Commitment).where(Commitment.id.in_(chunk)).values(outcome=latest))
