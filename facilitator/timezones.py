"""Time zone names, checked against the IANA database with a hint for typos."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from facilitator.errors import InvalidInput

CLOSE = 0.8
"""How alike a typed name and a zone's name must be to suggest it: a typo ("Europe/Berln",
"Asia/Tokio") is, another place ("Mars/Olympus" and "Asia/Omsk") is not."""


def close_zone(name: str) -> str | None:
    """The zone a mistyped name most likely meant, or None when none is close: the city
    alone ("berlin"), spaces for underscores ("America/New York"), or a near spelling."""
    import difflib

    typed = "_".join(name.strip().split()).casefold()
    zones = {zone.casefold(): zone for zone in available_timezones()}
    if typed in zones:
        return zones[typed]
    cities: dict[str, list[str]] = {}
    for key, zone in zones.items():
        cities.setdefault(key.rsplit("/", 1)[-1], []).append(zone)
    found = cities.get(typed.rsplit("/", 1)[-1])
    if found and len(found) == 1:
        return found[0]
    near = difflib.get_close_matches(typed, list(zones), n=1, cutoff=CLOSE)
    return zones[near[0]] if near else None


def parse_timezone(name: str) -> ZoneInfo:
    try:
        if not name.strip() or name.startswith(("/", ".")):
            raise ValueError(name)
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        hint = close_zone(name)
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
