"""User text made safe for any document: control characters out, lines normalised.

Both renderers use these, so Markdown and Confluence show the same words: a stored note
may contain anything a terminal can paste (NULs, escape sequences, stray surrogates).
"""

from __future__ import annotations

import re
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


_TERMINAL_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
"""C0 and C1 controls but for tab, newline and the CR of a CRLF (an .ics printed to a pipe
keeps its line endings); ESC and CSI among them, so no stored text can retitle, recolour
or clear a terminal."""


_COLOURED = re.compile(r"(\x1b\[[0-9;]*m)|" + _TERMINAL_CONTROLS.pattern)
"""The same, but a colour or style sequence (SGR: ESC [ … m), as Rich writes, stays."""


def terminal_safe(text: str, keep_colours: bool = False) -> str:
    """Text fit to print on a terminal whatever is stored: control sequences dropped, the
    characters and line endings kept (and, with `keep_colours`, styling sequences, which
    can only colour text, never retitle or clear the terminal)."""
    if keep_colours:
        return _COLOURED.sub(lambda found: found.group(1) or "", text)
    return _TERMINAL_CONTROLS.sub("", text)


def lines(text: str) -> list[str]:
    """The non-blank lines of the text, trimmed: a multi-line note as a renderer lays it out."""
    return [line.strip() for line in clean(text).splitlines() if line.strip()]


def one_line(text: str) -> str:
    """The text on one line (table cells, titles): runs of white space become one space."""
    return " ".join(clean(text).split())


def topic_minutes(seconds: int) -> str:
    """A Dialogue topic's talk time as every export shows it: whole minutes, "<1" under
    one."""
    return "<1" if seconds < 60 else str(round(seconds / 60))
