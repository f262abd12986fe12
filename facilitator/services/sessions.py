"""Sessions: plan from the cadence, list, show and cancel (home reads its overview in
facilitator.services.home_overview)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func
from sqlmodel import Session, col, select

from facilitator import domain
from facilitator.cadence import parse_time
from facilitator.dates import day_bounds, parse_when
from facilitator.errors import Conflict, InvalidInput, NotFound
from facilitator.services import schedule
from facilitator.services.communities import community_row
from facilitator.services.home_overview import live_session
from facilitator.services.session_summaries import MAX_LISTED_IDS, member_names, summaries
from facilitator.text import clean_optional
from facilitator.vocabulary import HELD, AttendanceStatus, Outcome, SessionStatus
from store.database import Database
from store.locks import lock_parent
from store.models import Community, StudySession

if TYPE_CHECKING:
    from store.models import Commitment

SHORT_ID = 8
MIN_PREFIX = 4


def short_id(full: str) -> str:
    return full[:SHORT_ID]


def _local(row: Community) -> ZoneInfo:
    return ZoneInfo(row.timezone)


def _sessions(s: Session, community_id: str) -> list[StudySession]:
    query = select(StudySession).where(StudySession.community_id == community_id)
    return list(
        s.exec(query.order_by(col(StudySession.scheduled_at).desc(), col(StudySession.id))).all()
    )


def next_meeting(db: Database, community: str | None, now: datetime) -> datetime:
    """The date `plan` proposes: the first free cadence date after the latest held session
    (local time)."""
    with db.session() as s:
        crow = community_row(s, community)
        return schedule.rule_of(crow).moment(schedule.plan_next(s, crow, now))


def plan_session(
    db: Database,
    community: str | None,
    now: datetime,
    when: str | None = None,
    topic: str | None = None,
) -> domain.SessionSummary:
    with db.session() as s:
        crow = community_row(s, community)
        lock_parent(s, Community, crow.id)  # one session a day, even with two planners
        if when:
            moment = parse_when(when, _local(crow), now, parse_time(crow.meeting_time))
            if moment < now:
                raise InvalidInput(f"{moment:%Y-%m-%d %H:%M} is in the past")
        else:
            moment = schedule.rule_of(crow).moment(schedule.plan_next(s, crow, now))
        day = moment.date()
        other = schedule.session_on_day(s, crow, day)
        if other is not None:
            raise Conflict(
                f"there is already a {other.status} session on {day} ({short_id(other.id)})"
            )
        row = schedule.new_session(s, crow, moment, topic=clean_optional(topic, "topic"))
        return summaries(s, crow, [row])[0]


def period_typed(text: str) -> tuple[str | None, str | None, str | None]:
    """A period as typed in the app's plan form: "2027Q1", or two days ("2027-01-01
    2027-03-31", "… to …"); as (quarter, from, to) for `plan_period`."""
    words = [w for w in text.replace("–", " ").split() if w.casefold() not in ("to", "-")]
    if len(words) == 2:
        return None, words[0], words[1]
    return text, None, None


def plan_period(
    db: Database,
    community: str | None,
    now: datetime,
    quarter: str | None = None,
    first: str | None = None,
    last: str | None = None,
) -> domain.PlannedPeriod:
    """Plan every cadence date of a period that has no session yet; again, it adds none."""
    from facilitator.insight_period import period_from_options  # `plan --quarter` only

    period = period_from_options(quarter, first, last)
    with db.session() as s:
        crow = community_row(s, community)
        lock_parent(s, Community, crow.id)  # two planners plan each date once
        done = schedule.plan_period(s, crow, period.first, period.last, now)
        s.flush()
        tz = _local(crow)
        return domain.PlannedPeriod(
            period.label,
            [row.scheduled_at.astimezone(tz) for row in done.planned],
            done.already,
            done.cancelled,
            done.past,
        )


def recent_sessions(
    db: Database,
    community: str | None,
    limit: int,
    offset: int = 0,
    status: SessionStatus | None = None,
) -> tuple[list[domain.SessionSummary], int]:
    """The latest `limit` sessions after skipping `offset`, newest first (only those with
    `status` when given), and how many there are in all: a list a person reads needs the
    recent ones, and pages back through the rest, however long the history."""
    with db.session() as s:
        crow = community_row(s, community)
        mine = col(StudySession.community_id) == crow.id
        if status is not None:
            mine = and_(mine, col(StudySession.status) == status)
        total = s.exec(select(func.count()).select_from(StudySession).where(mine)).one()
        rows = s.exec(
            select(StudySession)
            .where(mine)
            .order_by(col(StudySession.scheduled_at).desc())
            .offset(offset)
            .limit(limit)
        ).all()
        return summaries(s, crow, list(rows)), total


def list_sessions(db: Database, community: str | None) -> list[domain.SessionSummary]:
    with db.session() as s:
        crow = community_row(s, community)
        return summaries(s, crow, _sessions(s, crow.id))


def session_row(s: Session, community: Community, ref: str | None) -> StudySession:
    """A session by id prefix, by date, or `latest` (the latest held, else the latest).

    Each is one indexed lookup (an id range, a local day's range, ORDER BY … LIMIT), so
    naming a session costs the same with a month of history as with ten years."""
    mine = select(StudySession).where(StudySession.community_id == community.id)
    newest = mine.order_by(col(StudySession.scheduled_at).desc())
    ref = (ref or "latest").strip()
    if ref == "latest":
        row = s.exec(newest.where(col(StudySession.status).in_(HELD)).limit(1)).first()
        row = row or s.exec(newest.limit(1)).first()
        if row is None:
            raise NotFound("there are no sessions yet; plan one with `cop session plan`")
        return row
    matches: list[StudySession] = []
    if len(ref) >= MIN_PREFIX:
        prefix = ref.lower()
        matches = list(
            s.exec(
                newest.where(col(StudySession.id) >= prefix)
                .where(col(StudySession.id) < prefix + "\U0010ffff")
                .limit(MAX_LISTED_IDS)
            ).all()
        )
    if not matches:
        try:
            day = date.fromisoformat(ref)
        except ValueError:
            raise NotFound(
                f"no session {ref!r}; give an id (at least {MIN_PREFIX} characters), "
                "a date (YYYY-MM-DD) or 'latest'"
            ) from None
        start, end = day_bounds(day, _local(community))
        matches = list(
            s.exec(
                newest.where(StudySession.scheduled_at >= start).where(
                    StudySession.scheduled_at < end
                )
            ).all()
        )
        if not matches:
            raise NotFound(f"no session on {day}")
    if len(matches) > 1:
        tz = _local(community)
        listed = ", ".join(
            f"{short_id(r.id)} ({r.scheduled_at.astimezone(tz):%Y-%m-%d}, {r.status})"
            for r in matches
        )
        raise InvalidInput(f"{ref!r} matches several sessions: {listed}")
    return matches[0]


def show_session(db: Database, community: str | None, ref: str | None) -> domain.SessionDetail:
    from store.models import Attendance, Commitment, LightningTalk, Takeaway

    with db.session() as s:
        crow = community_row(s, community)
        row = session_row(s, crow, ref)
        attendance = s.exec(select(Attendance).where(Attendance.session_id == row.id)).all()
        talks = s.exec(
            select(LightningTalk)
            .where(LightningTalk.session_id == row.id)
            .order_by(LightningTalk.position, LightningTalk.created_at, LightningTalk.id)
        ).all()
        takeaways = s.exec(
            select(Takeaway)
            .where(Takeaway.session_id == row.id)
            .order_by(Takeaway.created_at, Takeaway.id)
        ).all()
        commitments = s.exec(
            select(Commitment)
            .where(Commitment.session_id == row.id)
            .order_by(Commitment.created_at, Commitment.id)
        ).all()
        names = member_names(
            s,
            [a.member_id for a in attendance]
            + [t.presenter_id for t in talks]
            + [t.author_id for t in takeaways]
            + [c.member_id for c in commitments],
        )
        present = sorted(
            names[a.member_id] for a in attendance if a.status == AttendanceStatus.PRESENT
        )
        excused = sorted(
            names[a.member_id] for a in attendance if a.status == AttendanceStatus.EXCUSED
        )
        return domain.SessionDetail(
            summary=summaries(s, crow, [row])[0],
            present=present,
            excused=excused,
            talks=[(names[t.presenter_id], t.title, t.status) for t in talks],
            takeaways=[(t.kind, t.text, names.get(t.author_id or "")) for t in takeaways],
            commitments=[
                (names[c.member_id], c.text, c.due_on, outcome_of(c)) for c in commitments
            ],
        )


def outcome_of(commitment: Commitment) -> Outcome | None:
    """A commitment's current outcome (its latest review's), None while open."""
    return Outcome(commitment.outcome) if commitment.outcome else None


def cancel_session(
    db: Database,
    community: str | None,
    ref: str | None,
    now: datetime,
    reason: str | None = None,
) -> domain.SessionSummary:
    """Cancel a planned or live session; by default the next planned one (never a missed
    one: that has to be named)."""
    with db.session() as s:
        crow = community_row(s, community)
        if ref is None:
            row = schedule.next_session(s, crow, now).row
            if row is None:
                raise NotFound("there is no planned session to cancel; plan one first")
        else:
            row = session_row(s, crow, ref)
        if row.status in (SessionStatus.ENDED, SessionStatus.CANCELLED):
            raise InvalidInput(f"session {short_id(row.id)} is already {row.status}")
        was_planned = row.status == SessionStatus.PLANNED
        row.status = SessionStatus.CANCELLED
        row.cancel_reason = clean_optional(reason, "reason")
        s.add(row)
        s.flush()
        if was_planned:
            schedule.move_due_dates(s, crow, row)
        return summaries(s, crow, [row])[0]


def live_row(s: Session, community_id: str | None) -> StudySession | None:
    """The live session `home_overview.live_session` finds, as the mapped row to change."""
    found = live_session(s, community_id)
    return s.get(StudySession, found.id) if found is not None else None
