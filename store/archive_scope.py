"""Which rows of each table belong to one community, as SQL conditions (subqueries, never
lists of ids), for `cop archive export --community NAME`."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Table, or_, select

from store.models import (
    CalendarSeries,
    ChatPost,
    ChecklistTick,
    Commitment,
    CommitmentReview,
    Community,
    DialogueTopic,
    LibraryEntry,
    LightningTalk,
    Member,
    MemberUnavailability,
    PublishRecord,
    RotationRecord,
    StudySession,
    Survey,
    SurveyQuestion,
    Takeaway,
    WarningThreshold,
)


def scoped(table: Table, community_id: str) -> ColumnElement[bool]:
    """The condition that keeps `table`'s rows of the community `community_id`."""
    sessions = select(StudySession.id).where(StudySession.community_id == community_id)
    if table.name == Community.__tablename__:
        return table.c.id == community_id
    if table.name in (
        Member.__tablename__,
        WarningThreshold.__tablename__,
        ChecklistTick.__tablename__,
        CalendarSeries.__tablename__,
        StudySession.__tablename__,
        LightningTalk.__tablename__,
        RotationRecord.__tablename__,
        Survey.__tablename__,
        ChatPost.__tablename__,
        DialogueTopic.__tablename__,
    ):
        return table.c.community_id == community_id
    surveys = select(Survey.id).where(Survey.community_id == community_id)
    if "survey_id" in table.c:  # a survey's questions and imports
        return table.c.survey_id.in_(surveys.scalar_subquery())
    if "question_id" in table.c:  # a survey's counts
        questions = select(SurveyQuestion.id).where(
            SurveyQuestion.survey_id.in_(surveys.scalar_subquery())
        )
        return table.c.question_id.in_(questions.scalar_subquery())
    if table.name == MemberUnavailability.__tablename__:
        members = select(Member.id).where(Member.community_id == community_id)
        return table.c.member_id.in_(members.scalar_subquery())
    if table.name == LibraryEntry.__tablename__:
        takeaways = select(Takeaway.id).where(Takeaway.session_id.in_(sessions.scalar_subquery()))
        return table.c.takeaway_id.in_(takeaways.scalar_subquery())
    if table.name == PublishRecord.__tablename__:  # a summary's, or the library page's
        return or_(
            table.c.session_id.in_(sessions.scalar_subquery()),
            table.c.community_id == community_id,
        )
    if table.name == CommitmentReview.__tablename__:
        commitments = select(Commitment.id).where(
            Commitment.session_id.in_(sessions.scalar_subquery())
        )
        return table.c.commitment_id.in_(commitments.scalar_subquery())
    if "session_id" in table.c:
        return table.c.session_id.in_(sessions.scalar_subquery())
    raise ValueError(f"no community scope for {table.name}")
