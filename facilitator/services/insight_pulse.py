"""The pulse over a period, and the latest sessions' pulse that the warning signs read.

Counted by the database for a `Scope` (facilitator.services.insight_scope), one statement
per figure for all its communities, like the other insights.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from facilitator.insight_data import PeriodPulse
from facilitator.pulse_tally import as_counts, average_of
from facilitator.services.insight_scope import Scope, in_period
from facilitator.vocabulary import HELD, AttendanceStatus
from store.models import Attendance, SessionPulse, StudySession
from store.models.session_pulse_table import SCORE_COLUMNS

LATEST_PULSES = 4
"""The warning signs read this many latest pulses: enough to see three falls in a row."""


def period_pulse(s: Session, scope: Scope) -> dict[str, PeriodPulse]:
    """Per community, the votes of the period's sessions that took a pulse, summed, with
    how many were present at those sessions."""
    votes = {
        community_id: (sessions, as_counts(counts))
        for community_id, sessions, *counts in s.exec(
            select(
                StudySession.community_id,
                func.count(SessionPulse.id),
                *(func.sum(column) for column in SCORE_COLUMNS),
            )
            .join(SessionPulse, col(SessionPulse.session_id) == StudySession.id)
            .where(in_period(scope))
            .group_by(StudySession.community_id)
        ).all()
    }
    present = dict(
        s.exec(
            select(StudySession.community_id, func.count(Attendance.id))
            .join(SessionPulse, col(SessionPulse.session_id) == StudySession.id)
            .join(Attendance, col(Attendance.session_id) == StudySession.id)
            .where(in_period(scope))
            .where(Attendance.status == AttendanceStatus.PRESENT)
            .group_by(StudySession.community_id)
        ).all()
    )
    return {
        community_id: PeriodPulse(
            sessions=votes[community_id][0],
            counts=votes[community_id][1],
            present=present.get(community_id, 0),
        )
        if community_id in votes
        else PeriodPulse()
        for community_id in scope.ids
    }


def latest_averages(s: Session, community_id: str, until: datetime) -> list[float]:
    """The averages of the community's latest pulses up to `until`, oldest first (sessions
    whose pulse has no vote are skipped): a LIMIT on the sessions' time index."""
    rows = s.exec(
        select(*SCORE_COLUMNS)
        .join(StudySession, col(StudySession.id) == SessionPulse.session_id)
        .where(StudySession.community_id == community_id)
        .where(col(StudySession.status).in_(HELD))
        .where(StudySession.scheduled_at < until)
        .where(sum(SCORE_COLUMNS) > 0)
        .order_by(col(StudySession.scheduled_at).desc())
        .limit(LATEST_PULSES)
    ).all()
    averages = [average_of(as_counts(row)) for row in reversed(rows)]
    return [a for a in averages if a is not None]
