"""Away periods: when a member cannot host (holiday, leave, a busy quarter).

The rotation reads them to leave someone out on a session's date; nothing else changes
for the member (they stay on the roster and can still attend).
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from facilitator import domain
from facilitator.dates import parse_day
from facilitator.errors import Conflict, InvalidInput, NotFound
from facilitator.services.communities import community_row
from facilitator.services.roster import member_row
from facilitator.text import clean_optional
from store.database import Database
from store.models import Member, MemberUnavailability

MAX_REASON = 200


def _item(row: MemberUnavailability, member: Member) -> domain.AwayItem:
    return domain.AwayItem(row.id, member.name, row.starts_on, row.ends_on, row.reason)


def _span(row: MemberUnavailability) -> str:
    return f"{row.starts_on} to {row.ends_on}"


def _periods(s: Session, member_id: str) -> list[MemberUnavailability]:
    return list(
        s.exec(
            select(MemberUnavailability)
            .where(MemberUnavailability.member_id == member_id)
            .order_by(MemberUnavailability.starts_on, MemberUnavailability.id)
        ).all()
    )


def add_away(
    db: Database,
    community: str | None,
    name: str,
    starts: str,
    ends: str | None,
    reason: str | None,
    today: date,
) -> domain.AwayItem:
    """Record that a member is away from `starts` to `ends` (inclusive; one day if no end)."""
    starts_on = parse_day(starts, today)
    ends_on = parse_day(ends, today) if ends else starts_on
    if ends_on < starts_on:
        raise InvalidInput(f"--to {ends_on} is before --from {starts_on}")
    if ends_on < today:
        raise InvalidInput(f"that period ended on {ends_on}, before today ({today})")
    why = clean_optional(reason, "reason")
    if why and len(why) > MAX_REASON:
        raise InvalidInput(f"the reason is longer than {MAX_REASON} characters")
    with db.session() as s:
        member = member_row(s, community_row(s, community).id, name)
        for other in _periods(s, member.id):
            if other.starts_on <= ends_on and starts_on <= other.ends_on:
                raise Conflict(
                    f"{member.name} is already away {_span(other)}; remove that period "
                    f"(cop roster away-remove {member.name!r} --from {other.starts_on}) first"
                )
        row = MemberUnavailability(
            member_id=member.id, starts_on=starts_on, ends_on=ends_on, reason=why
        )
        s.add(row)
        s.flush()
        return _item(row, member)


def list_away(
    db: Database, community: str | None, name: str | None, today: date, include_past: bool
) -> list[domain.AwayItem]:
    """Away periods by start date; those already over only with include_past."""
    with db.session() as s:
        cid = community_row(s, community).id
        query = (
            select(MemberUnavailability, Member)
            .join(Member, Member.id == MemberUnavailability.member_id)
            .where(Member.community_id == cid)
        )
        if name is not None:
            query = query.where(Member.id == member_row(s, cid, name).id)
        if not include_past:
            query = query.where(col(MemberUnavailability.ends_on) >= today)
        rows = s.exec(
            query.order_by(MemberUnavailability.starts_on, Member.name_key, MemberUnavailability.id)
        ).all()
        return [_item(period, member) for period, member in rows]


def remove_away(
    db: Database, community: str | None, name: str, starts: str | None, today: date
) -> domain.AwayItem:
    """Remove one of a member's away periods; `starts` says which when they have several."""
    with db.session() as s:
        member = member_row(s, community_row(s, community).id, name)
        periods = [p for p in _periods(s, member.id) if p.ends_on >= today]
        if starts is not None:
            day = parse_day(starts, today)
            periods = [p for p in _periods(s, member.id) if p.starts_on == day]
            if not periods:
                raise NotFound(f"{member.name} has no away period starting {day}")
        if not periods:
            raise NotFound(f"{member.name} has no current or upcoming away period")
        if len(periods) > 1:
            listed = ", ".join(_span(p) for p in periods)
            raise InvalidInput(
                f"{member.name} has several away periods ({listed}); say which with --from"
            )
        row = periods[0]
        item = _item(row, member)
        s.delete(row)
        return item
