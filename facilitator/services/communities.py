"""Communities: create, list, edit, and pick the one a command is about."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, select

from facilitator import converters, domain
from facilitator.cadence import parse_cadence, parse_time
from facilitator.config import save_default_community
from facilitator.errors import Conflict, InvalidInput
from facilitator.services.community_choice import choose_community, named
from facilitator.text import clean_name
from facilitator.timezones import parse_timezone
from facilitator.vocabulary import CommunityKind, known, listed
from store.database import Database
from store.models import Community

MINUTE_FIELDS = {
    "input": "input_minutes",
    "practice": "practice_minutes",
    "dialogue": "dialogue_minutes",
    "handoff": "handoff_minutes",
}


def minutes_warnings(minutes: dict[str, int]) -> list[str]:
    """Warn (never refuse) when a part leaves the brief's recommended range."""
    warnings = []
    for part in domain.AGENDA:
        value = minutes[part.key]
        if not part.low <= value <= part.high:
            wanted = f"{part.low}" if part.low == part.high else f"{part.low}–{part.high}"
            note = (
                " (protect it: it is where commitments are made)" if part.key == "handoff" else ""
            )
            warnings.append(
                f"{part.name} is {value} min; the recommended range is {wanted} min{note}"
            )
    return warnings


def _check_minutes(minutes: dict[str, int]) -> None:
    for key, value in minutes.items():
        if not 1 <= value <= 240:
            name = next(p.name for p in domain.AGENDA if p.key == key)
            raise InvalidInput(f"{name} minutes must be between 1 and 240, not {value}")


def _check_kind(kind: str) -> str:
    if not known(CommunityKind, kind):
        raise InvalidInput(f"unknown kind {kind!r}; use one of {listed(CommunityKind)}")
    return kind


def create_community(
    db: Database,
    name: str,
    cadence: str,
    meeting_time: str = "12:00",
    timezone: str = "UTC",
    kind: str = CommunityKind.COMPANY_WIDE,
) -> domain.Community:
    with db.session() as s:
        return converters.community(add_community(s, name, cadence, meeting_time, timezone, kind))


def add_community(
    s: Session,
    name: str,
    cadence: str,
    meeting_time: str = "12:00",
    timezone: str = "UTC",
    kind: str = CommunityKind.COMPANY_WIDE,
) -> Community:
    """Validate and add a community inside an open unit of work."""
    name = clean_name(name, "community name")
    row = Community(
        name=name,
        kind=_check_kind(kind),
        cadence=parse_cadence(cadence).phrase(),
        meeting_time=parse_time(meeting_time).strftime("%H:%M"),
        timezone=parse_timezone(timezone).key,
    )
    if _find(s, name) is not None:
        raise Conflict(f"a community named {name!r} already exists")
    s.add(row)
    s.flush()
    return row


def list_communities(db: Database) -> list[domain.Community]:
    with db.session() as s:
        rows = s.exec(select(Community).order_by(Community.name)).all()
        return [converters.community(r) for r in rows]


def _find(s, name: str) -> Community | None:
    return named(s.exec(select(Community)).all(), name)


def community_row(s, name: str | None) -> Community:
    """The community a command is about: named, or the only one there is (see
    facilitator.services.community_choice)."""
    return choose_community(s.exec(select(Community).order_by(Community.name)).all(), name)


def use_community(db: Database, name: str) -> domain.Community:
    """Make a community the default for commands (and the app) that do not name one."""
    if not name or not name.strip():
        raise InvalidInput("name the community to use: cop community use NAME")
    with db.session() as s:
        community = converters.community(community_row(s, name))
    save_default_community(community.name)
    return community


def default_community(db: Database) -> str | None:
    """The community used when none is named: the only one, or the chosen default."""
    with db.session() as s:
        try:
            return community_row(s, None).name
        except InvalidInput:
            return None


def get_community(db: Database, name: str | None = None) -> domain.Community:
    with db.session() as s:
        return converters.community(community_row(s, name))


def edit_community(
    db: Database,
    name: str | None,
    *,
    new_name: str | None = None,
    cadence: str | None = None,
    meeting_time: str | None = None,
    timezone: str | None = None,
    kind: str | None = None,
    minutes: dict[str, int | None] | None = None,
    talk_minutes: int | None = None,
    topic_minutes: int | None = None,
    dots_per_person: int | None = None,
) -> domain.CommunityChange:
    """Changes only what is given: a part's minutes left as None keep their value."""
    changed = {k: v for k, v in (minutes or {}).items() if v is not None}
    _check_minutes(changed)
    if talk_minutes is not None and not 1 <= talk_minutes <= 60:
        raise InvalidInput(f"talk minutes must be between 1 and 60, not {talk_minutes}")
    if topic_minutes is not None and not 1 <= topic_minutes <= 30:
        raise InvalidInput(f"a topic's timebox is 1 to 30 minutes, not {topic_minutes}")
    if dots_per_person is not None and not 1 <= dots_per_person <= 10:
        raise InvalidInput(f"dots per person must be between 1 and 10, not {dots_per_person}")
    with db.session() as s:
        row = community_row(s, name)
        if new_name is not None:
            new_name = clean_name(new_name, "community name")
            other = _find(s, new_name)
            if other is not None and other.id != row.id:
                raise Conflict(f"a community named {new_name!r} already exists")
            row.name = new_name
        if cadence is not None:
            row.cadence = parse_cadence(cadence).phrase()
        if meeting_time is not None:
            row.meeting_time = parse_time(meeting_time).strftime("%H:%M")
        if timezone is not None:
            row.timezone = parse_timezone(timezone).key
        if kind is not None:
            row.kind = _check_kind(kind)
        for key, value in changed.items():
            setattr(row, MINUTE_FIELDS[key], value)
        if talk_minutes is not None:
            row.talk_minutes = talk_minutes
        if topic_minutes is not None:
            row.topic_minutes = topic_minutes
        if dots_per_person is not None:
            row.dots_per_person = dots_per_person
        s.add(row)
        result = converters.community(row)
    return domain.CommunityChange(result, minutes_warnings(result.minutes) if changed else [])


def local_today(db: Database, name: str | None, now: datetime) -> date:
    """Today's date where the community meets (joined dates, default due dates)."""
    return now.astimezone(ZoneInfo(get_community(db, name).timezone)).date()
