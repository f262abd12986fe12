"""What the report's Markdown and Confluence renderings share: the headline numbers (each
figure now and in the period before, and whether it went up or down), the rows of the
company-wide roll-up, and the sentences both write the same way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from facilitator.insight_data import PeriodFigures, SessionPoint
from facilitator.insight_report_data import InsightReport


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
        lambda f: f.regularity.shown,
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
    ("Worth the time (pulse)", lambda f: f.pulse.average, lambda f: pulse_shown(f)),
]


def pulse_shown(f: PeriodFigures) -> str:
    """ "4.1 of 5, 85% voted" (the average over every vote, and the share of the room)."""
    pulse = f.pulse
    if pulse.average is None:
        return "—"
    share = f", {pulse.response_rate:.0%} voted" if pulse.response_rate is not None else ""
    return f"{pulse.average:.1f} of 5{share}"


def _one(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def _share(people: int, share: float | None) -> str:
    return f"{people} ({share:.0%} of the roster)" if share is not None else str(people)


ROLLUP_COLUMNS = [
    "Community",
    "Sessions held",
    "People per session",
    "Participants",
    "Newcomers",
    "Follow-through",
    "Warnings",
]


def rollup(reports: list[InsightReport]) -> list[list[str]]:
    """One row per community and a total (a person in two communities counts in both)."""
    rows = []
    for r in reports:
        f = r.period
        rows.append(
            [
                r.community,
                f.regularity.shown,
                _one(f.turnout.average),
                str(f.turnout.participants),
                str(len(f.newcomers.names)),
                _percent(f.applying.follow_through),
                str(len(r.warnings)),
            ]
        )
    figures = [r.period for r in reports]
    held = sum(f.regularity.held for f in figures)
    present = sum((f.turnout.average or 0) * f.regularity.sessions for f in figures)
    sessions = sum(f.regularity.sessions for f in figures)
    resolved = sum(f.applying.resolved for f in figures)
    tried = sum(f.applying.tried for f in figures)
    rows.append(
        [
            "All communities",
            f"{held} of {sum(f.regularity.expected for f in figures)}",
            _one(present / sessions if sessions else None),
            str(sum(f.turnout.participants for f in figures)),
            str(sum(len(f.newcomers.names) for f in figures)),
            _percent(tried / resolved if resolved else None),
            str(sum(len(r.warnings) for r in reports)),
        ]
    )
    return rows


def recognition(report: InsightReport) -> list[tuple[str, tuple[str, ...]]]:
    """The people to thank by name, under each heading that has any."""
    now = report.period
    firsts = [
        ("First talks", now.voices.first_time_presenters),
        ("Hosting for the first time", now.voices.first_time_hosts),
        ("New faces", now.newcomers.names),
    ]
    return [(label, names) for label, names in firsts if names]


def inactive_sentence(report: InsightReport) -> str:
    n = report.inactive_after
    sessions = "session" if n == 1 else f"{n} sessions"
    return f"Active members who missed the latest {sessions}: "


def pulse_point(p: SessionPoint) -> str:
    """A session's pulse as "4.2 ±0.7 (83% voted)", or "—" when it took none."""
    if p.pulse_average is None:
        return "—"
    voted = f" ({p.pulse_response:.0%} voted)" if p.pulse_response is not None else ""
    return f"{p.pulse_average:.1f} ±{p.pulse_spread:.1f}{voted}"


IMPACT_COLUMNS = ["Half-year", "Use cases applied", "Prompts and documents shared", "AI use grew"]


def impact_rows(report: InsightReport) -> list[list[str]]:
    """The playbook's three measures per half-year, the earlier half first; the survey's
    share carries ▲/▼ against the half before when both had a survey."""
    rows = []
    earlier = None
    for half in report.impact:
        grew = "no survey"
        if half.grew is not None:
            trend = _trend(half.grew, earlier.grew) if earlier is not None else ""
            grew = f"{half.grew:.0%} of {half.surveyed}" + (f" {trend}" if trend else "")
        rows.append(
            [
                half.label,
                str(half.applied),
                f"{half.entries} curated, {half.pages} published",
                grew,
            ]
        )
        earlier = half
    return rows
