"""Calendar invitations for a community's sessions (`cop invite`), numbered so that a file
written again after a change updates the events calendars already hold.

The sessions are read here, planned into one series by facilitator.calendar_plan and
written by exporters.calendar_invite. Each file's sequence number is stored per community
and period (or per session, for one session's own invitation): it rises when the content
changes and stays when it does not. No e-mail is sent: the file is the invitation.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func
from sqlmodel import Session, col, select

from exporters.calendar_invite import Invitation, render, render_cancellation
from facilitator.cadence import parse_cadence, parse_time
from facilitator.calendar_plan import Meeting, SeriesPlan, plan_series
from facilitator.errors import InvalidInput, NotFound
from facilitator.insight_period import Period, period_of_key, quarter_key, quarter_of
from facilitator.services import schedule
from facilitator.services.communities import community_row
from facilitator.services.session_summaries import member_names
from facilitator.services.sessions import session_row, short_id
from facilitator.vocabulary import HELD, SessionStatus, TalkStatus
from store.database import Database
from store.models import AgendaPart, CalendarSeries, Community, LightningTalk, Member, StudySession

INVITED_TALKS = (TalkStatus.QUEUED, TalkStatus.RUNNING, TalkStatus.GIVEN)
PART_NAMES = ("Input", "Practice sharing", "Dialogue", "Handoff")


@dataclass(frozen=True)
class Written:
    text: str
    sessions: int
    sequence: int
    without_email: int
    """Active members left out of --attendees for want of an e-mail address."""
    still_planned: bool = False
    """A cancellation written for a session cop still has as planned."""
    unplanned: tuple[date, ...] = ()
    """Cadence dates of the period still to come with no session: not in the file."""


def plan_command(period: Period) -> str:
    """The command that plans a period's cadence dates."""
    if period == quarter_of(period.first):
        return f"cop session plan --quarter {quarter_key(period.first)}"
    return f"cop session plan --from {period.first} --to {period.last}"


def series_invitation(
    db: Database,
    community: str | None,
    period: Period,
    now: datetime,
    organizer: str | None = None,
    attendees: bool = False,
) -> Written:
    organizer = check_organizer(organizer)
    with db.session() as s:
        crow = community_row(s, community)
        tz = community_zone(crow)
        meetings = _meetings(s, crow, tz, period)
        if not [m for m in meetings if not m.cancelled]:
            raise InvalidInput(
                f"{crow.name} has no session from {period.first} to {period.last} to invite to; "
                f"plan them with `{plan_command(period)}`"
            )
        unplanned = schedule.period_dates(s, crow, period.first, period.last, now).free
        plan, _ = _plan(crow, tz, meetings, period)
        people, missing = _attendees(s, crow) if attendees else ((), 0)
        invite = _invitation(crow, f"series-{crow.id}-{period.key}@cop", plan, now, organizer)
        invite = replace(invite, attendees=people)
        sequence = _numbered(s, crow, period.key, _digest(render(invite)))
        held = [m for m in meetings if not m.cancelled]
        return Written(
            render(replace(invite, sequence=sequence)),
            len(held),
            sequence,
            missing,
            unplanned=tuple(unplanned),
        )


def cancellation(
    db: Database, community: str | None, ref: str, now: datetime, organizer: str | None = None
) -> Written:
    """Cancel one session's place in the series it was invited with (its quarter's, or the
    period of the latest file written that covers it)."""
    organizer = check_organizer(organizer)
    with db.session() as s:
        crow = community_row(s, community)
        tz = community_zone(crow)
        row = session_row(s, crow, ref)
        day = row.scheduled_at.astimezone(tz).date()
        if row.status in HELD:
            raise InvalidInput(
                f"session {short_id(row.id)} was held on {day}; there is nothing to cancel"
            )
        period = _invited_period(s, crow, day)
        meetings = _meetings(s, crow, tz, period)
        plan, standing = _plan(crow, tz, meetings, period)
        meeting = next(m for m in meetings if m.session_id == row.id)
        invite = _invitation(crow, f"series-{crow.id}-{period.key}@cop", plan, now, organizer)
        series = _series_row(s, crow, period.key)
        sequence = (series.sequence + 1) if series else 1
        _store(s, crow, period.key, sequence, f"cancelled:{row.id}", series)
        text = render_cancellation(
            replace(invite, sequence=sequence), meeting, standing.get(row.id)
        )
        still = row.status == SessionStatus.PLANNED
        return Written(text, 1, sequence, 0, still_planned=still)


def session_invitation(
    db: Database, community: str | None, ref: str | None, now: datetime
) -> tuple[date, Written]:
    """One session's own invitation (default: the next planned), to forward to someone who
    does not take the series; numbered like a series."""
    with db.session() as s:
        crow = community_row(s, community)
        tz = community_zone(crow)
        row, day = coming_session(s, crow, tz, ref, now)
        meetings = _meetings(s, crow, tz, Period(day, day, str(day)), only=row.id)
        plan = SeriesPlan(None, 0, (), (), tuple(meetings))
        invite = _invitation(crow, "", plan, now, None)
        key = f"session/{row.id}"
        sequence = _numbered(s, crow, key, _digest(render(invite)))
        return day, Written(render(replace(invite, sequence=sequence)), 1, sequence, 0)


def check_organizer(organizer: str | None) -> str | None:
    if organizer is None:
        return None
    address = organizer.strip().removeprefix("mailto:")
    name, at, domain = address.partition("@")
    if not (name and at and "." in domain) or any(c.isspace() for c in address):
        raise InvalidInput(f"--organizer {organizer!r} is not an e-mail address")
    return address


def community_zone(crow: Community) -> ZoneInfo:
    try:
        return ZoneInfo(crow.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"{crow.name} has no usable time zone ({crow.timezone!r}); set one with "
            "`cop community edit --timezone Europe/Berlin`"
        ) from None


def coming_session(
    s: Session, crow: Community, tz: ZoneInfo, ref: str | None, now: datetime
) -> tuple[StudySession, date]:
    """The session named (default: the next planned) and its local day; one already held
    or cancelled has nothing coming to invite to or announce."""
    row = next_planned(s, crow, now) if ref is None else session_row(s, crow, ref)
    day = row.scheduled_at.astimezone(tz).date()
    if row.status in HELD:
        raise InvalidInput(f"session {short_id(row.id)} was already held on {day}")
    if row.status == SessionStatus.CANCELLED:
        raise InvalidInput(f"session {short_id(row.id)} on {day} is cancelled")
    return row, day


def next_planned(s: Session, crow: Community, now: datetime) -> StudySession:
    row = schedule.next_session(s, crow, now).row
    if row is None:
        raise NotFound(f"{crow.name} has no session planned; plan one with `cop session plan`")
    return row


def _plan(crow: Community, tz: ZoneInfo, meetings: list[Meeting], period: Period):
    cadence = parse_cadence(crow.cadence)
    return plan_series(meetings, cadence, parse_time(crow.meeting_time), tz, period)


def _invitation(
    crow: Community, uid: str, plan: SeriesPlan, now: datetime, organizer: str | None
) -> Invitation:
    cadence = parse_cadence(crow.cadence)
    return Invitation(
        community=crow.name,
        timezone=crow.timezone,
        series_uid=uid,
        sequence=0,
        stamp=now.astimezone(UTC),
        plan=plan,
        weekday=cadence.weekday,
        weeks=cadence.weeks,
        nth=cadence.nth,
        agenda=agenda_line(crow),
        organizer=organizer,
    )


def agenda_line(crow: Community) -> str:
    return " · ".join(f"{name} {minutes} min" for name, minutes in agenda_parts(crow))


def agenda_parts(crow: Community) -> list[tuple[str, int]]:
    minutes = (crow.input_minutes, crow.practice_minutes, crow.dialogue_minutes)
    return list(zip(PART_NAMES, (*minutes, crow.handoff_minutes), strict=True))


def _meetings(
    s: Session, crow: Community, tz: ZoneInfo, period: Period, only: str | None = None
) -> list[Meeting]:
    start, end = period.bounds(tz)
    query = select(StudySession).where(StudySession.community_id == crow.id)
    if only is not None:
        query = query.where(StudySession.id == only)
    else:
        query = query.where(StudySession.scheduled_at >= start).where(
            StudySession.scheduled_at < end
        )
    rows = s.exec(query.order_by(StudySession.scheduled_at)).all()
    ids = select(StudySession.id).where(StudySession.community_id == crow.id)
    ids = (
        ids.where(StudySession.id == only)
        if only
        else ids.where(StudySession.scheduled_at >= start).where(StudySession.scheduled_at < end)
    )
    talks: dict[str, list[str]] = {}
    invited = s.exec(
        select(
            LightningTalk.session_id,
            LightningTalk.presenter_id,
            LightningTalk.title,
            LightningTalk.minutes,
        )
        .where(col(LightningTalk.session_id).in_(ids))
        .where(col(LightningTalk.status).in_(INVITED_TALKS))
        .order_by(LightningTalk.position, LightningTalk.created_at)
    ).all()
    names = member_names(s, [t[1] for t in invited] + [row.facilitator_id for row in rows])
    for session_id, presenter, title, minutes in invited:
        talks.setdefault(session_id, []).append(
            f"{names.get(presenter, '?')} — {title} ({minutes} min)"
        )
    planned = dict(
        s.exec(
            select(AgendaPart.session_id, func.sum(AgendaPart.planned_seconds))
            .where(col(AgendaPart.session_id).in_(ids))
            .group_by(AgendaPart.session_id)
        ).all()
    )
    default = sum(minutes for _, minutes in agenda_parts(crow))
    return [
        Meeting(
            session_id=row.id,
            start=row.scheduled_at.astimezone(tz),
            minutes=(planned[row.id] // 60) if planned.get(row.id) else default,
            status=SessionStatus(row.status),
            host=names.get(row.facilitator_id or ""),
            topic=row.topic,
            cadence_on=row.cadence_on,
            talks=tuple(talks.get(row.id, ())),
        )
        for row in rows
    ]


def _attendees(s: Session, crow: Community) -> tuple[tuple[tuple[str, str], ...], int]:
    rows = s.exec(
        select(Member.name, Member.email)
        .where(Member.community_id == crow.id)
        .where(col(Member.active).is_(True))
        .order_by(Member.name)
    ).all()
    people = tuple((name, email.strip()) for name, email in rows if email and email.strip())
    return people, len(rows) - len(people)


def _invited_period(s: Session, crow: Community, day: date) -> Period:
    """The latest series file written that covers `day`, else `day`'s quarter."""
    keys = s.exec(
        select(CalendarSeries.period_key)
        .where(CalendarSeries.community_id == crow.id)
        .where(col(CalendarSeries.period_key).not_like("session/%"))
        .order_by(col(CalendarSeries.changed_at).desc())
    ).all()
    for key in keys:
        period = period_of_key(key)
        if period.first <= day <= period.last:
            return period
    return quarter_of(day)


def _digest(text: str) -> str:
    """The content without what changes on every run (the stamp) or with the content (the
    sequence), so an unchanged plan keeps its number."""
    kept = [line for line in text.splitlines() if not line.startswith(("DTSTAMP", "SEQUENCE"))]
    return hashlib.sha256("\n".join(kept).encode("utf-8")).hexdigest()


def _series_row(s: Session, crow: Community, key: str) -> CalendarSeries | None:
    return s.exec(
        select(CalendarSeries)
        .where(CalendarSeries.community_id == crow.id)
        .where(CalendarSeries.period_key == key)
    ).first()


def _numbered(s: Session, crow: Community, key: str, digest: str) -> int:
    row = _series_row(s, crow, key)
    if row is not None and row.content_hash == digest:
        return row.sequence
    sequence = row.sequence + 1 if row is not None else 0
    _store(s, crow, key, sequence, digest, row)
    return sequence


def _store(
    s: Session, crow: Community, key: str, sequence: int, digest: str, row: CalendarSeries | None
) -> None:
    if row is None:
        row = CalendarSeries(community_id=crow.id, period_key=key)
    row.sequence, row.content_hash = sequence, digest
    s.add(row)
