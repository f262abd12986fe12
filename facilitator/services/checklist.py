"""The launch checklist of a community, from its stored history and the items ticked by hand
(facilitator.launch_checklist has the rules)."""

from __future__ import annotations

from datetime import date, datetime
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
from facilitator.vocabulary import HELD, Role, TalkStatus
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


def community_checklist(
    s: Session, crow: Community, today: date, publishing: Period | None = None
) -> list[ChecklistLine]:
    """`publishing`: the period of the report this checklist goes into as it is published,
    which counts as shared (the page says so once it is there, and saying otherwise would
    change the page on every publish)."""
    return checklist(checklist_facts(s, crow, today, publishing))


def checklist_of(
    db: Database, community: str | None, now: datetime
) -> tuple[str, list[ChecklistLine]]:
    with db.reading(), db.session() as s:
        crow = community_row(s, community)
        return crow.name, community_checklist(s, crow, local_day(crow, now))


def local_day(crow: Community, now: datetime) -> date:
    return now.astimezone(ZoneInfo(crow.timezone)).date()


def checklist_facts(
    s: Session, crow: Community, today: date, publishing: Period | None = None
) -> ChecklistFacts:
    recent = (
        select(StudySession.id, StudySession.facilitator_id)
        .where(StudySession.community_id == crow.id)
        .where(col(StudySession.status).in_(HELD))
        .order_by(col(StudySession.scheduled_at).desc())
        .limit(RECENT_SESSIONS)
        .subquery("recent")
    )
    held, hosts = s.exec(select(func.count(), func.count(distinct(recent.c.facilitator_id)))).one()

    def sessions_with(model, *conditions) -> int:
        found = select(literal(1)).where(model.session_id == recent.c.id, *conditions)
        return s.exec(select(func.count()).select_from(recent).where(found.exists())).one()

    confluence = col(PublishRecord.target).like("confluence-%")
    latest_key = s.exec(
        select(func.max(PublishRecord.report_period))
        .where(  # its own page, or the company-wide page that holds it
            or_(PublishRecord.community_id == crow.id, col(PublishRecord.community_id).is_(None))
        )
        .where(col(PublishRecord.session_id).is_(None))
        .where(col(PublishRecord.report_period).is_not(None))
    ).one()
    if publishing is not None and (latest_key is None or publishing.key > latest_key):
        latest_key = publishing.key
    latest = period_of_key(latest_key) if latest_key else None
    previous = quarter_of(today).before()
    return ChecklistFacts(
        cadence=crow.cadence,
        cadence_days=parse_cadence(crow.cadence).typical_gap.days,
        recent_held=held,
        recent_hosts=hosts,
        recent_with_commitments=sessions_with(Commitment),
        recent_with_talks=sessions_with(LightningTalk, LightningTalk.status == TalkStatus.GIVEN),
        recent_published=sessions_with(PublishRecord, confluence),
        confluence_space=crow.confluence_space or _configured_space(),
        published_summaries=s.exec(
            select(func.count(distinct(PublishRecord.session_id)))
            .join(StudySession, StudySession.id == PublishRecord.session_id)
            .where(StudySession.community_id == crow.id)
            .where(confluence)
        ).one(),
        latest_report=latest.label if latest else None,
        report_recent=latest is not None and latest.last >= previous.first,
        departments_without_champion=tuple(_without_champion(s, crow)),
        departments=s.exec(
            select(func.count(distinct(Member.department)))
            .where(Member.community_id == crow.id)
            .where(col(Member.active).is_(True))
            .where(col(Member.department).is_not(None))
        ).one(),
        library_published=s.exec(
            select(PublishRecord.id)
            .where(PublishRecord.community_id == crow.id)
            .where(col(PublishRecord.session_id).is_(None))
            .where(col(PublishRecord.report_period).is_(None))
            .limit(1)
        ).first()
        is not None,
        ticked=frozenset(
            ChecklistItem(item)
            for item in s.exec(
                select(ChecklistTick.item).where(ChecklistTick.community_id == crow.id)
            )
            if parse_item(item) is not None
        ),
    )


def _without_champion(s: Session, crow: Community) -> list[str]:
    roles = literal(",") + Member.roles + literal(",")
    champion = func.sum(case((roles.like(f"%,{Role.CHAMPION},%"), 1), else_=0))
    return list(
        s.exec(
            select(Member.department)
            .where(Member.community_id == crow.id)
            .where(col(Member.active).is_(True))
            .where(col(Member.department).is_not(None))
            .group_by(Member.department)
            .having(champion == 0)
            .order_by(Member.department)
        )
    )


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
        lines = community_checklist(s, crow, local_day(crow, now))
        return next(line for line in lines if line.item == item)
