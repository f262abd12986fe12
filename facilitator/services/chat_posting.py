"""Posting to a chat channel: compose what is posted (the call for talks, an ended
session's summary, the follow-up nudges, a report's headlines) for the channel's
community, render it for the channel's platform, send it, and record what went out.

A post is recorded only once the service has taken every message of it, so the record is
what the channel really received. The same subject posted to the same channel again is
refused unless asked for (`again`): a channel should not get the same summary twice by a
slip of the finger."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from exporters import chat_content, slack_payload, teams_payload
from exporters.chat_message import ChatMessage
from exporters.webhook_client import ChatError, WebhookClient
from facilitator.chat_config import ChatChannel
from facilitator.errors import Conflict
from facilitator.vocabulary import ChatPlatform, PostSubject
from store.database import Database
from store.models import ChatPost, PublishRecord


@dataclass(frozen=True)
class Composed:
    subject: PostSubject
    subject_key: str
    """The session's id (announce, summary), the period's key (report), or the day (nudges)."""
    what: str
    """How messages name it: "the summary of AI Guild — 2026-11-24"."""
    community_id: str
    session_id: str | None
    message: ChatMessage


@dataclass(frozen=True)
class Posted:
    messages: int
    status: int


class AlreadyPosted(Conflict):
    """This subject already went to this channel; `again` posts it once more."""

    def __init__(self, what: str, channel: str, when: datetime) -> None:
        self.said = f"{what} went to {channel} on {when:%Y-%m-%d %H:%M} UTC"
        super().__init__(f"{self.said}; post it again with --again")


def compose(
    db: Database, subject: PostSubject, target: str | None, channel: ChatChannel, now: datetime
) -> Composed:
    """What `subject` is for the channel's community; `target` names the session (id or
    date) or the period (e.g. 2026Q4), the next or latest or current one by default."""
    from facilitator.services.communities import community_row

    with db.session() as s:
        community_id = community_row(s, channel.community).id
    if subject == PostSubject.ANNOUNCE:
        from facilitator.services.announcement import announcement

        a = announcement(db, channel.community, target, now)
        what = f"the call for talks of {a.community} on {a.day:%Y-%m-%d}"
        return Composed(
            subject, a.session_id, what, community_id, a.session_id, chat_content.announcement(a)
        )
    if subject == PostSubject.SUMMARY:
        from facilitator.services.export import session_report

        report = session_report(db, channel.community, target)
        message = chat_content.summary(report, _page_url(db, session_id=report.session_id))
        what = f"the summary of {report.title}"
        return Composed(subject, report.session_id, what, community_id, report.session_id, message)
    if subject == PostSubject.NUDGES:
        from facilitator.services.communities import local_today
        from facilitator.services.followup import list_open, next_session_day

        today = local_today(db, channel.community, now)
        items = list_open(db, channel.community, today)
        if not items:
            raise Conflict(
                f"nobody in {channel.community} has an open commitment: nothing to nudge"
            )
        name, next_day = next_session_day(db, channel.community, today)
        message = chat_content.nudges(name, items, next_day)
        what = f"the nudges of {today:%Y-%m-%d}"
        return Composed(subject, today.isoformat(), what, community_id, None, message)
    from facilitator.insight_period import period_from_options, quarter_of
    from facilitator.services.communities import local_today
    from facilitator.services.insight_report import insight_report

    period = period_from_options(
        target, None, None, default=quarter_of(local_today(db, channel.community, now))
    )
    insights = insight_report(db, channel.community, period, now)
    url = _page_url(db, community_id=community_id, period=period.key)
    message = chat_content.report(insights, period.label, url)
    what = f"the {period.label} report of {insights.community}"
    return Composed(subject, period.key, what, community_id, None, message)


def _page_url(
    db: Database,
    session_id: str | None = None,
    community_id: str | None = None,
    period: str | None = None,
) -> str | None:
    """Where the session's summary (or the community's report for `period`) was last
    published in Confluence, if it was."""
    query = select(PublishRecord.location).where(col(PublishRecord.page_id).is_not(None))
    if session_id is not None:
        query = query.where(PublishRecord.session_id == session_id)
    else:
        query = query.where(PublishRecord.community_id == community_id).where(
            PublishRecord.report_period == period
        )
    with db.session() as s:
        return s.exec(query.order_by(col(PublishRecord.published_at).desc()).limit(1)).first()


DEADLINE_VARIABLE = "COP_CHAT_DEADLINE"
"""Seconds one request to a chat service may take in all (the client's default otherwise)."""


def client_for(channel: ChatChannel, url: str) -> WebhookClient:
    import os

    if os.environ.get(DEADLINE_VARIABLE):
        from facilitator.services.publish import deadline_from

        deadline = deadline_from(os.environ[DEADLINE_VARIABLE], DEADLINE_VARIABLE)
        return WebhookClient(url, channel.name, deadline=deadline)
    return WebhookClient(url, channel.name)


def payloads(platform: ChatPlatform, message: ChatMessage) -> list[dict]:
    if platform == ChatPlatform.SLACK:
        return slack_payload.payloads(message)
    return teams_payload.payloads(message)


def last_post(db: Database, composed: Composed, channel: ChatChannel) -> ChatPost | None:
    with db.session() as s:
        return s.exec(
            select(ChatPost)
            .where(ChatPost.subject_key == composed.subject_key)
            .where(ChatPost.subject == composed.subject)
            .where(ChatPost.channel == channel.name)
            .order_by(col(ChatPost.posted_at).desc())
            .limit(1)
        ).first()


def post(
    db: Database,
    composed: Composed,
    channel: ChatChannel,
    client: WebhookClient,
    again: bool = False,
) -> Posted:
    """Send every message of the post, then record it; refused when it went to this
    channel before, unless `again`."""
    previous = last_post(db, composed, channel)
    if previous is not None and not again:
        raise AlreadyPosted(composed.what, channel.name, previous.posted_at)
    bodies = payloads(channel.platform, composed.message)
    status = 0
    for sent, body in enumerate(bodies):
        try:
            status = client.post(body)
        except ChatError as error:
            if not sent:
                raise
            raise type(error)(
                f"{error} ({sent} of {len(bodies)} messages had been posted; nothing was recorded)"
            ) from None
    digest = hashlib.sha256(json.dumps(bodies, sort_keys=True).encode("utf-8")).hexdigest()
    with db.session() as s:
        s.add(
            ChatPost(
                community_id=composed.community_id,
                session_id=composed.session_id,
                subject=composed.subject,
                subject_key=composed.subject_key,
                channel=channel.name,
                platform=channel.platform,
                messages=len(bodies),
                status=status,
                content_hash=digest,
            )
        )
    return Posted(len(bodies), status)


def greeting(channel: ChatChannel) -> ChatMessage:
    """What `cop chat test` posts: a short line that says where it came from."""
    return ChatMessage(
        "cop is connected",
        f"Posts for {channel.community} will arrive in this channel ({channel.name}).",
    )
