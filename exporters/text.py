"""User text made safe for any document: control characters out, lines normalised.

Both renderers use these, so Markdown and Confluence show the same words: a stored note
may contain anything a terminal can paste (NULs, escape sequences, stray surrogates).
"""

from __future__ import annotations

import unicodedata

_DROP_CATEGORIES = {"Cc", "Cs", "Co", "Cn"}
"""Control, surrogate, private-use and unassigned code points: none is text to publish."""
_KEEP = {"\n", "\t"}


def _keep(char: str) -> bool:
    return char in _KEEP or unicodedata.category(char) not in _DROP_CATEGORIES


def clean(text: str) -> str:
    """The text without control characters; every line ending becomes "\\n"."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(char for char in text if _keep(char))


def lines(text: str) -> list[str]:
    """The non-blank lines of the text, trimmed: a multi-line note as a renderer lays it out."""
    return [line.strip() for line in clean(text).splitlines() if line.strip()]


def one_line(text: str) -> str:
    """The text on one line (table cells, titles): runs of white space become one space."""
    return " ".join(clean(text).split())
