"""Checks on text people type: names and e-mail addresses."""

from __future__ import annotations

import re

from facilitator.errors import InvalidInput

MAX_NAME = 120
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]{2,}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def clean_name(value: str | None, what: str = "name") -> str:
    """Trim a name; refuse empty, control characters or absurd lengths."""
    name = " ".join((value or "").split())
    if not name:
        raise InvalidInput(f"the {what} is empty")
    if _CONTROL.search(name):
        raise InvalidInput(f"the {what} contains control characters")
    if len(name) > MAX_NAME:
        raise InvalidInput(f"the {what} is longer than {MAX_NAME} characters")
    return name


def clean_email(value: str | None) -> str | None:
    """Lower-case and validate an e-mail address; empty means none."""
    email = (value or "").strip()
    if not email:
        return None
    if not _EMAIL.match(email):
        raise InvalidInput(f"{email!r} is not a valid e-mail address")
    return email.lower()


def clean_optional(value: str | None) -> str | None:
    text = " ".join((value or "").split())
    return text or None
