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
    assert set(LIGHT) == {
        "attendance",
        "commitment",
        "community",
        "lightning_talk",
        "member",
        "study_session",
        "takeaway",
    }


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


def test_a_listed_member_reads_as_the_mapped_row_does(demo_db):
    """The roster's pages read members on the light table: every field, a flag and a day
    included, comes back as converting the mapped row gives it, on either engine."""
    from datetime import date

    from facilitator import converters
    from facilitator.services.communities import community_row
    from facilitator.services.roster import (
        MemberFields,
        deactivate_member,
        edit_member,
        member_rows,
    )
    from facilitator.services.roster_pages import list_members

    [first, second, *_] = list_members(demo_db, None, figures=False)
    deactivate_member(demo_db, None, first.name)
    edit_member(demo_db, None, second.name, MemberFields(willing_to_facilitate=False))
    with demo_db.session() as s:
        mapped = [converters.member(r) for r in member_rows(s, community_row(s, None).id)]
    light = list_members(demo_db, None, include_inactive=True, figures=False)
    assert light == mapped
    assert {type(m.active) for m in light} == {type(m.willing_to_facilitate) for m in light}
    assert {type(m.active) for m in light} == {bool}
    assert {type(m.joined_on) for m in light} == {date}
    assert [m.name for m in light if not m.active] == [first.name]
    assert second.name in [m.name for m in light if not m.willing_to_facilitate]
    assert any(m.willing_to_facilitate for m in light)
