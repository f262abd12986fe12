"""The launch checklist of a community, from its stored history and the items ticked by hand
(facilitator.launch_checklist has the rules)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from itertools import groupby
from zoneinfo import ZoneInfo

from sqlalchemy import case, distinct, func, literal, or_
from sqlmodel import Session, col, select

from facilitator.cadence import parse_cadence
from facilitator.errors import InvalidInput
from facilitator.insight_period import Period, period_of_key, quarter_of
from facilitator.launch_checklist import (
    BY_HAND,
    LABELS,
    RECENT_SESSIONS,
    ChecklistFacts,
    ChecklistItem,
    ChecklistLine,
    checklist,
    parse_item,
)
from facilitator.services.communities import community_row
from facilitator.services.latest_sessions import latest_held_ids
from facilitator.vocabulary import Role, TalkStatus
from store.database import Database
from store.models import (
    ChecklistTick,
    Commitment,
    Community,
    LightningTalk,
    Member,
    PublishRecord,
    StudySession,
)


def community_checklists(
    s: Session, communities: Sequence[Community], now: datetime, publishing: Period | None = None
) -> dict[str, list[ChecklistLine]]:
    """The checklist of each community, by id, each fact one statement for all of them.
    `publishing`: the period of the report these go into as it is published, which counts
    as shared (the page says so once it is there, and saying otherwise would change the
    page on every publish)."""
    return {
        id_: checklist(facts)
        for id_, facts in checklist_facts(s, communities, now, publishing).items()
    }


def checklist_of(
    db: Database, community: str | None, now: datetime
) -> tuple[str, list[ChecklistLine]]:
    with db.reading(), db.session() as s:
        crow = community_row(s, community)
        return crow.name, community_checklists(s, [crow], now)[crow.id]


def local_day(crow: Community, now: datetime) -> date:
    return now.astimezone(ZoneInfo(crow.timezone)).date()


def checklist_facts(
    s: Session, communities: Sequence[Community], now: datetime, publishing: Period | None
) -> dict[str, ChecklistFacts]:
    ids = [crow.id for crow in communities if crow.id is not None]
    recent = latest_held_ids(ids, None, RECENT_SESSIONS)
    confluence = col(PublishRecord.target).like("confluence-%")

    def with_any(model, *conditions):
        found = select(literal(1)).where(model.session_id == recent.c.id, *conditions)
        return func.sum(case((found.exists(), 1), else_=0))

    hosting = {
        community_id: (held, hosts)
        for community_id, held, hosts in s.exec(
            select(
                Community.id,
                func.count(recent.c.id),
                func.count(distinct(StudySession.facilitator_id)),
            )
            .join(recent, recent.c.community_id == Community.id)
            .outerjoin(StudySession, StudySession.id == recent.c.id)
            .group_by(Community.id)
        ).all()
    }
    practice = {
        community_id: (commitments, talks, shared)
        for community_id, commitments, talks, shared in s.exec(
            select(
                recent.c.community_id,
                with_any(Commitment),
                with_any(LightningTalk, LightningTalk.status == TalkStatus.GIVEN),
                with_any(PublishRecord, confluence),
            ).group_by(recent.c.community_id)
        ).all()
    }
    reports = dict(  # its own page, or the company-wide page (None) that holds it
        s.exec(
            select(PublishRecord.community_id, func.max(PublishRecord.report_period))
            .where(
                or_(
                    col(PublishRecord.community_id).in_(ids),
                    col(PublishRecord.community_id).is_(None),
                )
            )
            .where(col(PublishRecord.session_id).is_(None))
            .where(col(PublishRecord.report_period).is_not(None))
            .group_by(PublishRecord.community_id)
        ).all()
    )
    published = dict(
        s.exec(
            select(StudySession.community_id, func.count(distinct(PublishRecord.session_id)))
            .join(StudySession, StudySession.id == PublishRecord.session_id)
            .where(col(StudySession.community_id).in_(ids))
            .where(confluence)
            .group_by(StudySession.community_id)
        ).all()
    )
    departments = _departments(s, ids)
    library = set(
        s.exec(
            select(PublishRecord.community_id)
            .where(col(PublishRecord.community_id).in_(ids))
            .where(col(PublishRecord.session_id).is_(None))
            .where(col(PublishRecord.report_period).is_(None))
            .distinct()
        ).all()
    )
    ticked: dict[str, set[ChecklistItem]] = {id_: set() for id_ in ids}
    for community_id, item in s.exec(
        select(ChecklistTick.community_id, ChecklistTick.item).where(
            col(ChecklistTick.community_id).in_(ids)
        )
    ):
        if parse_item(item) is not None:
            ticked[community_id].add(ChecklistItem(item))
    space = _configured_space()
    found = {}
    for crow in communities:
        assert crow.id is not None
        held, hosts = hosting.get(crow.id, (0, 0))
        commitments, talks, shared = practice.get(crow.id, (0, 0, 0))
        latest_key = max(
            (key for key in (reports.get(crow.id), reports.get(None)) if key), default=None
        )
        if publishing is not None and (latest_key is None or publishing.key > latest_key):
            latest_key = publishing.key
        latest = period_of_key(latest_key) if latest_key else None
        previous = quarter_of(local_day(crow, now)).before()
        count, without = departments.get(crow.id, (0, ()))
        found[crow.id] = ChecklistFacts(
            cadence=crow.cadence,
            cadence_days=parse_cadence(crow.cadence).typical_gap.days,
            recent_held=held,
            recent_hosts=hosts,
            recent_with_commitments=commitments or 0,
            recent_with_talks=talks or 0,
            recent_published=shared or 0,
            confluence_space=crow.confluence_space or space,
            published_summaries=published.get(crow.id, 0),
            latest_report=latest.label if latest else None,
            report_recent=latest is not None and latest.last >= previous.first,
            departments_without_champion=without,
            departments=count,
            library_published=crow.id in library,
            ticked=frozenset(ticked[crow.id]),
        )
    return found


def _departments(s: Session, ids: list[str]) -> dict[str, tuple[int, tuple[str, ...]]]:
    """Per community, how many departments its active members come from, and those of
    them without an active champion."""
    roles = literal(",") + Member.roles + literal(",")
    champion = func.sum(case((roles.like(f"%,{Role.CHAMPION},%"), 1), else_=0))
    found: dict[str, tuple[int, tuple[str, ...]]] = {}
    rows = s.exec(
        select(Member.community_id, Member.department, champion)
        .where(col(Member.community_id).in_(ids))
        .where(col(Member.active).is_(True))
        .where(col(Member.department).is_not(None))
        .group_by(Member.community_id, Member.department)
        .order_by(Member.community_id, Member.department)
    ).all()
    for community_id, group in groupby(rows, key=lambda row: row[0]):
        departments = list(group)
        without = tuple(department for _, department, champions in departments if not champions)
        found[community_id] = (len(departments), without)
    return found


def _configured_space() -> str | None:
    """The space `cop config confluence` set, when the community names none of its own
    (an unreadable configuration counts as none here; publishing says what is wrong)."""
    from facilitator.config import load_confluence

    try:
        config = load_confluence()
    except InvalidInput:
        return None
    return config.space if config else None


def tick(
    db: Database, community: str | None, text: str, done: bool, now: datetime
) -> ChecklistLine:
    """Tick (or untick) an item only a person can answer; ticking twice changes nothing."""
    item = parse_item(text)
    if item is None:
        names = ", ".join(ChecklistItem)
        raise InvalidInput(f"no checklist item called {text!r}; the items are {names}")
    if item not in BY_HAND:
        hand = " or ".join(BY_HAND)
        raise InvalidInput(
            f"cop works out {item} ({LABELS[item].lower()}) from its data; only {hand} "
            "are ticked by hand"
        )
    with db.session() as s:
        crow = community_row(s, community)
        row = s.exec(
            select(ChecklistTick)
            .where(ChecklistTick.community_id == crow.id)
            .where(ChecklistTick.item == item)
        ).first()
        if done and row is None:
            s.add(ChecklistTick(community_id=crow.id, item=item))
        elif not done and row is not None:
            s.delete(row)
        s.flush()
        lines = community_checklists(s, [crow], now)[crow.id]
        return next(line for line in lines if line.item == item)
