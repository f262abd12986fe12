"""Invitations as iCalendar (RFC 5545) files, built with the `icalendar` library.

A period's sessions are one recurring series anchored in the community's time zone (TZID
with its VTIMEZONE, so 12:00 stays 12:00 across daylight-saving changes) and finite
(COUNT); each session is an overriding instance (RECURRENCE-ID: the occurrence it stands
for) with its host, topic and talks; occurrences without a session are EXDATEs. UIDs are
stable and SEQUENCE rises with each change, so calendars update what they hold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from icalendar import Calendar, Event, vCalAddress, vRecur, vText

from exporters.text import clean, one_line
from facilitator.calendar_plan import Meeting, SeriesPlan

PRODID = "-//cop//community of practice sessions//EN"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class LiteralText(vText):
    """TEXT whose backslashes are always the user's: icalendar reads a "\\N" in a value as
    an escaped line break (so a topic "Regex \\N tricks" came out on two lines); this
    escapes as RFC 5545 says, backslash first, and each line break as "\\n" (the text is
    `clean`ed first, so its line endings are "\\n" alone)."""

    def to_ical(self) -> bytes:
        text = str(self)
        for char in ("\\", ";", ","):
            text = text.replace(char, "\\" + char)
        return text.replace("\n", "\\n").encode("utf-8")


@dataclass(frozen=True)
class Invitation:
    """Everything a file says, as plain values (the service reads and numbers them)."""

    community: str
    timezone: str
    series_uid: str
    sequence: int
    stamp: datetime
    """DTSTAMP: when the file was written (UTC)."""
    plan: SeriesPlan
    weekday: int
    weeks: int
    nth: int | None
    agenda: str
    """"Input 15 min · Practice sharing 25 min · …"."""
    organizer: str | None = None
    attendees: tuple[tuple[str, str], ...] = ()
    """(name, e-mail)."""


def render(invite: Invitation) -> str:
    calendar = _calendar(invite, "REQUEST" if invite.organizer else "PUBLISH")
    plan = invite.plan
    if plan.first is not None:
        calendar.add_component(_master(invite, plan.first))
        for original, meeting in plan.instances:
            event = _event(invite, invite.series_uid, meeting)
            event.add("recurrence-id", original)
            calendar.add_component(event)
    for meeting in plan.extras:
        calendar.add_component(_event(invite, extra_uid(meeting.session_id), meeting))
    return _finish(calendar)


def render_cancellation(invite: Invitation, meeting: Meeting, original: datetime | None) -> str:
    """METHOD:CANCEL for one session: the occurrence of the series it stands for, or its
    own event when it is off the cadence (`original` None)."""
    calendar = _calendar(invite, "CANCEL")
    uid = invite.series_uid if original is not None else extra_uid(meeting.session_id)
    event = _event(invite, uid, meeting)
    if original is not None:
        event.add("recurrence-id", original)
    event["status"] = "CANCELLED"
    calendar.add_component(event)
    return _finish(calendar)


def extra_uid(session_id: str) -> str:
    return f"session-{session_id}@cop"


def _calendar(invite: Invitation, method: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add("x-wr-calname", LiteralText(one_line(invite.community)))
    return calendar


def _finish(calendar: Calendar) -> str:
    moments = [e.decoded("dtstart") for e in calendar.walk("VEVENT")]
    if moments:  # the time zone's rules over the file's dates only: small and stable
        calendar.add_missing_timezones(
            first_date=min(moments).date() - timedelta(days=1),
            last_date=max(moments).date() + timedelta(days=1),
        )
    return calendar.to_ical().decode("utf-8")


def _master(invite: Invitation, first: datetime) -> Event:
    plan = invite.plan
    event = Event()
    event.add("uid", invite.series_uid)
    event.add("sequence", invite.sequence)
    event.add("dtstamp", invite.stamp)
    event.add("dtstart", first)
    minutes = plan.instances[0][1].minutes if plan.instances else 60
    event.add("dtend", first + timedelta(minutes=minutes))
    event.add("summary", LiteralText(one_line(invite.community)))
    event.add(
        "description",
        LiteralText(
            clean(
                f"Community of practice session.\nAgenda: {invite.agenda}\n"
                "Each session's host, topic and lightning talks are in its own entry."
            )
        ),
    )
    rule = {"freq": "weekly", "interval": invite.weeks, "byday": WEEKDAYS[invite.weekday]}
    if invite.nth is not None:
        rule = {"freq": "monthly", "byday": f"{invite.nth}{WEEKDAYS[invite.weekday]}"}
    rule["count"] = plan.count
    event.add("rrule", vRecur(rule))
    if plan.excluded:
        event.add("exdate", list(plan.excluded))
    _people(event, invite)
    return event


def _event(invite: Invitation, uid: str, meeting: Meeting) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("sequence", invite.sequence)
    event.add("dtstamp", invite.stamp)
    event.add("dtstart", meeting.start)
    event.add("dtend", meeting.start + timedelta(minutes=meeting.minutes))
    title = f"{invite.community}: {meeting.topic}" if meeting.topic else invite.community
    event.add("summary", LiteralText(one_line(title)))
    event.add("description", LiteralText(clean(describe(meeting, invite.agenda))))
    _people(event, invite)
    return event


def describe(meeting: Meeting, agenda: str) -> str:
    lines = [
        f"Host: {meeting.host or 'not assigned yet'}",
        f"Topic: {meeting.topic or 'not set yet'}",
        f"Agenda: {agenda}",
    ]
    if meeting.talks:
        lines += ["Lightning talks:", *(f"- {talk}" for talk in meeting.talks)]
    else:
        lines.append("Lightning talks: none signed up yet")
    return "\n".join(lines)


def _people(event: Event, invite: Invitation) -> None:
    if invite.organizer:
        organizer = vCalAddress(f"mailto:{invite.organizer}")
        event.add("organizer", organizer)
    for name, email in invite.attendees:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["cn"] = one_line(name)
        attendee.params["role"] = "REQ-PARTICIPANT"
        attendee.params["partstat"] = "NEEDS-ACTION"
        if invite.organizer:
            attendee.params["rsvp"] = "TRUE"
        event.add("attendee", attendee, encode=False)
