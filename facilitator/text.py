"""Checks on text people type: names and e-mail addresses."""

from __future__ import annotations

import re

from facilitator.errors import InvalidInput

MAX_NAME = 120
MAX_NOTE = 20_000
"""Takeaways and commitments may be long (a whole prompt); beyond this it is a paste gone wrong."""
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]{2,}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""C0 and C1 control characters (ESC, BEL, CSI…): never part of a name, topic or reason."""
_CONTROL_IN_NOTE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # newlines and tabs may stay
_SURROGATE = re.compile(r"[\ud800-\udfff]")
"""Lone surrogates: bytes that were not UTF-8 (a shell argument like $'\\xff'), or a broken
paste. They cannot be stored or printed, so they are refused where the text comes in."""


def check_text(text: str, what: str) -> str:
    if _SURROGATE.search(text):
        raise InvalidInput(f"the {what} contains bytes that are not valid text (UTF-8)")
    return text


def clean_name(value: str | None, what: str = "name") -> str:
    """Trim a name; refuse empty, control characters or absurd lengths."""
    name = check_text(" ".join((value or "").split()), what)
    if not name:
        raise InvalidInput(f"the {what} is empty")
    if _CONTROL.search(name):
        raise InvalidInput(f"the {what} contains control characters")
    if len(name) > MAX_NAME:
        raise InvalidInput(f"the {what} is longer than {MAX_NAME} characters")
    return name


def clean_email(value: str | None) -> str | None:
    """Lower-case and validate an e-mail address; empty means none."""
    email = check_text((value or "").strip(), "e-mail address")
    if not email:
        return None
    if not _EMAIL.match(email):
        raise InvalidInput(f"{email!r} is not a valid e-mail address")
    return email.lower()


def clean_optional(value: str | None, what: str = "text") -> str | None:
    """A one-line text that may be left out (a topic, a department, a reason): trimmed,
    refused when it holds a control character (an escape sequence would reach terminals,
    calendars and pages)."""
    text = check_text(" ".join((value or "").split()), what)
    if _CONTROL.search(text):
        raise InvalidInput(f"the {what} contains control characters")
    return text or None


def clean_note(value: str | None, what: str, limit: int = MAX_NOTE) -> str:
    """Trim a free text (takeaway, commitment, title); it is stored exactly as typed.

    Markup-looking text (`[b]`, `<`, `|`) is kept: screens and exporters escape it.
    """
    text = check_text((value or "").replace("\r\n", "\n").replace("\r", "\n").strip(), what)
    if not text:
        raise InvalidInput(f"the {what} is empty")
    if _CONTROL_IN_NOTE.search(text):
        raise InvalidInput(f"the {what} contains control characters")
    if len(text) > limit:
        raise InvalidInput(f"the {what} is {len(text):,} characters long; the limit is {limit:,}")
    return text
