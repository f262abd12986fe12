"""Domain errors: each carries a one-line message for the user and maps to an exit code."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from store.errors import StoreError

EXIT_USER_ERROR = 2
EXIT_REMOTE_FAILURE = 3


class CopError(Exception):
    """A problem the user can fix; shown as one line, never as a traceback."""

    exit_code = EXIT_USER_ERROR


SHOWN_ERRORS = (CopError, StoreError)
"""What the app shows as one message and survives: cop's own refusals, and the store's
(a wrong file, or the database busy, full or failing at run time)."""


class InvalidInput(CopError):
    pass


class NotFound(CopError):
    pass


class Conflict(CopError):
    pass


class NotPresent(InvalidInput):
    """A commitment for someone not checked in: the form asks whether to mark them present."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is not checked in as present")
        self.name = name


def closest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest to a mistyped name, for a "did you mean" hint.

    A first name or the start of one ("Ben" for "Ben Okafor") wins when only one
    candidate has it; otherwise the closest spelling.
    """
    by_key = {c.casefold(): c for c in candidates}
    typed = " ".join(name.split()).casefold()
    starts = [c for k, c in by_key.items() if typed and any(w.startswith(typed) for w in k.split())]
    if len(starts) == 1:
        return starts[0]
    match = difflib.get_close_matches(name.casefold(), list(by_key), n=1, cutoff=0.5)
    return by_key[match[0]] if match else None


def not_found(kind: str, name: str, candidates: Iterable[str]) -> NotFound:
    candidates = list(candidates)
    hint = closest(name, candidates)
    if hint:
        return NotFound(f"no {kind} named {name!r}; did you mean {hint!r}?")
    if candidates:
        return NotFound(f"no {kind} named {name!r}")
    return NotFound(f"no {kind} named {name!r} (there are none yet)")
