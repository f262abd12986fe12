"""Columns every table shares: a random id, and when the row was created and last changed."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field

from store.types import UTCDateTime, new_id, utcnow


def row_id() -> str:
    return Field(default_factory=new_id, primary_key=True, max_length=32)


def created() -> datetime:
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)


def changed() -> datetime:
    """When the row last changed, on whichever laptop: kept current by store.changes, and
    what an archive merge compares when both sides changed the same row."""
    return Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
