"""Half-typed notes: kept when the app closes mid-edit, offered again when the form reopens."""

from __future__ import annotations

import json

from sqlmodel import select

from store.database import Database
from store.models import Draft
from store.types import utcnow


def save_draft(db: Database, session_id: str, form: str, fields: dict[str, str]) -> None:
    """Keep the form's fields; an all-empty form clears the draft instead."""
    with db.session() as s:
        row = s.exec(
            select(Draft).where(Draft.session_id == session_id).where(Draft.form == form)
        ).first()
        if not any(value.strip() for value in fields.values()):
            if row is not None:
                s.delete(row)
            return
        row = row or Draft(session_id=session_id, form=form, payload="")
        row.payload = json.dumps(fields, ensure_ascii=False, sort_keys=True)
        row.updated_at = utcnow()
        s.add(row)


def load_draft(db: Database, session_id: str, form: str) -> dict[str, str] | None:
    with db.session() as s:
        row = s.exec(
            select(Draft).where(Draft.session_id == session_id).where(Draft.form == form)
        ).first()
        if row is None:
            return None
        try:
            fields = json.loads(row.payload)
        except ValueError:
            return None
        return {str(k): str(v) for k, v in fields.items()} if isinstance(fields, dict) else None


def clear_draft(db: Database, session_id: str, form: str) -> None:
    save_draft(db, session_id, form, {})
