"""What every table shares: a random id, when the row was created and last changed, and its
model configuration."""

from __future__ import annotations

from datetime import datetime

from pydantic import ConfigDict
from sqlmodel import Field

from store.types import UTCDateTime, new_id, utcnow

TABLE_CONFIG = ConfigDict(defer_build=True)
"""Tables skip building pydantic's validator and serializer until something asks for one.
cop never validates or dumps a table row through pydantic (rows are written and read
through SQLAlchemy, and services hand out facilitator.domain values), so building them
for each table at import was about a tenth of the table's cost, on every start."""


def row_id() -> str:
    return Field(default_factory=new_id, primary_key=True, max_length=32)


def created() -> datetime:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def changed() -> datetime:
    """When the row last changed, on whichever laptop: kept current by store.changes, and
    what an archive merge compares when both sides changed the same row."""
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
