"""Which community a command is about: the one named (in any case), else the only one,
else the default chosen with `cop community use`.

The choice is made over any rows that carry a `name`, so that a read needing only the
community's id (a page of the roster, on store.light_tables) chooses exactly as one that
loads the whole mapped row, with the same messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from sqlmodel import select

from facilitator.errors import InvalidInput, NotFound, not_found
from store import light_tables


class Named(Protocol):
    @property
    def name(self) -> str: ...


Row = TypeVar("Row", bound=Named)


def choose_community(rows: Sequence[Row], name: str | None) -> Row:
    """The row of the community `name` names, or, with no name, the only one or the saved
    default; `rows` are every community, by name."""
    if name:
        wanted = name.strip().casefold()
        for row in rows:
            if row.name.casefold() == wanted:
                return row
        raise not_found("community", name, [r.name for r in rows])
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
    rows = s.exec(select(community.id, community.name).order_by(community.name)).all()
    return choose_community(rows, name).id
