"""Column types and helpers shared by every table.

Identifiers are random UUIDs (hex) so that histories written on two laptops can be merged
later without key collisions. Timestamps are stored in UTC and always come back tz-aware,
so no caller ever has to guess which zone a value is in.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.types import DateTime, TypeDecorator


def new_id() -> str:
    """A globally unique primary key."""
    return uuid.uuid4().hex


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A DateTime that is written as UTC and read back as an aware UTC datetime.

    SQLite has no time zone type; storing naive UTC and re-attaching the zone on read keeps
    ordering and comparisons correct in SQL while Python always sees aware values.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; attach a time zone first")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)
