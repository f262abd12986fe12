"""What the fair rule is given for one session, read from the database: the roster as the
rule sees it, each member's turns, who hosts the sessions either side, who is skipped.

Each is one SQL read (GROUP BY, ORDER BY … LIMIT 1), so ruling on a session costs the same
with a month of history as with ten years; on a large roster the line is read from its
head (see WHOLE_ROSTER_UP_TO), so it costs the same with a hundred people as with
thousands. The writing side is facilitator.services.rotation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import case, func, true
from sqlmodel import Session, col, select

from facilitator.errors import not_found
from facilitator.rotation_rule import (
    INACTIVE,
    NEWCOMER,
    NEWCOMERS_COUNT,
    UNWILLING,
    AwayPeriod,
    Occasion,
    Person,
    Ruling,
    TurnTally,
    co_host_line,
    host_line,
)
from facilitator.vocabulary import HOSTING, RotationAction, SessionStatus
from store.models import (
    Community,
    Member,
    MemberUnavailability,
    RotationRecord,
    StudySession,
)
from store.rotation_standing import attended, last_turn, turns

WHOLE_ROSTER_UP_TO = 150
"""Up to this many members a ruling reads the whole roster and counts every turn (a few
milliseconds). Beyond, it reads the head of the line in the rotation's order, kept on each
member row by the database (store.rotation_standing), and counts who is left out by
reason: the same work for 200 members as for 20,000, and the same answer."""

HEAD_OF_LINE = 4
"""How much of the line a ruling on a large roster reads beyond the members the occasion
names (the session's host among them): the choice and the three who come next."""

NAMED_UP_TO = 12
"""A reason that leaves out this many people or fewer names them all; more are counted."""


def _read(s: Session, crow: Community, *where, order=None, limit=None) -> list:
    """Members as the rule sees them (id, name, joined, department, active, willing,
    attended) and their turns and latest turn as the member row keeps them, by name
    unless another `order` is given (or none: `()`)."""
    rows = s.exec(
        select(*READ)
        .where(Member.community_id == crow.id)
        .where(col(Member.forgotten_at).is_(None))  # nobody to rule on: not even left out
        .where(*where)
        .order_by(*(order if order is not None else [Member.name_key]))
        .limit(limit)
    ).all()
    return list(rows)


def _read_ids(s: Session, crow: Community, ids) -> list:
    """These members, as _read gives them, looked up by id: the community is checked
    here, not in SQL, so the database has no reason to read the community's roster to
    find a few of them."""
    if not ids:
        return []
    rows = s.exec(
        select(*READ, Member.community_id, Member.forgotten_at).where(col(Member.id).in_(ids))
    ).all()
    return [row[:-2] for row in rows if row[-2] == crow.id and row[-1] is None]


READ = (
    Member.id,
    Member.name,
    Member.joined_on,
    Member.department,
    Member.active,
    Member.willing_to_facilitate,
    attended(),
    turns(),
    last_turn(),
)


def _people(s: Session, crow: Community, rows: list, whole: bool = False) -> list[Person]:
    """The rule's Person for each member read, with their away periods (the whole
    community's read at once when `whole`)."""
    away = _away(s, crow, None if whole else [row[0] for row in rows])
    return [
        Person(
            id=row[0],
            name=row[1],
            joined_on=row[2],
            department=row[3],
            active=row[4],
            willing=row[5],
            has_attended=bool(row[6]),
            away=tuple(away.get(row[0], ())),
        )
        for row in rows
    ]


def _away(s: Session, crow: Community, ids: list[str] | None) -> dict[str, list[AwayPeriod]]:
    """The away periods of these members (None: of the whole community), oldest first."""
    if ids is not None and not ids:
        return {}
    query = select(MemberUnavailability).order_by(MemberUnavailability.starts_on)
    if ids is None:
        query = query.join(Member, Member.id == MemberUnavailability.member_id).where(
            Member.community_id == crow.id
        )
    else:
        query = query.where(col(MemberUnavailability.member_id).in_(ids))
    away: dict[str, list[AwayPeriod]] = {}
    for period in s.exec(query).all():
        away.setdefault(period.member_id, []).append(
            AwayPeriod(period.starts_on, period.ends_on, period.reason)
        )
    return away


def roster_people(s: Session, crow: Community) -> list[Person]:
    """The whole roster as the rule sees it, by name."""
    return _people(s, crow, _read(s, crow), whole=True)


def people_with_ids(s: Session, crow: Community, ids) -> list[Person]:
    """These members of the community as the rule sees them."""
    ids = [i for i in ids if i]
    return _people(s, crow, _read_ids(s, crow, ids))


def person_named(s: Session, crow: Community, name: str) -> Person:
    """The member called `name` (case and spacing aside), or NotFound naming the roster."""
    key = " ".join(name.split()).casefold()
    found = _people(s, crow, _read(s, crow, Member.name_key == key))
    if found:
        return found[0]
    names = s.exec(
        select(Member.name)
        .where(Member.community_id == crow.id)
        .where(col(Member.forgotten_at).is_(None))
        .order_by(Member.name_key)
    ).all()
    raise not_found("member", name, list(names))


def held_or_assigned(crow: Community, exclude: str | None):
    """Sessions that count for the rotation (not cancelled), as a query to refine."""
    query = (
        select(StudySession)
        .where(StudySession.community_id == crow.id)
        .where(StudySession.status != SessionStatus.CANCELLED)
    )
    return query if exclude is None else query.where(StudySession.id != exclude)


def turn_tally(s: Session, crow: Community, role, exclude: str | None, ids=None) -> TurnTally:
    """Turns per member and each one's latest, counted by the database (GROUP BY); of
    these members only, when `ids` are given."""
    query = (
        select(role, func.count(), func.max(StudySession.scheduled_at))
        .where(StudySession.community_id == crow.id)
        .where(StudySession.status != SessionStatus.CANCELLED)
        .where(role.is_not(None))
        .group_by(role)
    )
    if ids is not None:
        query = query.where(role.in_(ids))
    if exclude is not None:
        query = query.where(StudySession.id != exclude)
    rows = s.exec(query).all()
    return TurnTally(
        counts={member_id: count for member_id, count, _ in rows},
        last={member_id: latest for member_id, _, latest in rows},
    )


def neighbour(s: Session, crow: Community, role, exclude: str | None, at: datetime, after: bool):
    """Who has the role in the session just before (or after) `at`."""
    order = col(StudySession.scheduled_at)
    query = held_or_assigned(crow, exclude)
    query = query.where(order > at) if after else query.where(order < at)
    row = s.exec(query.order_by(order if after else order.desc()).limit(1)).first()
    return getattr(row, role.key) if row else None


def ruling_for(
    s: Session,
    crow: Community,
    row: StudySession | None,
    at: datetime,
    host: Person | None = None,
    everyone: bool = False,
) -> Ruling:
    """The line for the session at `at`: hosting, or co-hosting alongside `host`.

    `everyone` names every member left out, whatever the size of the roster (`--all`,
    `--json`); otherwise a large roster's hosting line is read from its head.
    """
    role = col(StudySession.facilitator_id if host is None else StudySession.co_facilitator_id)
    exclude = row.id if row else None
    occasion = Occasion(
        day=at.astimezone(ZoneInfo(crow.timezone)).date(),
        previous=neighbour(s, crow, role, exclude, at, after=False),
        following=neighbour(s, crow, role, exclude, at, after=True),
        skipped=skips(s, row),
        host=host,
    )
    if host is None and not everyone:
        roster = _roster(s, crow)
        if roster[0] > WHOLE_ROSTER_UP_TO:
            return _head_of_line(s, crow, row, occasion, roster[1:])
    line = host_line if host is None else co_host_line
    return line(roster_people(s, crow), turn_tally(s, crow, role, exclude), occasion)


LEFT_OUT = (
    (INACTIVE, ~col(Member.active)),
    (UNWILLING, col(Member.active) & ~col(Member.willing_to_facilitate)),
    (NEWCOMER, col(Member.active) & col(Member.willing_to_facilitate) & ~attended()),
)
"""What the roster alone leaves out, and who: the reasons a large roster's ruling counts."""


def _roster(s: Session, crow: Community) -> tuple[int, ...]:
    """How many members, and how many of them each reason of LEFT_OUT leaves out (one read
    of the rotation's covering index)."""
    counts = s.exec(
        select(func.count(), *(func.count(case((rule, 1))) for _, rule in LEFT_OUT))
        .where(Member.community_id == crow.id)
        .where(col(Member.forgotten_at).is_(None))
    ).one()
    return tuple(counts)  # type: ignore[arg-type]  # a row of counts


def _reason_of(person: Person) -> str | None:
    """The reason of LEFT_OUT that applies to this member, if one does."""
    if not person.active:
        return INACTIVE
    if not person.willing:
        return UNWILLING
    return None if person.has_attended else NEWCOMER


def _head_of_line(
    s: Session,
    crow: Community,
    row: StudySession | None,
    occasion: Occasion,
    left_out: tuple[int, ...],
) -> Ruling:
    """The hosting line of a large roster: the fair rule (rotation_rule.host_line) applied
    to the members who can stand at its head, and the others counted by reason.

    Those members are everyone the occasion names (the session's host, the hosts either
    side, who is skipped) or who is away that day, with their turns counted exactly, and
    the first of the rest in the rule's order, read from the member rows' standing:
    regulars when there are any, else everyone eligible. The rule then gives the same
    head, reasons and notes as it would on the whole roster. `left_out` counts the whole
    roster by the reasons of LEFT_OUT.
    """
    holder = row.facilitator_id if row else None
    named = {i for i in (occasion.previous, occasion.following, holder, *occasion.skipped) if i}
    away = s.exec(  # on the server, by the periods' end: not the past, not the roster
        select(MemberUnavailability.member_id)
        .where(MemberUnavailability.ends_on >= occasion.day)
        .where(MemberUnavailability.starts_on <= occasion.day)
    ).all()
    read = _read_ids(s, crow, sorted(named | set(away)))
    named |= {r[0] for r in read}
    walked = _walk(s, crow, named, attended() == true()) or _walk(s, crow, named)
    people = _people(s, crow, read + walked)
    tally = turn_tally(s, crow, col(StudySession.facilitator_id), row and row.id, list(named))
    for member_id, *_, count, latest in walked:
        if count:
            tally.counts[member_id] = count
            tally.last[member_id] = latest
    ruling = host_line(people, tally, occasion)
    seen = {person.id for person in people}
    inside = Counter(_reason_of(person) for person in people)
    counted: list[tuple[str, int]] = []
    more: list[tuple[Person, str]] = []
    for (why, rule), total in zip(LEFT_OUT, left_out, strict=True):
        if why == NEWCOMER and NEWCOMERS_COUNT in ruling.notes:
            continue  # no regulars: newcomers are further down the line, not left out
        outside = total - inside[why]
        if outside > NAMED_UP_TO:
            counted.append((why, outside))
        elif outside:
            rows = _read(s, crow, rule, col(Member.id).not_in(seen), order=())
            more.extend((person, why) for person in _people(s, crow, rows))
    not_eligible = sorted(
        [*ruling.not_eligible, *more], key=lambda item: (item[0].name.casefold(), item[0].id)
    )
    return replace(ruling, not_eligible=tuple(not_eligible), counted=tuple(counted))


def _walk(s: Session, crow: Community, named: set[str], *where) -> list:
    """The first HEAD_OF_LINE members eligible by the roster (active, willing) outside
    `named`, in the rule's order as far as the database keeps it (turns, latest turn,
    joining), and everyone tied with the last of them: the rule breaks ties by name."""
    eligible = [
        col(Member.active) == true(),  # equalities, so the index gives the order
        col(Member.willing_to_facilitate) == true(),
        col(Member.id).not_in(named),
        *where,
    ]
    order = [turns(), last_turn(), Member.joined_on]  # the index's order: no sort
    head = _read(s, crow, *eligible, order=order, limit=HEAD_OF_LINE + 1)
    if len(head) <= HEAD_OF_LINE or _key(head[-1]) != _key(head[-2]):
        return head
    count, latest, joined = _key(head[-1])
    tied = _read(
        s,
        crow,
        *eligible,
        turns() == count,
        last_turn().is_(None) if latest is None else last_turn() == latest,
        Member.joined_on == joined,
        col(Member.id).not_in([r[0] for r in head]),
    )
    return head + tied


def _key(row) -> tuple:
    """The part of the rule's order the database keeps: turns, latest turn, joining."""
    return row[7], row[8], row[2]


def skips(s: Session, row: StudySession | None) -> dict[str, str]:
    """Who is skipped for this session; a later assignment of the same member undoes it."""
    if row is None:
        return {}
    records = s.exec(
        select(RotationRecord)
        .where(RotationRecord.session_id == row.id)
        .order_by(RotationRecord.created_at)
    ).all()
    skipped: dict[str, str] = {}
    for record in records:
        if record.action == RotationAction.SKIPPED:
            skipped[record.member_id] = record.reason or "no reason given"
        elif record.action in HOSTING:
            skipped.pop(record.member_id, None)
    return skipped
