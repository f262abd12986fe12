"""Which community a command is about: the one named (in any case), else the only one,
else the default chosen with `cop community use`.

The choice is made over any rows that carry a `name`, so that a read needing only the
community's id (a page of the roster, on store.light_tables) chooses exactly as one that
loads the whole mapped row, with the same messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol, TypeVar

from sqlalchemy import select

from facilitator.errors import InvalidInput, NotFound, not_found
from store import light_tables


class Named(Protocol):
    @property
    def name(self) -> str: ...


Row = TypeVar("Row", bound=Named)


def named(rows: Iterable[Row], name: str) -> Row | None:
    """The row whose name is `name` in any case (names are unique that way), if any."""
    wanted = name.strip().casefold()
    return next((row for row in rows if row.name.casefold() == wanted), None)


def choose_community(rows: Sequence[Row], name: str | None) -> Row:
    """The row of the community `name` names, or, with no name, the only one or the saved
    default; `rows` are every community, by name."""
    if name:
        found = named(rows, name)
        if found is None:
            raise not_found("community", name, [r.name for r in rows])
        return found
    if not rows:
        raise NotFound(
            "there is no community yet; create one with `cop community create NAME` "
            "or load the sample with `cop demo`"
        )
    if len(rows) > 1:
        chosen = saved_default([r.name for r in rows])
        if chosen is not None:
            return next(r for r in rows if r.name == chosen)
        names = ", ".join(r.name for r in rows)
        raise InvalidInput(
            f"there are several communities ({names}); pass --community NAME, or choose the "
            "default with `cop community use NAME`"
        )
    return rows[0]


def saved_default(names: list[str]) -> str | None:
    """The one of `names` chosen with `cop community use` (in any case), if it is there.
    The settings file is read only when there is a choice to make."""
    from facilitator.config import load_default_community

    preferred = load_default_community()
    if not preferred:
        return None
    return next((name for name in names if name.casefold() == preferred.casefold()), None)


def chosen_community_id(s, name: str | None) -> str:
    """The id of the community a read is about, chosen as `choose_community` chooses,
    reading two columns of the community table instead of building its mapped row."""
    community = light_tables.community.c
    rows = s.connection().execute(select(community.id, community.name).order_by(community.name))
    return choose_community(rows.all(), name).id


def chosen_community(s, name: str | None) -> Any:
    """The community a read is about, every column as read (not the mapped row): what a
    view shows of it and what the schedule needs (cadence, meeting time, time zone)."""
    table = light_tables.community
    rows = s.connection().execute(select(table).order_by(table.c.name)).all()
    return choose_community(rows, name)


def shown_first(db) -> str | None:
    """The community the app opens on: the chosen default, the only one, else the first by
    name; None when there is none yet. One read, as the app asks before its first paint."""
    name = light_tables.community.c.name
    with db.session() as s:
        names = list(s.connection().execute(select(name).order_by(name)).scalars())
    if len(names) > 1:
        return saved_default(names) or names[0]
    return names[0] if names else None
