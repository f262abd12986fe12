"""Everything the insights report shows, for a community and a period, beside the period
before it: the measures, the warning signs, the per-session turnout, the value stories."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from facilitator.insight_data import PeriodFigures
from facilitator.insight_period import Period, quarter_of
from facilitator.insight_report_data import InsightReport
from facilitator.services import insights, schedule
from facilitator.services.checklist import community_checklist, local_day
from facilitator.services.communities import community_row
from facilitator.services.thresholds import community_thresholds
from facilitator.vocabulary import TalkStatus
from facilitator.warning_signs import Measures, Warning, warnings
from store.database import Database
from store.models import Community, LightningTalk


def insight_report(
    db: Database, community: str | None, period: Period, now: datetime, publishing: bool = False
) -> InsightReport:
    """`publishing`: the report is about to be published, so its checklist counts it shared."""
    with db.reading(), db.session() as s:
        return _report(s, community_row(s, community), period, now, publishing)


def every_insight_report(
    db: Database, period: Period, now: datetime, publishing: bool = False
) -> list[InsightReport]:
    """One report per community, by name, read in one snapshot (the company-wide view)."""
    with db.reading(), db.session() as s:
        communities = s.exec(select(Community).order_by(Community.name)).all()
        if not communities:
            community_row(s, None)  # says how to create one
        return [_report(s, crow, period, now, publishing) for crow in communities]


def _report(
    s: Session, crow: Community, period: Period, now: datetime, publishing: bool
) -> InsightReport:
    thresholds = community_thresholds(s, crow)
    current = _figures(s, crow, period, now)
    inactive = insights.inactive_members(s, crow, period, thresholds.inactive_sessions)
    measures = _measures(s, crow, current, inactive, now)
    return InsightReport(
        community=crow.name,
        period=current,
        before=_figures(s, crow, period.before(), now),
        first_day=period.first,
        last_day=period.last,
        generated_on=now.date(),
        sessions=insights.session_series(s, crow, period),
        inactive=inactive,
        inactive_after=thresholds.inactive_sessions,
        warnings=warnings(measures, now, thresholds),
        most_tried=insights.most_tried(s, crow, period),
        checklist=community_checklist(
            s, crow, local_day(crow, now), period if publishing else None
        ),
    )


def active_warnings(db: Database, community: str | None, now: datetime) -> list[Warning]:
    """The warning signs of the current quarter alone (what the home screen counts), without
    the period before, the charts or the checklist the whole report reads."""
    with db.reading(), db.session() as s:
        crow = community_row(s, community)
        period = quarter_of(local_day(crow, now))
        thresholds = community_thresholds(s, crow)
        current = _figures(s, crow, period, now)
        inactive = insights.inactive_members(s, crow, period, thresholds.inactive_sessions)
        return warnings(_measures(s, crow, current, inactive, now), now, thresholds)


def _measures(
    s: Session, crow: Community, current: PeriodFigures, inactive: tuple[str, ...], now: datetime
) -> Measures:
    upcoming = schedule.next_session(s, crow, now).row
    queued = 0
    if upcoming is not None:
        queued = s.exec(
            select(func.count(LightningTalk.id))
            .where(LightningTalk.session_id == upcoming.id)
            .where(col(LightningTalk.status) == TalkStatus.QUEUED)
        ).one()
    return Measures(
        regularity=current.regularity,
        turnout=current.turnout,
        inactive=inactive,
        newcomers=current.newcomers,
        voices=current.voices,
        reach=current.reach,
        applying=current.applying,
        next_session=upcoming.scheduled_at if upcoming else None,
        queued_talks=queued,
    )


def _figures(s: Session, crow: Community, period: Period, now: datetime) -> PeriodFigures:
    return PeriodFigures(
        label=period.label,
        regularity=insights.regularity(s, crow, period, now),
        turnout=insights.attendance(s, crow, period),
        newcomers=insights.newcomers(s, crow, period),
        voices=insights.voices(s, crow, period),
        reach=insights.reach(s, crow, period),
        learning=insights.learning(s, crow, period),
        applying=insights.applying(s, crow, period),
    )
