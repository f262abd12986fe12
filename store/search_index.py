"""The full-text index of takeaways, on SQLite and on PostgreSQL, and how words are folded.

SQLite: an FTS5 table `takeaway_search` (unicode61 tokenizer, diacritics removed) kept in
step with `takeaway` by triggers, so every writer (the ORM, an archive merge's Core
statements, the sqlite3 shell) updates it. PostgreSQL: a stored, generated column holding
to_tsvector('simple', …) of the takeaway's text folded by `cop_fold` (lower case, Latin
accents removed; an immutable SQL function, so no extension is needed), GIN-indexed. Both
match words in any order and by prefix; `fold` is the same folding in Python, for the query
and for highlighting.
"""

from __future__ import annotations

import re
import unicodedata

SEARCH_TABLE = "takeaway_search"
"""SQLite's FTS5 table and its shadow tables all start with this name."""


def latin_folds() -> tuple[str, str]:
    """The Latin letters (U+00C0 to U+024F) that are an ASCII letter plus accents, and that
    letter in lower case: PostgreSQL's cop_fold translates the one into the other."""
    source = target = ""
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if len(base) == 1 and base.isascii() and base.isalpha():
            source += char
            target += base.lower()
    return source, target


WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case without accents: 'Résumé' → 'resume'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(query: str) -> list[str]:
    """The words of what someone typed; quotes, stars, dashes, colons, brackets and
    operators are not syntax here, just separators, so no input is an error."""
    return [w for w in WORD.findall(fold(query)) if w]


SEARCH_INDEX = "ix_takeaway_search"
"""PostgreSQL's GIN index on the takeaway's search vector."""

SEARCH_COLUMN = "search_vector"
"""PostgreSQL's stored, generated column of the takeaway: the folded text's tsvector
(revision 0016), which ranking reads instead of computing it for every match."""


def is_search_object(name: str | None) -> bool:
    """For schema comparisons: the index's tables, column and index are not among the
    models (no other table or column has these names)."""
    return name is not None and (
        name.startswith(SEARCH_TABLE) or name in (SEARCH_INDEX, SEARCH_COLUMN)
    )


def sqlite_match(terms: list[str]) -> str:
    """An FTS5 query: every word, each as a prefix, quoted so it is never an operator."""
    return " ".join(f'"{t}"*' for t in terms)


def postgres_query(terms: list[str]) -> str:
    """A to_tsquery text: every word, each as a prefix (words hold only letters and digits)."""
    return " & ".join(f"{t}:*" for t in terms)


def ranked(
    dialect: str, terms: list[str], text_column, best: int | None = None, scored: bool = True
):
    """How to find takeaways holding every term, best first, on this engine.

    Returns (a selectable of (takeaway_id, score) to join on, or None; a condition on the
    takeaway, or None; the score, lower is better). SQLite ranks by FTS5's bm25 inside a
    subquery on the FTS table; PostgreSQL by ts_rank over the stored, GIN-indexed vector.
    `best` keeps only that many of the best-ranked matches on SQLite, which FTS5 finds
    without ranking every match in the join (the caller asks again without it when the
    filters leave too few). Without `scored` (another order) SQLite only finds the matches,
    which is cheaper than scoring them all, and the score returned is None.
    """
    from sqlalchemy import column, func, literal_column, select, table, text

    if dialect == "sqlite":
        search = table(SEARCH_TABLE, column("takeaway_id"))
        match = text(f"{SEARCH_TABLE} MATCH :match").bindparams(match=sqlite_match(terms))
        if not scored:
            return select(search.c.takeaway_id).where(match).subquery("found"), None, None
        found = (
            select(search.c.takeaway_id, literal_column(f"bm25({SEARCH_TABLE})").label("score"))
            .where(match)
            .order_by(literal_column("rank"))
            .limit(best)
            .subquery("found")
        )
        return found, None, found.c.score
    from sqlalchemy.dialects.postgresql import TSVECTOR

    vector = literal_column(f"{text_column.table.name}.{SEARCH_COLUMN}", TSVECTOR)
    query = func.to_tsquery(literal_column("'simple'"), postgres_query(terms))
    return None, vector.op("@@")(query), -func.ts_rank(vector, query)
