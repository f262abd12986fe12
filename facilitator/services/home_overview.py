"""What home shows on opening: the live or next session, those missed, the latest held,
two counts, and whether a session was left live.

Everything here is read before the app's first frame, so it is read on store.light_tables
through the schedule's reads: no mapped table is built and no mapper configured before
home is painted (that was a fifth of what opening cost beyond a bare Textual app). Each
read is bounded: LIMIT, COUNT or by id.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from facilitator import converters, domain
from facilitator.services import schedule
from facilitator.services.community_choice import chosen_community
from facilitator.services.session_summaries import summaries
from facilitator.vocabulary import SessionStatus
from store import light_tables
from store.database import Database
from store.light_tables import read

RECENT_ON_HOME = 5

SESSION = light_tables.study_session
S = SESSION.c


def live_session(s, community_id: str | None) -> Any:
    """The community's live session (the newest, should there be two), or any community's,
    as read (`sessions.live_row` gives the mapped row, to change it)."""
    query = select(SESSION).where(S.status == SessionStatus.LIVE)
    if community_id is not None:
        query = query.where(S.community_id == community_id)
    return read(s, query.order_by(S.scheduled_at.desc()).limit(1)).first()


def left_live(db: Database) -> tuple[str, str] | None:
    """The id and community name of a session left live in any community (after a crash,
    or still running), or None. The community is read with it: one that another writer
    removed meanwhile leaves no session behind (its sessions go with it)."""
    community = light_tables.community.c
    with db.session() as s:
        found = (
            s.connection()
            .execute(
                select(S.id, community.name)
                .join(light_tables.community, community.id == S.community_id)
                .where(S.status == SessionStatus.LIVE)
                .order_by(S.scheduled_at.desc())
                .limit(1)
            )
            .first()
        )
    return (found.id, found.name) if found is not None else None


def is_empty(db: Database) -> bool:
    """Whether there is no community yet (onboarding, or a first `cop demo`)."""
    with db.session() as s:
        first = select(light_tables.community.c.id).limit(1)
        return s.connection().execute(first).first() is None


def home_overview(db: Database, community: str | None, now: datetime) -> domain.HomeOverview:
    """The live or next session (as the schedule has it), those missed, the latest five and
    two counts."""
    with db.session() as s:
        crow = chosen_community(s, community)
        live = live_session(s, crow.id)
        coming = None
        if live is not None:
            upcoming = [live]
        else:
            coming = schedule.peek_next(s, crow, now)
            upcoming = [coming.row] if coming.row is not None else []
        missed = schedule.missed(s, crow, now)
        recent = read(
            s,
            select(SESSION)
            .where(S.community_id == crow.id)
            .where(S.status.in_((SessionStatus.ENDED, SessionStatus.CANCELLED)))
            .order_by(S.scheduled_at.desc())
            .limit(RECENT_ON_HOME),
        ).all()
        items = summaries(s, crow, [*upcoming, *missed, *recent])
        open_commitments, active = read(s, select(*_counts(crow.id))).one()
    return domain.HomeOverview(
        community=converters.community(crow),
        next_session=items[0] if upcoming else None,
        recent=items[len(upcoming) + len(missed) :],
        open_commitments=open_commitments,
        active_members=active,
        missed=items[len(upcoming) : len(upcoming) + len(missed)],
        next_date=coming.at if coming is not None and coming.row is None else None,
        today=now.astimezone(ZoneInfo(crow.timezone)).date(),
    )


def _counts(community_id: str) -> tuple[Any, Any]:
    """The community's open commitments and active members, as two scalar subqueries of
    one statement (each counted through its own index)."""
    commitment, member = light_tables.commitment.c, light_tables.member.c
    open_commitments = (
        select(func.count())
        .select_from(light_tables.commitment)
        .join(SESSION, S.id == commitment.session_id)
        .where(S.community_id == community_id)
        .where(commitment.outcome.is_(None))
        .scalar_subquery()
    )
    active = (
        select(func.count())
        .where(member.community_id == community_id)
        .where(member.active)
        .scalar_subquery()
    )
    return open_commitments, active
