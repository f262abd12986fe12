"""Map store rows to the plain dataclasses of facilitator.domain."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from facilitator import domain
from facilitator.vocabulary import CommunityKind, Role, SessionStatus
from store import models


def community(row: models.Community) -> domain.Community:
    return domain.Community(
        id=row.id,
        name=row.name,
        kind=CommunityKind(row.kind),
        cadence=row.cadence,
        meeting_time=row.meeting_time,
        timezone=row.timezone,
        minutes={
            "input": row.input_minutes,
            "practice": row.practice_minutes,
            "dialogue": row.dialogue_minutes,
            "handoff": row.handoff_minutes,
        },
        talk_minutes=row.talk_minutes,
        topic_minutes=row.topic_minutes,
        dots_per_person=row.dots_per_person,
    )


def member(
    row: models.Member, sessions_attended: int = 0, last_hosted: datetime | None = None
) -> domain.Member:
    return domain.Member(
        id=row.id,
        name=row.name,
        email=row.email,
        department=row.department,
        roles=tuple(Role(r) for r in row.roles.split(",") if r),
        active=row.active,
        willing_to_facilitate=row.willing_to_facilitate,
        joined_on=row.joined_on,
        sessions_attended=sessions_attended,
        last_hosted=last_hosted,
    )


def session(
    row: models.StudySession,
    community_row: models.Community,
    names: dict[str, str],
    counts: dict[str, int] | None = None,
) -> domain.SessionSummary:
    counts = counts or {}
    tz = ZoneInfo(community_row.timezone)
    return domain.SessionSummary(
        id=row.id,
        community=community_row.name,
        scheduled_at=row.scheduled_at.astimezone(tz),
        status=SessionStatus(row.status),
        topic=row.topic,
        facilitator=names.get(row.facilitator_id or ""),
        co_facilitator=names.get(row.co_facilitator_id or ""),
        next_topic=row.next_topic,
        attendees=counts.get("attendees", 0),
        takeaways=counts.get("takeaways", 0),
        commitments=counts.get("commitments", 0),
        talks=counts.get("talks", 0),
    )
