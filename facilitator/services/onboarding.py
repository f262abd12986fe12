"""First run: a community and its first members, created together or not at all."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from facilitator import converters, domain
from facilitator.errors import CopError, InvalidInput
from facilitator.services.communities import add_community
from facilitator.services.roster import MemberFields, create_member
from facilitator.text import clean_email, clean_name, clean_optional
from store.database import Database


def parse_member_lines(text: str) -> list[MemberFields]:
    """One member per line: "Name", "Name, Department" or "Name, Department, e-mail"."""
    members = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(",")]
        try:
            members.append(
                MemberFields(
                    name=clean_name(parts[0]),
                    department=clean_optional(parts[1], "department") if len(parts) > 1 else None,
                    email=clean_email(parts[2]) if len(parts) > 2 else None,
                )
            )
        except CopError as error:
            raise InvalidInput(f"member line {number}: {error}") from None
    return members


def onboard(
    db: Database,
    name: str,
    cadence: str,
    meeting_time: str,
    timezone: str,
    member_lines: str,
    now: datetime,
) -> domain.Community:
    members = parse_member_lines(member_lines)
    with db.session() as s:
        community = add_community(s, name, cadence, meeting_time, timezone)
        joined = now.astimezone(ZoneInfo(community.timezone)).date()
        for fields in members:
            create_member(s, community.id, fields, joined)
        return converters.community(community)
