"""The search query builder on both engines, as SQL: what SQLite's FTS5 and PostgreSQL's
text search are asked (compiled, so the PostgreSQL form is checked without a server), the
words a query is made of, and the folding PostgreSQL's cop_fold is built from."""

from __future__ import annotations

import unicodedata

import pytest
from sqlalchemy import column, select, table
from sqlalchemy.dialects import postgresql, sqlite

from store.schema_extras import outside_models
from store.search_index import (
    SEARCH_COLUMN,
    SEARCH_INDEX,
    SEARCH_TABLE,
    fold,
    is_search_object,
    latin_folds,
    postgres_query,
    ranked,
    sqlite_match,
    words,
)

TEXT = table("takeaway", column("id"), column("text")).c.text


def _sql(statement, dialect) -> str:
    compiled = statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
    return " ".join(str(compiled).split())


@pytest.mark.parametrize(
    ("typed", "terms"),
    [
        ("Résumé prompts", ["resume", "prompts"]),
        (
            '"chain-of-thought" OR *rubric*: (x) NEAR/2',
            ["chain", "of", "thought", "or", "rubric", "x", "near", "2"],
        ),
        ("snake_case ÉTÉ", ["snake", "case", "ete"]),
        ("", []),
        ("--- ***", []),
    ],
)
def test_the_words_of_a_query(typed, terms):
    assert words(typed) == terms


def test_each_engine_gets_every_word_as_a_quoted_prefix():
    assert sqlite_match(["or", "near"]) == '"or"* "near"*'
    assert postgres_query(["resume", "2"]) == "resume:* & 2:*"
    assert sqlite_match([]) == "" and postgres_query([]) == ""


def test_sqlite_ranks_inside_the_fts_table_and_keeps_only_the_best():
    found, condition, score = ranked("sqlite", ["rubric"], TEXT, best=30)
    assert condition is None and score is not None
    assert _sql(select(found), sqlite.dialect()) == (
        "SELECT found.takeaway_id, found.score FROM (SELECT takeaway_search.takeaway_id AS "
        "takeaway_id, bm25(takeaway_search) AS score FROM takeaway_search WHERE "
        "takeaway_search MATCH '\"rubric\"*' ORDER BY rank LIMIT 30 OFFSET 0) AS found"
    )
    unscored, condition, score = ranked("sqlite", ["rubric"], TEXT, scored=False)
    assert condition is None and score is None
    assert _sql(select(unscored), sqlite.dialect()) == (
        "SELECT found.takeaway_id FROM (SELECT takeaway_search.takeaway_id AS takeaway_id "
        "FROM takeaway_search WHERE takeaway_search MATCH '\"rubric\"*') AS found"
    )
    everything, _, _ = ranked("sqlite", ["a"], TEXT)
    assert "LIMIT" not in _sql(select(everything), sqlite.dialect())


def test_postgresql_matches_and_ranks_by_the_stored_vector():
    found, condition, score = ranked("postgresql", ["resume", "ai"], TEXT)
    assert found is None
    vector = f"takeaway.{SEARCH_COLUMN}"
    query = "to_tsquery('simple', 'resume:* & ai:*')"
    assert _sql(select(TEXT).where(condition), postgresql.dialect()) == (
        f"SELECT takeaway.text FROM takeaway WHERE {vector} @@ {query}"
    )
    assert _sql(select(TEXT, score), postgresql.dialect()) == (
        f"SELECT takeaway.text, -ts_rank({vector}, {query}) AS anon_1 FROM takeaway"
    )


def test_the_folds_are_every_accented_latin_letter_and_its_ascii_base():
    source, target = latin_folds()
    assert len(source) == len(target) == 245
    assert (source[0], target[0], source[-1], target[-1]) == ("À", "a", "ȳ", "y")
    for accented, base in zip(source, target, strict=True):
        assert fold(accented) == base and base.isascii() and base.islower(), accented
        assert 0xC0 <= ord(accented) < 0x250
    for kept in "ßØøÆæĐđŁłÞþı×÷":  # no single ASCII letter under them
        assert kept not in source
    for code in range(0xC0, 0x250):  # and every one that has one is there
        base = "".join(
            c for c in unicodedata.normalize("NFD", chr(code)) if not unicodedata.combining(c)
        )
        if len(base) == 1 and base.isascii() and base.isalpha():
            assert chr(code) in source, hex(code)


@pytest.mark.parametrize(
    ("name", "search"),
    [
        (SEARCH_TABLE, True),
        (f"{SEARCH_TABLE}_data", True),
        (SEARCH_INDEX, True),
        (SEARCH_COLUMN, True),
        ("takeaway", False),
        ("search", False),
        ("ix_takeaway_search_other", False),
        ("", False),
        (None, False),
    ],
)
def test_schema_comparisons_leave_out_only_the_search_objects(name, search):
    assert is_search_object(name) is search
    assert outside_models(name, "table", None) is not search
