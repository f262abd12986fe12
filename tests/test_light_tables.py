"""The light tables (store.light_tables) name what the migrations build.

They are written by hand beside the mapped tables, so a column renamed or dropped in a
migration would otherwise fail only when home or the roster counts with it.
"""

from __future__ import annotations

import pytest
from sqlalchemy import inspect
from sqlalchemy.sql import TableClause
from sqlalchemy.types import NullType
from sqlmodel import SQLModel

from store import light_tables, models

LIGHT = {
    name: value for name, value in vars(light_tables).items() if isinstance(value, TableClause)
}


def test_every_counted_table_has_its_light_clause():
    assert set(LIGHT) == {"attendance", "commitment", "lightning_talk", "takeaway", "study_session"}


@pytest.mark.parametrize("name", sorted(LIGHT))
def test_light_table_names_columns_the_migrated_schema_has(db, name):
    light = LIGHT[name]
    assert light.name == name
    stored = {column["name"] for column in inspect(db.engine).get_columns(light.name)}
    assert {column.name for column in light.columns} <= stored


@pytest.mark.parametrize("name", sorted(LIGHT))
def test_light_columns_read_values_as_the_mapped_table_does(name):
    """A typed light column converts what it reads like the mapped column (a session's
    time comes back in UTC); an untyped one is only compared or counted, never read."""
    models.load_all()
    mapped = SQLModel.metadata.tables[name]
    for column in LIGHT[name].columns:
        counterpart = mapped.c[column.name]
        if not isinstance(column.type, NullType):
            assert type(column.type) is type(counterpart.type)
