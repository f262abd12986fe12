"""Serialising writers that append to an ordered list (the talk queue, the clock's events).

Such an append reads the list's last position and writes the next one; two writers doing
that at once would both take the same position. On SQLite every transaction already holds
the write lock from BEGIN IMMEDIATE (store.engine); on PostgreSQL the writer locks the
list's parent row (the session, or the community for talks not yet scheduled) with
SELECT … FOR UPDATE, so the second writer waits for the first to commit and then reads
its position. SQLAlchemy leaves FOR UPDATE out on SQLite, where it is not needed.
"""

from __future__ import annotations

from sqlmodel import Session, select, text


def lock_parent(s: Session, model, row_id: str) -> None:
    """Hold `model` row `row_id` until the transaction ends (a no-op on SQLite)."""
    s.exec(select(model.id).where(model.id == row_id).with_for_update()).first()


def lock_table(s: Session, model) -> None:
    """Hold `model`'s whole table against other writers until the transaction ends, for a
    check that a table is empty and the write it guards (two `cop demo` on one new database
    must load the sample once). SQLite's BEGIN IMMEDIATE already serialises every writer."""
    if s.get_bind().dialect.name == "postgresql":
        s.connection().execute(
            text(f'LOCK TABLE "{model.__tablename__}" IN SHARE ROW EXCLUSIVE MODE')
        )
