"""Rows a service reads by id where the record must be there: one another writer removed
in the meantime is a refusal naming it, never an AttributeError on None."""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import Session, SQLModel

from facilitator.errors import NotFound

Row = TypeVar("Row", bound=SQLModel)


def existing(s: Session, model: type[Row], row_id: str, what: str) -> Row:
    """`model`'s row `row_id`; `what` names it in the refusal ("session", "commitment")."""
    row = s.get(model, row_id)
    if row is None:
        raise NotFound(f"that {what} no longer exists")
    return row
