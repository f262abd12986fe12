"""Everything the insights report shows, for a community and a period, beside the period
before it: the measures, the warning signs, the per-session turnout, the value stories."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from facilitator.insight_data import PeriodFigures
from facilitator.insight_period import Period, quarter_of
from facilitator.insight_report_data import InsightReport
from facilitator.services import insight_impact, insight_outcomes, insight_pulse, insights, schedule
from facilitator.services.checklist import community_checklists, local_day
from facilitator.services.communities import community_row
from facilitator.services.insight_scope import Scope, scopes
from facilitator.services.thresholds import community_thresholds, every_community_thresholds
from facilitator.vocabulary import TalkStatus
from facilitator.warning_signs import Measures, Warning, warnings
from store.database import Database
from store.models import Community, LightningTalk


def insight_report(
    db: Database, community: str | None, period: Period, now: datetime, publishing: bool = False
) -> InsightReport:
    """`publishing`: the report is about to be published, so its checklist counts it shared."""
    with db.reading(), db.session() as s:
        return _reports(s, [community_row(s, community)], period, now, publishing)[0]


def every_insight_report(
    db: Database, period: Period, now: datetime, publishing: bool = False
) -> list[InsightReport]:
    """One report per community, by name, read in one snapshot (the company-wide view).
    The communities of a timezone are counted together, each figure one statement."""
    with db.reading(), db.session() as s:
        communities = s.exec(select(Community).order_by(Community.name)).all()
        if not communities:
            community_row(s, None)  # says how to create one
        return _reports(s, communities, period, now, publishing)


def _reports(
    s: Session, communities: Sequence[Community], period: Period, now: datetime, publishing: bool
) -> list[InsightReport]:
    """The reports of `communities`, in their order."""
    reports: dict[str | None, InsightReport] = {}
    for scope in scopes(communities, period):
        thresholds = every_community_thresholds(s, scope.communities)
        current = _figures(s, scope, now)
        before = _figures(s, scope.before(), now)
        inactive = insights.inactive_members(
            s, scope, {id_: t.inactive_sessions for id_, t in thresholds.items() if id_}
        )
        series = insight_outcomes.session_series(s, scope)
        most_tried = insight_outcomes.most_tried(s, scope)
        checklists = community_checklists(s, scope.communities, now, period if publishing else None)
        impact = insight_impact.impact(
            s, scope, min(period.last, local_day(scope.communities[0], now))
        )
        for crow in scope.communities:
            assert crow.id is not None
            measures = _measures(s, crow, current[crow.id], inactive[crow.id], now)
            reports[crow.id] = InsightReport(
                community=crow.name,
                period=current[crow.id],
                before=before[crow.id],
                first_day=period.first,
                last_day=period.last,
                generated_on=now.date(),
                sessions=series[crow.id],
                inactive=inactive[crow.id],
                inactive_after=thresholds[crow.id].inactive_sessions,
                warnings=warnings(measures, now, thresholds[crow.id]),
                most_tried=most_tried[crow.id],
                checklist=checklists[crow.id],
                impact=impact[crow.id],
            )
    return [reports[crow.id] for crow in communities]


def active_warnings(db: Database, community: str | None, now: datetime) -> list[Warning]:
    """The warning signs of the current quarter alone (what the home screen counts), without
    the period before, the charts or the checklist the whole report reads."""
    with db.reading(), db.session() as s:
        crow = community_row(s, community)
        assert crow.id is not None
        scope = Scope((crow,), quarter_of(local_day(crow, now)))
        thresholds = community_thresholds(s, crow)
        current = _figures(s, scope, now)[crow.id]
        inactive = insights.inactive_members(s, scope, {crow.id: thresholds.inactive_sessions})
        return warnings(_measures(s, crow, current, inactive[crow.id], now), now, thresholds)


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
        pulses=tuple(insight_pulse.latest_averages(s, crow.id, now)),
    )


def _figures(s: Session, scope: Scope, now: datetime) -> dict[str, PeriodFigures]:
    regularity = insights.regularity(s, scope, now)
    turnout = insights.attendance(s, scope)
    newcomers = insights.newcomers(s, scope)
    voices = insights.voices(s, scope)
    reach = insights.reach(s, scope)
    learning = insight_outcomes.learning(s, scope)
    applying = insight_outcomes.applying(s, scope)
    pulse = insight_pulse.period_pulse(s, scope)
    return {
        id_: PeriodFigures(
            label=scope.period.label,
            regularity=regularity[id_],
            turnout=turnout[id_],
            newcomers=newcomers[id_],
            voices=voices[id_],
            reach=reach[id_],
            learning=learning[id_],
            applying=applying[id_],
            pulse=pulse[id_],
        )
        for id_ in scope.ids
    }
