"""The report's headline numbers, shared by its Markdown and Confluence renderings: each
figure now and in the period before, and whether it went up or down."""

from __future__ import annotations

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
    return [Headline(name, a, b, _trend(x, y)) for name, a, b, x, y in _figures(now, before)]


def _trend(now, before) -> str:
    if now is None or before is None or now == before:
        return ""
    return "▲" if now > before else "▼"


def _figures(now: PeriodFigures, before: PeriodFigures):
    """(name, this period, the period before, its value now, its value before)."""
    t, b = now.turnout, before.turnout
    return [
        (
            "Sessions held",
            f"{now.regularity.held} of {now.regularity.expected}",
            f"{before.regularity.held} of {before.regularity.expected}",
            now.regularity.held,
            before.regularity.held,
        ),
        ("People per session", _one(t.average), _one(b.average), t.average, b.average),
        (
            "Participants",
            _share(t.participants, t.share_of_roster),
            _share(b.participants, b.share_of_roster),
            t.participants,
            b.participants,
        ),
        (
            "Newcomers",
            str(len(now.newcomers.names)),
            str(len(before.newcomers.names)),
            len(now.newcomers.names),
            len(before.newcomers.names),
        ),
        (
            "Talks given",
            f"{now.voices.talks} by {now.voices.presenters}",
            f"{before.voices.talks} by {before.voices.presenters}",
            now.voices.talks,
            before.voices.talks,
        ),
        (
            "Departments",
            str(now.reach.departments),
            str(before.reach.departments),
            now.reach.departments,
            before.reach.departments,
        ),
        (
            "Takeaways",
            str(sum(now.learning.takeaways.values())),
            str(sum(before.learning.takeaways.values())),
            sum(now.learning.takeaways.values()),
            sum(before.learning.takeaways.values()),
        ),
        (
            "Commitments made",
            str(now.applying.made),
            str(before.applying.made),
            now.applying.made,
            before.applying.made,
        ),
        (
            "Follow-through",
            _percent(now.applying.follow_through),
            _percent(before.applying.follow_through),
            now.applying.follow_through,
            before.applying.follow_through,
        ),
    ]


def _one(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _share(people: int, share: float | None) -> str:
    return f"{people} ({share:.0%} of the roster)" if share is not None else str(people)
