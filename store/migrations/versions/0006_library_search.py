"""library search: a full-text index of every takeaway

SQLite gets an FTS5 table kept in step by triggers (a later migration must not rebuild the
takeaway table with a batch operation: that drops the triggers; `cop db check` notices);
PostgreSQL a GIN index over the text folded by an immutable function (no extension
needed). Both are filled from the existing takeaways here.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

from alembic import op

from store.search_index import latin_folds

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SQLITE = [
    """CREATE VIRTUAL TABLE takeaway_search USING fts5(
        text, takeaway_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')""",
    "INSERT INTO takeaway_search (text, takeaway_id) SELECT text, id FROM takeaway",
    """CREATE TRIGGER takeaway_search_insert AFTER INSERT ON takeaway BEGIN
        INSERT INTO takeaway_search (text, takeaway_id) VALUES (new.text, new.id); END""",
    """CREATE TRIGGER takeaway_search_update AFTER UPDATE OF text ON takeaway BEGIN
        UPDATE takeaway_search SET text = new.text WHERE takeaway_id = old.id; END""",
    """CREATE TRIGGER takeaway_search_delete AFTER DELETE ON takeaway BEGIN
        DELETE FROM takeaway_search WHERE takeaway_id = old.id; END""",
]


def _postgres() -> list[str]:
    fold_from, fold_to = latin_folds()
    source = fold_from.replace("'", "''")
    return [
        f"""CREATE OR REPLACE FUNCTION cop_fold(value text) RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE
            AS $$ SELECT translate(lower(value), '{source}', '{fold_to}') $$""",
        """CREATE INDEX ix_takeaway_search ON takeaway
            USING gin (to_tsvector('simple', cop_fold(text)))""",
    ]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE if sqlite else _postgres():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS takeaway_search_{name}")
        op.execute("DROP TABLE takeaway_search")
    else:
        op.execute("DROP INDEX ix_takeaway_search")
        op.execute("DROP FUNCTION cop_fold(text)")
