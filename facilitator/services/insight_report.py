"""Everything the insights report shows, for a community and a period, beside the period
before it: the measures, the warning signs, the per-session turnout, the value stories."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from facilitator.insight_data import PeriodFigures
from facilitator.insight_period import Period
from facilitator.insight_report_data import InsightReport
from facilitator.services import insights
from facilitator.services.communities import community_row
from facilitator.vocabulary import SessionStatus, TalkStatus
from facilitator.warning_signs import Measures, warnings
from store.database import Database
from store.models import Community, LightningTalk, StudySession


def insight_report(
    db: Database, community: str | None, period: Period, now: datetime
) -> InsightReport:
    with db.reading(), db.session() as s:
        crow = community_row(s, community)
        current = _figures(s, crow, period, now)
        inactive = insights.inactive_members(s, crow, period)
        upcoming = s.exec(
            select(StudySession.id, StudySession.scheduled_at)
            .where(StudySession.community_id == crow.id)
            .where(StudySession.status == SessionStatus.PLANNED)
            .where(StudySession.scheduled_at >= now)
            .order_by(StudySession.scheduled_at)
            .limit(1)
        ).first()
        queued = 0
        if upcoming is not None:
            queued = s.exec(
                select(func.count(LightningTalk.id))
                .where(LightningTalk.session_id == upcoming[0])
                .where(col(LightningTalk.status) == TalkStatus.QUEUED)
            ).one()
        measures = Measures(
            regularity=current.regularity,
            turnout=current.turnout,
            inactive=inactive,
            newcomers=current.newcomers,
            voices=current.voices,
            reach=current.reach,
            applying=current.applying,
            next_session=upcoming[1] if upcoming else None,
            queued_talks=queued,
        )
        return InsightReport(
            community=crow.name,
            period=current,
            before=_figures(s, crow, period.before(), now),
            first_day=period.first,
            last_day=period.last,
            generated_on=now.date(),
            turnout_by_session=insights.turnout_by_session(s, crow, period),
            inactive=inactive,
            warnings=warnings(measures, now),
            most_tried=insights.most_tried(s, crow, period),
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
