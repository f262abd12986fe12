"""The report's headline numbers, shared by its Markdown and Confluence renderings: each
figure now and in the period before, and whether it went up or down."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from facilitator.insight_data import PeriodFigures


@dataclass(frozen=True)
class Headline:
    name: str
    now: str
    before: str
    trend: str
    """▲ up, ▼ down, or empty when equal or unknown."""


def headlines(now: PeriodFigures, before: PeriodFigures) -> list[Headline]:
    return [
        Headline(name, shown(now), shown(before), _trend(value(now), value(before)))
        for name, value, shown in ROWS
    ]


def _trend(now, before) -> str:
    if now is None or before is None or now == before:
        return ""
    return "▲" if now > before else "▼"


def _takeaways(f: PeriodFigures) -> int:
    return sum(f.learning.takeaways.values())


ROWS: list[tuple[str, Callable[[PeriodFigures], float | None], Callable[[PeriodFigures], str]]]
ROWS = [
    # (name, the value compared, how it is shown)
    (
        "Sessions held",
        lambda f: f.regularity.held,
        lambda f: f"{f.regularity.held} of {f.regularity.expected}",
    ),
    ("People per session", lambda f: f.turnout.average, lambda f: _one(f.turnout.average)),
    (
        "Participants",
        lambda f: f.turnout.participants,
        lambda f: _share(f.turnout.participants, f.turnout.share_of_roster),
    ),
    ("Newcomers", lambda f: len(f.newcomers.names), lambda f: str(len(f.newcomers.names))),
    (
        "Talks given",
        lambda f: f.voices.talks,
        lambda f: f"{f.voices.talks} by {f.voices.presenters}",
    ),
    ("Departments", lambda f: f.reach.departments, lambda f: str(f.reach.departments)),
    ("Takeaways", _takeaways, lambda f: str(_takeaways(f))),
    ("Commitments made", lambda f: f.applying.made, lambda f: str(f.applying.made)),
    (
        "Follow-through",
        lambda f: f.applying.follow_through,
        lambda f: _percent(f.applying.follow_through),
    ),
]


def _one(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _share(people: int, share: float | None) -> str:
    return f"{people} ({share:.0%} of the roster)" if share is not None else str(people)
