"""The call for talks (`cop announce`): what the community needs to know about a coming
session, read as plain values for exporters.announcement."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import col, select

from facilitator.announcement_data import Announcement
from facilitator.services.communities import community_row
from facilitator.services.invitations import agenda_parts, coming_session, community_zone
from facilitator.services.sessions import member_names
from facilitator.vocabulary import TalkStatus
from store.database import Database
from store.models import Commitment, LightningTalk, Member, StudySession


def announcement(
    db: Database, community: str | None, ref: str | None, now: datetime
) -> Announcement:
    with db.session() as s:
        crow = community_row(s, community)
        tz = community_zone(crow)
        row, day = coming_session(s, crow, tz, ref, now)
        talks = s.exec(
            select(LightningTalk.presenter_id, LightningTalk.title, LightningTalk.minutes)
            .where(LightningTalk.session_id == row.id)
            .where(col(LightningTalk.status) == TalkStatus.QUEUED)
            .order_by(LightningTalk.position, LightningTalk.created_at)
        ).all()
        names = member_names(s, [talk[0] for talk in talks] + [row.facilitator_id])
        due = s.exec(
            select(Member.name, Commitment.text)
            .join(Member, Member.id == Commitment.member_id)
            .join(StudySession, StudySession.id == Commitment.session_id)
            .where(StudySession.community_id == crow.id)
            .where(col(Commitment.outcome).is_(None))
            .where(Commitment.due_on <= day)
            .order_by(Member.name, Commitment.due_on, Commitment.created_at)
        ).all()
        agenda = agenda_parts(crow)
        from facilitator.services.topics import open_on_board

        topics = open_on_board(s, crow.id, row.id)
        return Announcement(
            community=crow.name,
            session_id=row.id,
            start=row.scheduled_at.astimezone(tz),
            timezone=crow.timezone,
            minutes=sum(m for _, m in agenda),
            topic=row.topic,
            host=names.get(row.facilitator_id or ""),
            agenda=agenda,
            talks=[(names.get(p, "?"), title, minutes) for p, title, minutes in talks],
            due=[(name, text) for name, text in due],
            topics=[(t.text, t.proposed_by, t.votes) for t in topics],
        )
