"""Shell completion of the names people type: communities, members, sessions.

Each callback opens the database only when the shell asks (pressing Tab), reads one
indexed column with a LIMIT, and answers nothing rather than an error: a completion that
fails must never print into the middle of someone's command line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.database import Database

LIMIT = 50


def _answers(read: Callable[[Database], list[str]], incomplete: str) -> list[str]:
    try:
        from facilitator.cli.common import open_db

        names = read(open_db(reading=True))
    except Exception:  # a completion never breaks the command line
        return []
    folded = incomplete.casefold()
    return [name for name in names if name.casefold().startswith(folded)][:LIMIT]


def communities(incomplete: str) -> list[str]:
    from facilitator.services.communities import list_communities

    return _answers(lambda db: [c.name for c in list_communities(db)], incomplete)


def members(incomplete: str) -> list[str]:
    def read(db) -> list[str]:
        from sqlmodel import col, select

        from store.models import Member

        with db.reading(), db.session() as s:
            query = select(Member.name).where(col(Member.active).is_(True)).order_by(Member.name)
            return list(dict.fromkeys(s.exec(query.limit(1000)).all()))

    return _answers(read, incomplete)


def sessions(incomplete: str) -> list[str]:
    """The newest sessions' short ids and dates, and `latest`."""

    def read(db) -> list[str]:
        from sqlmodel import col, select

        from facilitator.services.sessions import short_id
        from store.models import StudySession

        with db.reading(), db.session() as s:
            rows = s.exec(
                select(StudySession.id, StudySession.scheduled_at)
                .order_by(col(StudySession.scheduled_at).desc())
                .limit(LIMIT)
            ).all()
        found = ["latest"]
        for session_id, at in rows:
            found += [short_id(session_id), at.date().isoformat()]
        return list(dict.fromkeys(found))

    return _answers(read, incomplete)
