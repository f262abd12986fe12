"""The roster as lists read it: a page of members by name with their figures, or every
member for a picker.

Written on store.light_tables, not the mapped tables: a list only reads, so it needs the
columns it shows, not the ORM's mapping of every column and index (building the community
and member tables, and configuring their mappers, was about a third of `cop roster list`'s
own work). Writes to the roster go through facilitator.services.roster.
"""

from __future__ import annotations

from sqlalchemy import func, select

from facilitator import converters, domain
from facilitator.services.community_choice import chosen_community_id
from facilitator.vocabulary import AttendanceStatus, SessionStatus
from store import light_tables
from store.database import Database
from store.search_index import fold

MEMBER = light_tables.member
SHOWN = (
    MEMBER.c.id,
    MEMBER.c.name,
    MEMBER.c.email,
    MEMBER.c.department,
    MEMBER.c.roles,
    MEMBER.c.active,
    MEMBER.c.willing_to_facilitate,
    MEMBER.c.joined_on,
)
"""The columns a listed member is made of (facilitator.converters.member)."""


def _listed(community_id: str, include_inactive: bool) -> list:
    """Who a list holds: the community's members, less those forgotten at their request
    (store.forgetting), and less the inactive unless asked for."""
    listed = [MEMBER.c.community_id == community_id, MEMBER.c.forgotten_at.is_(None)]
    if not include_inactive:
        listed.append(MEMBER.c.active)
    return listed


def member_page(
    db: Database,
    community: str | None,
    include_inactive: bool,
    first: int,
    size: int | None,
    matching: str = "",
) -> domain.MemberPage:
    """`size` members by name from position `first` (None: all the rest), with their
    figures: a roster of thousands is read a page at a time. Each member's sessions
    attended and last hosted are counted through their own indexes, for the page's members
    only, never by grouping the whole history. `matching` keeps the members whose name,
    department, e-mail or roles hold every word typed, in any case and with or without
    accents (folded in SQL by `cop_fold`, as the library's search folds)."""
    with db.session() as s:
        cid = chosen_community_id(s, community)
        read = s.connection()  # Core rows: nothing here is an ORM entity
        listed = _listed(cid, include_inactive)
        roster = read.scalar(select(func.count()).select_from(MEMBER).where(*listed))
        if matching.split():
            described = func.cop_fold(
                MEMBER.c.name
                + " "
                + func.coalesce(MEMBER.c.department, "")
                + " "
                + func.coalesce(MEMBER.c.email, "")
                + " "
                + MEMBER.c.roles
            )
            listed.extend(
                described.contains(fold(word), autoescape=True) for word in matching.split()
            )
            total = read.scalar(select(func.count()).select_from(MEMBER).where(*listed))
        else:
            total = roster
        # Sessions attended: every "present" of the member, read from the attendance's
        # (member, status, session) index alone, less those of sessions not ended (the few
        # planned, live or cancelled ones, found through the sessions' status index). Joined
        # to the ended sessions instead, PostgreSQL hashed all of them for each member.
        attendance, held = light_tables.attendance, light_tables.study_session.c
        present = (
            select(func.count())
            .select_from(attendance)
            .where(attendance.c.member_id == MEMBER.c.id)
            .where(attendance.c.status == AttendanceStatus.PRESENT)
        )
        not_ended = present.join(light_tables.study_session, held.id == attendance.c.session_id)
        not_ended = not_ended.where(
            held.status.in_(sorted(set(SessionStatus) - {SessionStatus.ENDED}))
        )
        attended = (
            present.correlate(MEMBER).scalar_subquery()
            - not_ended.correlate(MEMBER).scalar_subquery()
        )
        hosted = (
            select(func.max(held.scheduled_at))
            .where(held.community_id == cid)
            .where(held.facilitator_id == MEMBER.c.id)
            .where(held.status == SessionStatus.ENDED)
            .correlate(MEMBER)
            .scalar_subquery()
        )
        page = read.execute(
            select(*SHOWN, attended.label("attended"), hosted.label("hosted"))
            .where(*listed)
            .order_by(MEMBER.c.name_key)
            .offset(max(first, 0))
            .limit(size)
        ).all()
    members = [converters.member(row, row.attended or 0, row.hosted) for row in page]
    return domain.MemberPage(members=members, first=max(first, 0), total=total, roster=roster)


def list_members(
    db: Database, community: str | None, include_inactive: bool = False, figures: bool = True
) -> list[domain.Member]:
    """The roster by name; `figures` adds sessions attended and last hosted (the whole
    roster as one page), which pickers and name completion do without."""
    if figures:
        return member_page(db, community, include_inactive, 0, None).members
    with db.session() as s:
        listed = _listed(chosen_community_id(s, community), include_inactive)
        query = select(*SHOWN).where(*listed).order_by(MEMBER.c.name_key)
        rows = s.connection().execute(query).all()
    return [converters.member(row) for row in rows]
