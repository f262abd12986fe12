"""Time zone names, checked against the IANA database with a hint for typos."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from facilitator.errors import InvalidInput, closest


def parse_timezone(name: str) -> ZoneInfo:
    try:
        if not name.strip() or name.startswith(("/", ".")):
            raise ValueError(name)
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        hint = closest(name, available_timezones())
        suffix = f"; did you mean {hint!r}?" if hint else "; use an IANA name like Europe/Berlin"
        raise InvalidInput(f"unknown time zone {name!r}{suffix}") from None


def local_zone_name() -> str:
    """The machine's zone name, for onboarding defaults (UTC when it cannot be told)."""
    import os

    tz = os.environ.get("TZ")
    if tz:
        try:
            ZoneInfo(tz)
            return tz
        except (ZoneInfoNotFoundError, ValueError):
            pass
    try:
        link = os.readlink("/etc/localtime")
        return link.split("zoneinfo/", 1)[1]
    except (OSError, IndexError):
        return "UTC"
