"""Impact side by side per half-year: use cases applied, prompts and documents shared, and
the survey's answer on AI use, for the half a period ends in and the half before it.

Counted by the database for a `Scope`'s communities together, one statement per measure.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from facilitator.impact_survey import GREW
from facilitator.insight_data import ImpactHalf
from facilitator.insight_period import Period, half_key, half_of
from facilitator.services.insight_outcomes import learning
from facilitator.services.insight_scope import Scope, in_period
from facilitator.vocabulary import TRIED
from store.models import (
    Commitment,
    PublishRecord,
    StudySession,
    Survey,
    SurveyCount,
    SurveyQuestion,
)


def halves(day: date) -> list[Period]:
    """The half-year before the one `day` is in, then that one."""
    current = half_of(day)
    return [half_of(current.first - timedelta(days=1)), current]


def impact(s: Session, scope: Scope, day: date) -> dict[str, list[ImpactHalf]]:
    found: dict[str, list[ImpactHalf]] = {id_: [] for id_ in scope.ids}
    for half in halves(day):
        within = Scope(scope.communities, half)
        start, end = within.bounds
        applied = dict(
            s.exec(
                select(StudySession.community_id, func.count(Commitment.id))
                .join(Commitment, col(Commitment.session_id) == StudySession.id)
                .where(in_period(within))
                .where(col(Commitment.outcome).in_(sorted(TRIED)))
                .group_by(StudySession.community_id)
            ).all()
        )
        curated = learning(s, within)
        of_session = (
            select(StudySession.community_id)
            .where(StudySession.id == PublishRecord.session_id)
            .scalar_subquery()
        )
        owner = func.coalesce(PublishRecord.community_id, of_session)
        pages = dict(
            s.exec(
                select(owner, func.count(func.distinct(PublishRecord.location)))
                .where(PublishRecord.published_at >= start)
                .where(PublishRecord.published_at < end)
                .where(owner.in_(scope.ids))
                .where(col(PublishRecord.report_period).is_(None))  # not the report itself
                .group_by(owner)
            ).all()
        )
        answers: dict[str, dict[str, int]] = {}
        for community_id, answer, n in s.exec(
            select(Survey.community_id, SurveyCount.answer, SurveyCount.count)
            .join(SurveyQuestion, col(SurveyQuestion.survey_id) == Survey.id)
            .join(SurveyCount, col(SurveyCount.question_id) == SurveyQuestion.id)
            .where(col(Survey.community_id).in_(scope.ids))
            .where(Survey.period_key == half_key(half))
            .where(SurveyQuestion.position == 1)
        ).all():
            answers.setdefault(community_id, {})[answer] = n
        for id_ in scope.ids:
            counts = answers.get(id_, {})
            total = sum(counts.values())
            grew = sum(n for a, n in counts.items() if a in GREW) / total if total else None
            found[id_].append(
                ImpactHalf(
                    label=half.label,
                    applied=applied.get(id_, 0),
                    entries=curated[id_].curated,
                    pages=pages.get(id_, 0),
                    surveyed=total,
                    grew=grew,
                )
            )
    return found
