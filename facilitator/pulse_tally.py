"""The pulse: "was it worth your time?", answered 1 to 5 by the room at Handoff.

Only how many gave each score is ever known (the votes are anonymous by design), so
everything said about a pulse is said from its five counts and the number of people
present: how many voted, the share of the room that did, the average and the spread, and
the distribution itself, which an average alone hides (a room split between 1 and 5 and a
room of 3s average the same). Pure: the services read and store the counts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise

from facilitator.errors import InvalidInput

QUESTION = "Was it worth your time?"
NOTE_QUESTION = "What would add one point?"
SCORES = (1, 2, 3, 4, 5)
NO_VOTES = (0, 0, 0, 0, 0)


Counts = tuple[int, int, int, int, int]


def as_counts(values) -> Counts:
    """Five counts read back from the database (None, from an empty SUM, is 0)."""
    a, b, c, d, e = (int(n or 0) for n in values)
    return (a, b, c, d, e)


def average_of(counts: Counts) -> float | None:
    votes = sum(counts)
    if not votes:
        return None
    return sum(score * n for score, n in zip(SCORES, counts, strict=True)) / votes


def spread_of(counts: Counts) -> float | None:
    """The standard deviation of the votes: 0 when the room agreed, up to 2 when it split
    between 1 and 5."""
    mean = average_of(counts)
    if mean is None:
        return None
    squares = sum(n * (score - mean) ** 2 for score, n in zip(SCORES, counts, strict=True))
    return math.sqrt(squares / sum(counts))


def falling(averages: list[float], times: int) -> bool:
    """Whether the pulse fell `times` sessions in a row: each of the latest `times`
    averages (oldest first) below the one before it."""
    latest = averages[-(times + 1) :]
    return len(latest) == times + 1 and all(b < a for a, b in pairwise(latest))


@dataclass(frozen=True)
class Tally:
    """Votes counted per score (`counts[n - 1]` people gave n) and the people present who
    could have voted: one session's pulse, or a period's votes summed."""

    counts: Counts = NO_VOTES
    present: int = 0

    @property
    def votes(self) -> int:
        return sum(self.counts)

    def count(self, score: int) -> int:
        return self.counts[score - 1]

    @property
    def average(self) -> float | None:
        return average_of(self.counts)

    @property
    def spread(self) -> float | None:
        return spread_of(self.counts)

    @property
    def response_rate(self) -> float | None:
        """The share of those present who voted; None when nobody was checked in."""
        return self.votes / self.present if self.present else None


@dataclass(frozen=True, kw_only=True)
class Pulse(Tally):
    """One session's pulse, with the anonymous notes left on what would add one point."""

    session_id: str
    scheduled_at: datetime
    """Aware, in the community's time zone."""
    notes: tuple[str, ...] = field(default=())

    @property
    def more_votes_than_present(self) -> bool:
        return self.votes > self.present

    def headline(self) -> str:
        """ "7 of 9 present voted (78%) · average 4.1 · spread 0.8", or that nobody did."""
        if not self.votes:
            return "no votes yet"
        who = (
            f"{self.votes} of {self.present} present voted"
            if self.present
            else (f"{self.votes} voted (nobody checked in)")
        )
        rate = self.response_rate
        share = f" ({rate:.0%})" if rate is not None else ""
        return f"{who}{share} · average {self.average:.1f} · spread {self.spread:.1f}"

    def distribution(self) -> str:
        """The counts from the best score down: "5: 3 · 4: 2 · 3: 1 · 2: 0 · 1: 0"."""
        return " · ".join(f"{score}: {self.count(score)}" for score in reversed(SCORES))


def check_score(score: int) -> int:
    if score not in SCORES:
        raise InvalidInput(f"a pulse vote is a score from 1 to 5, not {score}")
    return score


def counts_of_votes(text: str) -> tuple[int, int, int, int, int]:
    """The counts of "5,4,4,3" (one score per vote, commas or spaces between)."""
    words = text.replace(",", " ").split()
    if not words:
        raise InvalidInput("--votes lists one score per vote, such as 5,4,4,3")
    counts = [0] * len(SCORES)
    for word in words:
        if not word.isdigit():
            raise InvalidInput(f"a pulse vote is a score from 1 to 5, not {word!r}")
        counts[check_score(int(word)) - 1] += 1
    return (counts[0], counts[1], counts[2], counts[3], counts[4])


def counts_given(per_score: dict[int, int]) -> tuple[int, int, int, int, int]:
    """The counts from how many gave each score (`--5 3 --4 6`); a score not given is 0."""
    for score, n in per_score.items():
        check_score(score)
        if n < 0:
            raise InvalidInput(f"--{score} counts the votes for {score}, so it cannot be {n}")
    return (
        per_score.get(1, 0),
        per_score.get(2, 0),
        per_score.get(3, 0),
        per_score.get(4, 0),
        per_score.get(5, 0),
    )
