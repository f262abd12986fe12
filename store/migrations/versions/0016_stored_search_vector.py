"""PostgreSQL keeps each takeaway's search vector in a stored column, indexed, so that
ranking the matches of a search reads it instead of computing it again.

Revision 0006 indexed the expression to_tsvector('simple', cop_fold(text)): finding the
matches read the index, but ranking them (ts_rank) computed every match's vector again;
a word found in 4,500 takeaways took 320 ms. A generated column holds the same vector,
kept by PostgreSQL itself on every insert and update, whoever writes; the index moves to
it. SQLite's FTS5 table already holds what it ranks: nothing changes there.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

from alembic import op

from store.search_index import SEARCH_COLUMN, SEARCH_INDEX

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute(
        f"""ALTER TABLE takeaway ADD COLUMN {SEARCH_COLUMN} tsvector
            GENERATED ALWAYS AS (to_tsvector('simple', cop_fold(text))) STORED"""
    )
    op.execute(f"DROP INDEX {SEARCH_INDEX}")
    op.execute(f"CREATE INDEX {SEARCH_INDEX} ON takeaway USING gin ({SEARCH_COLUMN})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.execute(f"DROP INDEX {SEARCH_INDEX}")
    op.execute(f"ALTER TABLE takeaway DROP COLUMN {SEARCH_COLUMN}")
    op.execute(
        f"""CREATE INDEX {SEARCH_INDEX} ON takeaway
            USING gin (to_tsvector('simple', cop_fold(text)))"""
    )
