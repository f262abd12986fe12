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
  when the two sides created them separately (their ids differ): they are joined
  (store.record_joining) into one with the smaller id and every value either side had,
  and what refers to either follows. A record joined on one side (`cop roster merge`, or
  an earlier import) is joined on the other as its tombstone arrives.
- Talk queues that received talks are renumbered 0, 1, 2 … in (position, signed up, id)
  order, so two laptops' sign-ups for one session form one queue.
- Captured items are never removed by a merge except by a tombstone.

So importing the same archive twice changes nothing the second time, and two databases that
import each other's archives end up with the same rows whichever went first. Everything
runs in the caller's transaction: a refusal anywhere leaves the database as it was.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, delete, insert, select, tuple_, update
from sqlalchemy.exc import IntegrityError

from store.archive_format import ArchiveRefused, Tombstone, archived_tables, encode
from store.archive_staging import StagedArchive
from store.database import first_line
from store.forgetting import (
    FORMER_MEMBER,
    enforce_forgotten,
    erase_member,
    identities,
    replace_name,
)
from store.member_twins import PossibleDuplicate
from store.models import Commitment, CommitmentReview, Deletion, LightningTalk, Member
from store.record_joining import (
    NATURAL_KEYS,
    canonical,
    combined,
    filled,
    join_rows,
    remember_join,
    when,
)

BATCH = 500
LABELS = ("name", "title", "text", "topic", "scheduled_at", "outcome", "kind", "status")


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
    possible_duplicates: list[PossibleDuplicate] = field(default_factory=list)
    """Members who may be one person entered twice, as the merge left the roster."""

    @property
    def changed_anything(self) -> bool:
        return any(t.added or t.updated or t.deleted for t in self.tallies.values())


def merge_archive(conn: Connection, staged: StagedArchive) -> MergeReport:
    report = MergeReport()
    touched_commitments: set[str] = set()
    tables = archived_tables()
    staged.refuse_dangling(conn)
    local = conn.execute(select(Deletion.row_id, Deletion.merged_into_id)).all()
    here = {row_id for row_id, _ in local}
    incoming = [t for t in staged.tombstones() if t.row_id not in here]
    gone = {row_id for row_id, into in local if into is None}
    gone |= {t.row_id for t in incoming if t.merged_into_id is None}
    alias = {row_id: into for row_id, into in local if into is not None}
    alias |= {t.row_id: t.merged_into_id for t in incoming if t.merged_into_id is not None}
    queues: set[tuple[str, str | None]] = set()
    """The talk queues that received talks: renumbered at the end."""
    forgotten: dict[str, list[str]] = {}
    """Members forgotten on one side only: the name and e-mail the other side still had."""
    order = {t.name: i for i, t in enumerate(tables)}
    joins = sorted(
        (t for t in incoming if t.merged_into_id), key=lambda t: (order[t.table], t.row_id)
    )
    # Joined on the other side where both records are here: joined first, so the archive's
    # rows (which already point at the survivors) meet one record, not two.
    waiting = _apply_joins(conn, joins, report, tables)
    ctx = Context(alias, gone, report, touched_commitments, forgotten, tables)
    for table in tables:
        if table.name not in staged.manifest.columns:
            continue
        for batch in staged.rows(table):
            _merge_batch(conn, table, batch, ctx)
            if table.name == LightningTalk.__tablename__:
                queues.update((r["community_id"], r["session_id"]) for r in batch)
    for tomb in _apply_joins(conn, waiting, report, tables):  # survivors that came now
        remember_join(conn, tomb.table, tomb.row_id, tomb.survivor_id, tomb.deleted_at)
    removals = [t for t in incoming if not t.merged_into_id]
    _apply_deletions(conn, removals, report, touched_commitments)
    _refresh_outcomes(conn, touched_commitments)
    _keep_forgotten(conn, report, forgotten)
    renumber_queues(conn, queues)
    return report


@dataclass
class Context:
    """What one merge carries from batch to batch."""

    alias: dict[str, str]
    """Ids of the archive's records that are another's here (joined, or created twice)."""
    gone: set[str]
    report: MergeReport
    touched_commitments: set[str]
    forgotten: dict[str, list[str]]
    tables: list[Table]

    def resolve(self, row_id: str) -> str:
        seen = set()
        while row_id in self.alias and row_id not in seen:
            seen.add(row_id)
            row_id = self.alias[row_id]
        return row_id


def _apply_joins(
    conn: Connection, joins: list[Tombstone], report: MergeReport, tables: list[Table]
) -> list[Tombstone]:
    """Records the archive's side joined into another (a `roster merge`, or the same person
    created twice) that this database still holds apart: joined here the same way, the
    survivor's values first and what only the joined record had kept. Returns the joins
    whose survivor is not here (yet)."""
    by_name = {t.name: t for t in tables}
    waiting = []
    for tomb in joins:
        table = by_name[tomb.table]
        dropped = _one(conn, table, tomb.row_id)
        keep = _one(conn, table, tomb.survivor_id)
        if dropped is None:
            remember_join(conn, tomb.table, tomb.row_id, tomb.survivor_id, tomb.deleted_at)
            continue
        if keep is None:
            waiting.append(tomb)
            continue
        survivor = filled(keep, dropped, keep["id"])
        join_rows(conn, table, survivor, tomb.row_id, tomb.deleted_at, tables)
        report.tallies[tomb.table].deleted += 1
        report.changes.append(
            f"{_label(table, dropped)}: joined into {_label(table, survivor)}, as in the archive"
        )
    return waiting


def _one(conn: Connection, table: Table, row_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(table).where(table.c.id == row_id)).mappings().first()
    return None if row is None else dict(row)


def renumber_queues(conn: Connection, queues: Iterable[tuple[str, str | None]]) -> None:
    """Positions 0, 1, 2 … in each talk queue, in the order (position, signed up, id): two
    laptops' sign-ups for one session each took position 0, and both orders of merging must
    give one queue in one order. Rows keep their `changed_at` (the order is derived)."""
    talk = LightningTalk.__table__
    for community_id, session_id in sorted(queues, key=lambda q: (q[0], q[1] or "")):
        same_session = (
            talk.c.session_id == session_id if session_id else talk.c.session_id.is_(None)
        )
        rows = conn.execute(
            select(talk.c.id, talk.c.position)
            .where(talk.c.community_id == community_id, same_session)
            .order_by(talk.c.position, talk.c.created_at, talk.c.id)
        ).all()
        for index, (talk_id, position) in enumerate(rows):
            if position != index:
                conn.execute(update(talk).where(talk.c.id == talk_id).values(position=index))


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
    incoming: list[Tombstone],
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
    for tomb in incoming:
        by_table[tomb.table].append(tomb.row_id)
    refused: set[str] = set()
    # Children go before parents, and every link within a table is optional (cleared
    # first): a row that cannot be deleted now is still needed here, not waiting its turn.
    for name in reversed(list(tables)):
        table = tables[name]
        for row_id in by_table.get(name, []):
            row = conn.execute(select(table).where(table.c.id == row_id)).mappings().first()
            if row is None:
                continue
            if name == CommitmentReview.__tablename__:
                touched_commitments.add(row["commitment_id"])
            try:
                with conn.begin_nested():
                    for child, column in links.get(name, ()):
                        conn.execute(
                            update(child).where(child.c[column] == row_id).values({column: None})
                        )
                    conn.execute(delete(table).where(table.c.id == row_id))
                report.tallies[name].deleted += 1
            except IntegrityError:
                refused.add(row_id)
                report.changes.append(
                    f"{name} {row_id[:8]}: kept, deleted in the archive but still used here"
                )
    recorded = [
        {"table_name": t.table, "row_id": t.row_id, "deleted_at": t.deleted_at}
        for t in incoming
        if t.row_id not in refused
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


def _merge_batch(conn: Connection, table: Table, batch: list[dict[str, Any]], ctx: Context) -> None:
    report = ctx.report
    tally = report.tallies[table.name]
    references = sorted({fk.parent.name for fk in table.foreign_keys})
    live: list[dict[str, Any]] = []
    for row in batch:
        for column in references:
            if row.get(column) in ctx.alias:
                row[column] = ctx.resolve(row[column])
        if row["id"] in ctx.gone or row["id"] in ctx.alias:
            tally.left_deleted += 1  # deleted on one side, or joined into another record
            continue
        for column in references:
            if row.get(column) in ctx.gone and table.c[column].nullable:
                row[column] = None  # an optional link to a deleted record is cleared
        if any(row.get(c) in ctx.gone for c in references):
            ctx.gone.add(row["id"])  # its required parent was deleted; so is what hangs off it
            tally.left_deleted += 1
            report.changes.append(f"{_label(table, row)}: left out, what it belongs to was deleted")
            continue
        live.append(row)
    mine = _local_rows(conn, table, [r["id"] for r in live])
    unmatched = [r for r in live if r["id"] not in mine]
    joined: set[str] = set()
    for row, match in _natural_matches(conn, table, unmatched):
        _join_twins(conn, table, row, match, ctx)
        joined.add(row["id"])
    added: list[dict[str, Any]] = []
    for row in live:
        if row["id"] in joined:
            continue
        local = mine.get(row["id"])
        if local is None:
            added.append(_complete(table, row))
            continue
        differing = sorted(c for c in row if c != "id" and row[c] != local.get(c))
        if not differing:
            tally.unchanged += 1
            continue
        if table.name == Member.__tablename__ and _forgotten_on_one_side(row, local, ctx.forgotten):
            if local.get("forgotten_at") is not None:
                tally.kept += 1  # forgotten here: the archive's name does not come back
            else:
                conn.execute(update(table).where(table.c.id == row["id"]).values(**row))
                tally.updated += 1
                report.changes.append(f"member {row['id'][:8]}: forgotten in the archive")
            continue
        shown = [c for c in differing if c != "changed_at"]  # bookkeeping, not news
        theirs, ours = when(row), when(local)
        if (theirs, canonical(row)) > (ours, canonical({c: local[c] for c in row})):
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
            ctx.touched_commitments.add(row.get("commitment_id") or row["id"])
    if added:
        try:
            with conn.begin_nested():
                conn.execute(insert(table), added)
        except IntegrityError as error:  # the checks (store.archive_staging) should see it
            raise ArchiveRefused(
                f"the archive's {table.name} rows clash with this database's "
                f"({first_line(getattr(error, 'orig', error))}); nothing was written"
            ) from error
        tally.added += len(added)
        if table.name in (Commitment.__tablename__, CommitmentReview.__tablename__):
            ctx.touched_commitments.update(r.get("commitment_id") or r["id"] for r in added)


def _join_twins(
    conn: Connection, table: Table, row: dict[str, Any], local: dict[str, Any], ctx: Context
) -> None:
    """The archive's row and this database's are one record created on both sides (the same
    person added on two laptops): they become one with the smaller id and every value either
    side had (store.record_joining.combined), whichever side imports which."""
    survivor = combined(_complete(table, row), local)
    at = max(when(row), when(local))
    tally = ctx.report.tallies[table.name]
    if survivor["id"] == local["id"]:
        ctx.alias[row["id"]] = local["id"]
        remember_join(conn, table.name, row["id"], local["id"], at)
        if survivor != local:
            conn.execute(update(table).where(table.c.id == local["id"]).values(**survivor))
            tally.updated += 1
        else:
            tally.unchanged += 1
    else:
        join_rows(conn, table, survivor, local["id"], at, ctx.tables)
        tally.updated += 1
    ctx.report.changes.append(
        f"{_label(table, survivor)}: created on both sides; now one record, {survivor['id'][:8]}"
    )


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
    # Read whole before any is joined: joining inserts survivors with the same keys, which a
    # cursor still open over the table could yield again as matches of themselves.
    found = conn.execute(select(table).where(tuple_(*columns).in_(list(wanted)))).mappings().all()
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
            full["changed_at"] = when(row)
        elif column.nullable:
            full[column.name] = None
        else:
            raise ArchiveRefused(f"the archive's {table.name} rows have no {column.name}")
    return full


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
