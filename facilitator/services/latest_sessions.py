"""Each community's latest held sessions, where a statement over several communities needs
them: the k-th latest is one look-up in the (community, start) index, so the work is the
same however long the history (a window over the history would read all of it), and no
list of ids is bound into the statement."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import union_all
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from facilitator.vocabulary import HELD
from store.models import Community, StudySession

OTHER = aliased(StudySession, name="other")
"""The sessions looked up beside the outer query's own (made once: an ORM alias builds a
proxy of every column, which cost 2 ms a look-up)."""


def kth_held(column: str, before: datetime | None, k: int):
    """`column` of the k-th latest (0: the latest) held session before `before` (or ever)
    of the community of the enclosing query's `Community` row, None if there is none."""
    picked = select(getattr(OTHER, column)).where(OTHER.community_id == Community.id)
    picked = picked.where(col(OTHER.status).in_(HELD))
    if before is not None:
        picked = picked.where(OTHER.scheduled_at < before)
    return (
        picked.order_by(col(OTHER.scheduled_at).desc())
        .limit(1)
        .offset(k)
        .correlate(Community)
        .scalar_subquery()
    )


def latest_held_ids(communities: list[str], before: datetime | None, n: int):
    """A subquery of (community_id, id): the `n` latest held sessions of each community
    (id None where a community has fewer)."""
    return union_all(
        *(
            select(Community.id.label("community_id"), kth_held("id", before, k).label("id")).where(
                col(Community.id).in_(communities)
            )
            for k in range(n)
        )
    ).subquery("latest")


def latest_starts(
    s: Session, communities: list[str], before: datetime, n: int
) -> dict[str, list[datetime]]:
    """When each community's `n` latest held sessions before `before` began, newest first."""
    if n <= 0:
        return {community_id: [] for community_id in communities}
    columns = [kth_held("scheduled_at", before, k) for k in range(n)]
    return {
        community_id: [at for at in starts if at is not None]
        for community_id, *starts in s.exec(
            select(Community.id, *columns).where(col(Community.id).in_(communities))
        ).all()
    }
