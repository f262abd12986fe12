"""Tables as a name and the columns a count reads, for the reads before a first frame.

A mapped table (store.models) costs about 6 ms to build, every time cop starts: SQLAlchemy's
declarative mapping and pydantic's schema, for every column and index. A statement that
counts rows, or reads a few columns of rows it never changes, needs neither: it needs the
table's name and the columns it names. Home's overview (the sessions' counts, the open
commitments) and the roster's pages (each member with sessions attended and last hosted)
are written on these SQLAlchemy `table()` clauses, so that opening the app builds only the
tables whose rows it loads (the community, its members and sessions) rather than every table
it counts, and listing the roster builds none. They render the same SQL as the mapped tables
and use the same indexes. A column whose value is read (not only compared or counted) carries
the mapped column's type, so a flag comes back a bool and a day a date on either engine.

tests/test_light_tables.py checks every clause against the schema the migrations build, so
a column renamed there fails a test, never a command.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Date, column, table
from sqlmodel.sql.sqltypes import AutoString

from store.types import UTCDateTime

community = table("community", column("id", AutoString), column("name", AutoString))

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
    column("id"),
    column("community_id"),
    column("facilitator_id"),
    column("status"),
    column("scheduled_at", UTCDateTime),
)
