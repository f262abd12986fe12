"""Joining two rows that are one record: the same person added on two laptops, or two
members a champion joins with `cop roster merge KEEP DROP`.

One id survives. Everything that referred to the other row refers to the survivor, and
where that makes two rows one in their turn (the person's attendance at a session recorded
on both sides), those are joined by the same rule. The other row is deleted and its
tombstone names the survivor (`deletion.merged_into_id`), so an archive from a laptop that
still holds the old id brings its history to the survivor instead of back to life.

Joining the same two rows gives the same result whichever side holds which: the survivor
is the smaller id, and the values are combined field by field (`combined`). Moved rows keep
their `changed_at`, so two databases that joined the same records in either order hold the
same rows, byte for byte.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, and_, delete, exists, insert, select, update

from store.archive_format import encode
from store.models import Deletion

NATURAL_KEYS = {
    "community": ("name",),
    "member": ("community_id", "name_key"),
    "agenda_part": ("session_id", "position"),
    "attendance": ("session_id", "member_id"),
    "library_entry": ("takeaway_id",),
    "warning_threshold": ("community_id", "name"),
    "checklist_tick": ("community_id", "item"),
    "calendar_series": ("community_id", "period_key"),
    "session_pulse": ("session_id",),
    "survey": ("community_id", "period_key"),
    "survey_question": ("survey_id", "position"),
    "survey_count": ("question_id", "answer"),
    "survey_import": ("survey_id", "digest"),
}
"""Rows that are one record even when two laptops created them separately (ids differ)."""

SPARE_KEY = {"community": "name", "member": "name_key", "agenda_part": "position"}
"""For a table that others refer to, the natural-key column a row gives up while its
history moves to the survivor (the survivor needs the key, the row must exist until then)."""

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
WHEN = ("changed_at", "updated_at", "reviewed_at", "published_at", "created_at", "at")


def when(row: dict[str, Any]) -> datetime:
    """The best time the row says it was last changed (older archives lack `changed_at`)."""
    for column in WHEN:
        if isinstance(row.get(column), datetime):
            return row[column]
    return EPOCH


def canonical(row: dict[str, Any]) -> str:
    """The row as one string, to break a tie between two changes made at the same moment
    (its values written as an archive writes them)."""
    return json.dumps({k: encode(v) for k, v in row.items()}, sort_keys=True, default=str)


def later_first(a: dict[str, Any], b: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The two versions of a row, the later change first (a tie goes to the larger row as
    JSON, so that both orders of merging choose the same one)."""
    if (when(a), canonical(a)) >= (when(b), canonical(b)):
        return a, b
    return b, a


def filled(first: dict[str, Any], second: dict[str, Any], keep_id: str) -> dict[str, Any]:
    """`first`'s values, with what only `second` has (an e-mail only one laptop knew) kept."""
    merged = {c: (v if v is not None else second.get(c)) for c, v in first.items()}
    for column, value in second.items():
        merged.setdefault(column, value)
    merged["id"] = keep_id
    return merged


def combined(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Two rows created separately for one record, as one: the smaller id survives, the
    later change wins where both have a value, and a value only one side has is kept.
    The same whichever row is `a`."""
    first, second = later_first(a, b)
    return filled(first, second, min(a["id"], b["id"]))


def referrers(table: Table, tables: list[Table]) -> list[tuple[Table, str]]:
    """Every (table, column) that refers to `table`, its own rows included."""
    return [
        (other, fk.parent.name)
        for other in tables
        for fk in other.foreign_keys
        if fk.column.table.name == table.name
    ]


def join_rows(
    conn: Connection,
    table: Table,
    keep: dict[str, Any],
    drop_id: str,
    at: datetime,
    tables: list[Table],
    moved: Counter[str] | None = None,
) -> Counter[str]:
    """Make the row `drop_id` one with `keep` (the survivor's whole row, which may not be in
    the database yet): its history moves to `keep["id"]`, it is deleted, and its tombstone
    (stamped `at`, so both orders agree) names the survivor. Returns the rows moved, by table."""
    moved = Counter() if moved is None else moved
    keep_id = keep["id"]
    exists = conn.execute(select(table.c.id).where(table.c.id == keep_id)).first() is not None
    children = referrers(table, tables)
    if not children:
        conn.execute(delete(table).where(table.c.id == drop_id))
    elif table.name in SPARE_KEY:
        column = SPARE_KEY[table.name]
        # one join at a time gives its key up, and the row is gone before the next: a
        # position no part has will do, and for a name one no one can type
        spare: Any = -1 if column == "position" else f"\x01{drop_id}"
        conn.execute(update(table).where(table.c.id == drop_id).values({column: spare}))
    values = {c: v for c, v in keep.items() if c in table.c}
    if exists:
        conn.execute(update(table).where(table.c.id == keep_id).values(values))
    else:
        conn.execute(insert(table).values(values))
    for child, column in children:
        _move(conn, child, column, drop_id, keep_id, tables, moved)
    if children:
        conn.execute(delete(table).where(table.c.id == drop_id))
    remember_join(conn, table.name, drop_id, keep_id, at)
    return moved


def remember_join(conn: Connection, table_name: str, drop_id: str, keep_id: str, at: datetime):
    """The tombstone of a joined row, naming the survivor (kept as it is if already there)."""
    known = conn.execute(
        select(Deletion.row_id).where(Deletion.table_name == table_name, Deletion.row_id == drop_id)
    ).first()
    if known is None:
        conn.execute(
            insert(Deletion).values(
                table_name=table_name, row_id=drop_id, deleted_at=at, merged_into_id=keep_id
            )
        )


def _move(
    conn: Connection,
    child: Table,
    column: str,
    drop_id: str,
    keep_id: str,
    tables: list[Table],
    moved: Counter[str],
) -> None:
    """Point `child.column` at the survivor; a child that thereby becomes the same record as
    one the survivor already has (by its natural key) is joined with it."""
    key = NATURAL_KEYS.get(child.name, ())
    if column not in key:
        result = conn.execute(
            update(child).where(child.c[column] == drop_id).values({column: keep_id})
        )
        moved[child.name] += result.rowcount
        return
    # The rows the survivor has no record like (most of them) move in one statement; the
    # others (the same session attended on both sides, say) are joined one by one.
    # (Every natural key's columns are NOT NULL, so `=` is the per-row comparison.)
    kept = child.alias("kept")
    alike = [kept.c[c] == child.c[c] for c in key if c != column]
    unique = ~exists().where(kept.c[column] == keep_id, *alike)
    result = conn.execute(
        update(child).where(child.c[column] == drop_id, unique).values({column: keep_id})
    )
    moved[child.name] += result.rowcount
    rows = conn.execute(select(child).where(child.c[column] == drop_id)).mappings().all()
    for row in rows:  # each has its twin at the survivor
        mine = dict(row) | {column: keep_id}
        same = and_(*(child.c[c] == mine[c] for c in key))
        twin = dict(conn.execute(select(child).where(same)).mappings().one())
        moved[child.name] += 1
        survivor = combined(mine, twin)
        gone = twin["id"] if survivor["id"] == mine["id"] else mine["id"]
        join_rows(conn, child, survivor, gone, max(when(mine), when(twin)), tables, moved)
