"""Every change stamps its row and every deletion leaves a tombstone, whatever wrote it.

An archive merges two histories by id (store.archive): where both sides changed a row the
later `changed_at` wins, and a deleted row must stay deleted instead of coming back from the
other side. Doing this in one ORM hook, rather than in each service, means no write path
can forget it. The merge itself writes with Core statements, which this hook does not see,
so imported rows keep the times they were changed at on the laptop that changed them.
"""

from __future__ import annotations

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session as OrmSession

from store.types import utcnow


def _stamp_and_remember(session: OrmSession, _context, _instances) -> None:
    now = utcnow()
    for row in session.new:
        if hasattr(row, "changed_at"):
            row.changed_at = now
    for row in session.dirty:
        if hasattr(row, "changed_at") and session.is_modified(row, include_collections=False):
            row.changed_at = now
    if not session.deleted:
        return
    from store.models import Deletion  # its table is built when something is first deleted

    for row in session.deleted:
        if hasattr(row, "changed_at"):
            key = inspect(row).identity
            if key is not None and len(key) == 1:
                session.add(Deletion(table_name=row.__tablename__, row_id=key[0], deleted_at=now))


def track_changes() -> None:
    """Install the hook on every ORM session (idempotent)."""
    if not event.contains(OrmSession, "before_flush", _stamp_and_remember):
        event.listen(OrmSession, "before_flush", _stamp_and_remember)
