"""What a community learned and applied over a period: takeaways and curated entries,
commitments and their follow-through, the stories of what worked, each session's points
for the charts, and the takeaways most tried (facilitator.insight_data).

Counted by the database for a `Scope` (facilitator.services.insight_scope), one statement
per figure for all its communities; what is read row by row is bounded by the period.
"""

from __future__ import annotations

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from facilitator.insight_data import Applying, Learning, SessionPoint
from facilitator.pulse_tally import as_counts
from facilitator.services.insight_scope import Scope, by_community, in_period, people_present
from facilitator.vocabulary import (
    RESOLVED,
    TRIED,
    AttendanceStatus,
    Outcome,
    SessionStatus,
    TalkStatus,
)
from store.models import (
    Attendance,
    Commitment,
    CommitmentReview,
    LibraryEntry,
    LightningTalk,
    SessionPulse,
    StudySession,
    Takeaway,
)
from store.models.session_pulse_table import SCORE_COLUMNS


def learning(s: Session, scope: Scope) -> dict[str, Learning]:
    start, end = scope.bounds
    kinds = by_community(
        s.exec(
            select(StudySession.community_id, Takeaway.kind, func.count())
            .join(StudySession, StudySession.id == Takeaway.session_id)
            .where(in_period(scope))
            .group_by(StudySession.community_id, Takeaway.kind)
            .order_by(StudySession.community_id, func.count().desc(), Takeaway.kind)
        ).all()
    )
    # Driven by the period's entries (their time's index), each taken to its community by a
    # look-up: joined, SQLite walked every session of the community instead.
    of_takeaway = (
        select(StudySession.community_id)
        .join(Takeaway, Takeaway.session_id == StudySession.id)
        .where(Takeaway.id == LibraryEntry.takeaway_id)
        .scalar_subquery()
    )
    entries = (
        select(of_takeaway.label("community_id"), LibraryEntry.id)
        .where(LibraryEntry.created_at >= start)
        .where(LibraryEntry.created_at < end)
        .subquery("entries")
    )
    curated = dict(
        s.exec(
            select(entries.c.community_id, func.count(entries.c.id))
            .where(entries.c.community_id.in_(scope.ids))
            .group_by(entries.c.community_id)
        ).all()
    )
    return {
        community_id: Learning(dict(kinds.get(community_id, [])), curated.get(community_id, 0))
        for community_id in scope.ids
    }


VALUE_STORIES = 10
"""The report quotes at most this many notes of commitments that were done."""


def applying(s: Session, scope: Scope) -> dict[str, Applying]:
    start, end = scope.bounds
    outcome = col(Commitment.outcome)
    fresh = col(Commitment.carried_from_id).is_(None)
    made = {
        community_id: figures
        for community_id, *figures in s.exec(
            select(
                StudySession.community_id,
                func.coalesce(func.sum(case((fresh, 1), else_=0)), 0),
                func.coalesce(func.sum(case((outcome.in_(sorted(TRIED)), 1), else_=0)), 0),
                func.coalesce(func.sum(case((outcome.in_(sorted(RESOLVED)), 1), else_=0)), 0),
                func.coalesce(func.sum(case((fresh, 0), else_=1)), 0),
                func.count(func.distinct(case((fresh, Commitment.member_id)))),
            )
            .join(StudySession, StudySession.id == Commitment.session_id)
            .where(in_period(scope))
            .group_by(StudySession.community_id)
        ).all()
    }
    present = {id_: people for id_, (people, _) in people_present(s, scope).items()}
    without = dict(
        s.exec(
            select(StudySession.community_id, func.count(StudySession.id))
            .where(in_period(scope))
            .where(StudySession.status == SessionStatus.ENDED)
            .where(~select(Commitment.id).where(Commitment.session_id == StudySession.id).exists())
            .group_by(StudySession.community_id)
        ).all()
    )
    # Driven by the period's reviews (their time's index), each taken to its community by a
    # look-up (joined, SQLite walked every session of the community instead): the same
    # words twice are one story, the newest first.
    of_commitment = (
        select(StudySession.community_id)
        .join(Commitment, Commitment.session_id == StudySession.id)
        .where(Commitment.id == CommitmentReview.commitment_id)
        .scalar_subquery()
    )
    done = (
        select(
            of_commitment.label("community_id"),
            CommitmentReview.note,
            CommitmentReview.reviewed_at,
        )
        .where(CommitmentReview.outcome == Outcome.DONE)
        .where(col(CommitmentReview.note).is_not(None))
        .where(CommitmentReview.reviewed_at >= start)
        .where(CommitmentReview.reviewed_at < end)
        .subquery("done")
    )
    stories = by_community(
        s.exec(
            select(done.c.community_id, done.c.note)
            .where(done.c.community_id.in_(scope.ids))
            .group_by(done.c.community_id, done.c.note)
            .order_by(done.c.community_id, func.max(done.c.reviewed_at).desc(), done.c.note)
        ).all()
    )
    found = {}
    for community_id in scope.ids:
        fresh_made, tried, resolved, carried, people = made.get(community_id, (0, 0, 0, 0, 0))
        came = present.get(community_id, 0)
        found[community_id] = Applying(
            made=fresh_made,
            committed_share=people / came if came else None,
            tried=tried,
            resolved=resolved,
            carried=carried,
            without_commitments=without.get(community_id, 0),
            stories=tuple(stories.get(community_id, [])[:VALUE_STORIES]),
        )
    return found


def session_series(s: Session, scope: Scope) -> dict[str, list[SessionPoint]]:
    """Each held session of the period, oldest first, with what the charts plot: people
    present, distinct presenters of the talks given, and its commitments' follow-through
    (carried ones count where they were resolved, as in `applying`)."""
    outcome = col(Commitment.outcome)

    def per_session(column, model, *conditions):
        return (
            select(column).where(model.session_id == StudySession.id, *conditions)
        ).scalar_subquery()

    rows = s.exec(
        select(
            StudySession.community_id,
            StudySession.scheduled_at,
            per_session(
                func.count(Attendance.id),
                Attendance,
                Attendance.status == AttendanceStatus.PRESENT,
            ),
            per_session(
                func.count(func.distinct(LightningTalk.presenter_id)),
                LightningTalk,
                LightningTalk.status == TalkStatus.GIVEN,
            ),
            per_session(func.count(Commitment.id), Commitment, outcome.in_(sorted(TRIED))),
            per_session(func.count(Commitment.id), Commitment, outcome.in_(sorted(RESOLVED))),
            SessionPulse.id,
            *SCORE_COLUMNS,
        )
        .outerjoin(SessionPulse, col(SessionPulse.session_id) == StudySession.id)
        .where(in_period(scope))
        .order_by(StudySession.community_id, StudySession.scheduled_at)
    ).all()
    found: dict[str, list[SessionPoint]] = {community_id: [] for community_id in scope.ids}
    for community_id, at, people, presenters, tried, resolved, pulsed, *votes in rows:
        found[community_id].append(
            SessionPoint(
                at.astimezone(scope.tz).date(),
                people,
                presenters,
                tried,
                resolved,
                pulse=None if pulsed is None or not sum(votes) else as_counts(votes),
            )
        )
    return found


MOST_TRIED = 5


def most_tried(s: Session, scope: Scope) -> dict[str, list[tuple[str, int, int]]]:
    """The takeaways that inspired the most commitments made in the period: (text, people
    who tried, people for whom it worked), most tried first."""
    start, end = scope.bounds
    outcome = col(Commitment.outcome)
    tried = func.count(func.distinct(Commitment.member_id))
    worked = func.count(func.distinct(case((outcome.in_(sorted(TRIED)), Commitment.member_id))))
    rows = by_community(
        s.exec(
            select(StudySession.community_id, Takeaway.text, tried, worked)
            .join(Commitment, Commitment.inspired_by_takeaway_id == Takeaway.id)
            .join(StudySession, StudySession.id == Commitment.session_id)
            .where(col(StudySession.community_id).in_(scope.ids))
            .where(StudySession.scheduled_at >= start)
            .where(StudySession.scheduled_at < end)
            .group_by(StudySession.community_id, Takeaway.id, Takeaway.text, Takeaway.created_at)
            .order_by(
                StudySession.community_id,
                tried.desc(),
                worked.desc(),
                col(Takeaway.created_at).desc(),
            )
        ).all()
    )
    return {
        community_id: [tuple(row) for row in rows.get(community_id, [])[:MOST_TRIED]]
        for community_id in scope.ids
    }
