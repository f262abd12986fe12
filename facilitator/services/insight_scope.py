"""The communities an insights figure counts at once, and what the figures share.

A `Scope` is the communities read together for one period: one for a community's report,
all that share a timezone for the company-wide roll-up. Each figure is one statement for
all of them, grouped by community, so a roll-up of a hundred communities costs about what
one report does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from zoneinfo import ZoneInfo

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from facilitator.insight_period import Period
from facilitator.vocabulary import HELD, AttendanceStatus
from store.models import Attendance, Community, Member, StudySession


@dataclass(frozen=True)
class Scope:
    """Communities read together over one period. They share a timezone, so the period has
    the same bounds for each and every figure is one statement for all of them: a roll-up
    of a hundred communities costs about what one report does, not a hundred times it."""

    communities: tuple[Community, ...]
    period: Period

    @cached_property
    def ids(self) -> list[str]:
        return [crow.id for crow in self.communities if crow.id is not None]

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.communities[0].timezone)

    @cached_property
    def bounds(self) -> tuple[datetime, datetime]:
        return self.period.bounds(self.tz)

    def before(self) -> Scope:
        """The same communities over the period before."""
        return Scope(self.communities, self.period.before())


def scopes(communities: Iterable[Community], period: Period) -> list[Scope]:
    """The communities grouped by timezone, each group in the order given."""
    groups: dict[str, list[Community]] = defaultdict(list)
    for crow in communities:
        groups[crow.timezone].append(crow)
    return [Scope(tuple(group), period) for group in groups.values()]


def held(scope: Scope):
    return col(StudySession.community_id).in_(scope.ids) & col(StudySession.status).in_(HELD)


def in_period(scope: Scope):
    start, end = scope.bounds
    return held(scope) & (StudySession.scheduled_at >= start) & (StudySession.scheduled_at < end)


def by_community(rows) -> dict[str, list]:
    """Rows whose first column is the community, as lists of the rest, in their order."""
    found: dict[str, list] = defaultdict(list)
    for community_id, *rest in rows:
        found[community_id].append(rest[0] if len(rest) == 1 else tuple(rest))
    return found


def people_present(s: Session, scope: Scope) -> dict[str, tuple[int, int]]:
    """Per community, the distinct people present in the period, and those of them still
    on the active roster."""
    return {
        community_id: (participants, still_members)
        for community_id, participants, still_members in s.exec(
            select(
                StudySession.community_id,
                func.count(func.distinct(Attendance.member_id)),
                func.count(
                    func.distinct(case((col(Member.active).is_(True), Attendance.member_id)))
                ),
            )
            .join(StudySession, StudySession.id == Attendance.session_id)
            .join(Member, Member.id == Attendance.member_id)
            .where(in_period(scope))
            .where(Attendance.status == AttendanceStatus.PRESENT)
            .group_by(StudySession.community_id)
        ).all()
    }
