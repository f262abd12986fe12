"""What `cop db check` checks, on SQLite and on a server alike.

SQLite can check its own file (integrity_check, foreign_key_check); a server keeps its
files to itself, so on both engines cop also checks what it can see through SQL: that the
tables, columns and indexes are the ones this cop's schema expects, and its own invariants,
which no database constraint expresses.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

INVARIANTS = (
    (
        "communities with more than one live session",
        """SELECT c.name FROM study_session s JOIN community c ON c.id = s.community_id
           WHERE s.status = 'live' GROUP BY c.name HAVING COUNT(*) > 1""",
    ),
    (
        "sessions whose agenda does not have its four parts",
        """SELECT s.id FROM study_session s JOIN agenda_part p ON p.session_id = s.id
           GROUP BY s.id HAVING COUNT(*) <> 4""",
    ),
    (
        "ended sessions without an end time",
        "SELECT id FROM study_session WHERE status = 'ended' AND ended_at IS NULL",
    ),
    (
        "clock events of a session sharing a sequence number",
        """SELECT session_id FROM timer_event GROUP BY session_id, seq HAVING COUNT(*) > 1""",
    ),
    (
        "commitments whose stored outcome is not their latest review's",
        """SELECT c.id FROM commitment c
           WHERE c.outcome IS DISTINCT FROM (
               SELECT r.outcome FROM commitment_review r WHERE r.commitment_id = c.id
               ORDER BY r.reviewed_at DESC, r.id DESC LIMIT 1)""",
    ),
)
"""(what is wrong, a query returning one row per case)."""


def file_problems(conn: Connection) -> list[str]:
    """SQLite's own integrity check and foreign key check (nothing to do on a server,
    which enforces its foreign keys on every write)."""
    if conn.dialect.name != "sqlite":
        return []
    problems = [r[0] for r in conn.execute(text("PRAGMA integrity_check")) if r[0] != "ok"]
    for table, rowid, parent, _ in conn.execute(text("PRAGMA foreign_key_check")):
        problems.append(f"{table} row {rowid} points to a missing {parent}")
    return problems


def schema_problems(conn: Connection) -> list[str]:
    """Tables, columns and indexes that differ from this cop's models."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    from store.models import load_all

    load_all()
    from store.schema_extras import outside_models

    context = MigrationContext.configure(conn, opts={"include_name": outside_models})
    diff = compare_metadata(context, SQLModel.metadata)
    return [f"schema differs from what cop expects: {_describe(change)}" for change in diff]


SEARCH_IN_STEP = (
    "takeaways out of step with the search index",
    # The FTS table cannot index takeaway_id; materialised, SQLite joins it by an automatic
    # index (milliseconds at 5k takeaways, instead of a scan per takeaway).
    """WITH f AS MATERIALIZED (SELECT takeaway_id AS id, text FROM takeaway_search)
       SELECT t.id FROM takeaway t LEFT JOIN f ON f.id = t.id
       WHERE f.id IS NULL OR f.text <> t.text
       UNION ALL
       SELECT f.id FROM f LEFT JOIN takeaway t ON t.id = f.id WHERE t.id IS NULL""",
)
"""SQLite's FTS table is kept by triggers; PostgreSQL's index by the server itself."""


def invariant_problems(conn: Connection) -> list[str]:
    problems = []
    from store.rotation_standing import IN_STEP

    checks = INVARIANTS + (IN_STEP,) + ((SEARCH_IN_STEP,) if conn.dialect.name == "sqlite" else ())
    for what, query in checks:
        sql = (
            query if conn.dialect.name != "sqlite" else query.replace("IS DISTINCT FROM", "IS NOT")
        )
        found = conn.execute(text(sql)).all()
        if found:
            problems.append(f"{len(found)} {what}")
    return problems


def _describe(change) -> str:
    if isinstance(change, list):  # column modifications come grouped
        change = change[0]
    kind, *details = change
    names = [getattr(d, "name", None) or str(d) for d in details[:3] if d is not None]
    return f"{kind} {' '.join(names)}"
