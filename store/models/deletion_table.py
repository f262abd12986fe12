"""The `deletion` table (see store.models)."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from store.models.model_fields import TABLE_CONFIG, created


class Deletion(SQLModel, table=True):
    """A row deleted here, remembered so that merging an archive deletes it on the other
    side too instead of bringing it back (a tombstone). Written by store.changes."""

    model_config = TABLE_CONFIG

    table_name: str = Field(primary_key=True)
    row_id: str = Field(primary_key=True, max_length=32)
    deleted_at: datetime = created()
    merged_into_id: str | None = Field(default=None, max_length=32)
    """Set when the row was joined into another record rather than removed (the same person
    added on two laptops, or `cop roster merge`): what still refers to it follows there."""
