"""Tables as a name and the columns a count reads, for the reads before a first frame.

A mapped table (store.models) costs about 6 ms to build, every time cop starts: SQLAlchemy's
declarative mapping and pydantic's schema, for every column and index. A statement that
counts rows, or reads a few columns of rows it never changes, needs neither: it needs the
table's name and the columns it names. Home's overview (the community, its live, next, missed
and recent sessions with their counts), the schedule's reads and the roster's pages (each
member with sessions attended and last hosted) are written on these SQLAlchemy `table()`
clauses, so that opening the app and listing the roster build no mapped table at all. They
render the same SQL as the mapped tables and use the same indexes. A column whose value is
read (not only compared or counted) carries the mapped column's type, so a flag comes back a
bool and a day a date on either engine.

tests/test_light_tables.py checks every clause against the schema the migrations build, so
a column renamed there fails a test, never a command.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Date, Integer, column, table
from sqlmodel.sql.sqltypes import AutoString

from store.types import UTCDateTime

community = table(
    "community",
    column("id", AutoString),
    column("name", AutoString),
    column("kind", AutoString),
    column("cadence", AutoString),
    column("meeting_time", AutoString),
    column("timezone", AutoString),
    column("input_minutes", Integer),
    column("practice_minutes", Integer),
    column("dialogue_minutes", Integer),
    column("handoff_minutes", Integer),
    column("talk_minutes", Integer),
    column("topic_minutes", Integer),
    column("dots_per_person", Integer),
)

member = table(
    "member",
    column("id", AutoString),
    column("community_id"),
    column("name", AutoString),
    column("name_key"),
    column("email", AutoString),
    column("department", AutoString),
    column("roles", AutoString),
    column("active", Boolean),
    column("willing_to_facilitate", Boolean),
    column("joined_on", Date),
    column("forgotten_at"),
)

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
    column("id", AutoString),
    column("community_id", AutoString),
    column("scheduled_at", UTCDateTime),
    column("cadence_on", Date),
    column("topic", AutoString),
    column("facilitator_id", AutoString),
    column("co_facilitator_id", AutoString),
    column("status", AutoString),
    column("next_topic", AutoString),
)


def read(s, statement):
    """Run a statement on these clauses in an ORM session `s`, seeing what it holds unflushed.

    The ORM flushes pending changes before its own queries (autoflush); a statement on a
    `table()` clause is not an ORM query, so it would read the rows as they were before the
    session's changes. A service that writes and then asks the schedule, say, must get the
    same answer either way, so this flushes first, as autoflush would.
    """
    if s.autoflush:
        s.flush()
    return s.connection().execute(statement)
