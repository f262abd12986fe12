"""Tables as a name and the columns a count reads, for the reads before a first frame.

A mapped table (store.models) costs about 6 ms to build, every time cop starts: SQLAlchemy's
declarative mapping and pydantic's schema, for every column and index. A statement that
counts rows, or reads two columns of a row it does not load, needs neither: it needs the
table's name and the columns it names. Home's overview (the sessions' counts, the open
commitments) and the roster's figures (sessions attended, last hosted) are written on these
SQLAlchemy `table()` clauses, so that opening the app or listing the roster builds only the
tables whose rows it reads (the community, its members and sessions) rather than every table
it counts. They render the same SQL as the mapped tables and use the same indexes.

tests/test_light_tables.py checks every clause against the schema the migrations build, so
a column renamed there fails a test, never a command.
"""

from __future__ import annotations

from sqlalchemy import column, table

from store.types import UTCDateTime

attendance = table(
    "attendance",
    column("session_id"),
    column("member_id"),
    column("status"),
)

commitment = table("commitment", column("session_id"), column("outcome"))

lightning_talk = table("lightning_talk", column("session_id"))

takeaway = table("takeaway", column("session_id"))

study_session = table(
    "study_session",
    column("id"),
    column("community_id"),
    column("facilitator_id"),
    column("status"),
    column("scheduled_at", UTCDateTime),
)
