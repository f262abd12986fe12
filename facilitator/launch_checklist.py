"""The launch checklist of a community of practice: what a community that lasts has in place.

Most items cop can answer from its own data (the cadence, who hosted, what was published);
the rest (leadership approval, activity connected to goals) only a person can, and are
ticked by hand. The rules here are pure, over facts the checklist service reads in SQL, so
each one is tested with hand-made facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from facilitator.vocabulary import plural

MONTHLY_DAYS = 31
RECENT_SESSIONS = 4
"""The items about how sessions go are judged over the latest held sessions."""


class ChecklistItem(StrEnum):
    RECURRING_TIME = "recurring-time"
    ROTATING_FACILITATION = "rotating-facilitation"
    DOCUMENTATION_SPACE = "documentation-space"
    LEADERSHIP_APPROVAL = "leadership-approval"
    THING_TO_TRY = "thing-to-try"
    LIGHTNING_TALKS = "lightning-talks"
    SUMMARIES_READABLE = "summaries-readable"
    QUARTERLY_REPORT = "quarterly-report"
    DEPARTMENT_CHAMPIONS = "department-champions"
    LIBRARY_PUBLISHED = "library-published"
    GOALS_CONNECTED = "goals-connected"


LABELS = {
    ChecklistItem.RECURRING_TIME: "A recurring time, at least monthly",
    ChecklistItem.ROTATING_FACILITATION: "Rotating facilitation in use",
    ChecklistItem.DOCUMENTATION_SPACE: "A documentation space",
    ChecklistItem.LEADERSHIP_APPROVAL: "Leadership approval",
    ChecklistItem.THING_TO_TRY: "Each session ends with a thing to try",
    ChecklistItem.LIGHTNING_TALKS: "Lightning talks in use",
    ChecklistItem.SUMMARIES_READABLE: "Absent members can read summaries",
    ChecklistItem.QUARTERLY_REPORT: "A quarterly report shared",
    ChecklistItem.DEPARTMENT_CHAMPIONS: "A champion in each department",
    ChecklistItem.LIBRARY_PUBLISHED: "Accumulated knowledge accessible",
    ChecklistItem.GOALS_CONNECTED: "Activity connected to goals",
}
BY_HAND = (ChecklistItem.LEADERSHIP_APPROVAL, ChecklistItem.GOALS_CONNECTED)
"""The items only a person can answer; every other one cop derives and cannot be ticked."""


@dataclass(frozen=True)
class ChecklistFacts:
    cadence: str
    cadence_days: int
    recent_held: int
    """Held sessions judged (at most RECENT_SESSIONS)."""
    recent_hosts: int
    """Distinct hosts of those sessions."""
    recent_with_commitments: int
    recent_with_talks: int
    recent_published: int
    """Of those sessions, how many have a summary published to Confluence."""
    confluence_space: str | None
    """Where summaries go (the community's space, or the configured one), if anywhere."""
    published_summaries: int
    """Session summaries of the community published, ever."""
    latest_report: str | None
    """The label of the latest period whose insights report was published, e.g. 2026 Q3."""
    report_recent: bool
    """That period ended no earlier than the previous quarter began."""
    departments_without_champion: tuple[str, ...]
    departments: int
    library_published: bool
    ticked: frozenset[ChecklistItem]


@dataclass(frozen=True)
class ChecklistLine:
    item: ChecklistItem
    label: str
    done: bool
    evidence: str
    by_hand: bool


def checklist(f: ChecklistFacts) -> list[ChecklistLine]:
    derived = {
        ChecklistItem.RECURRING_TIME: _recurring(f),
        ChecklistItem.ROTATING_FACILITATION: _share(
            f, f.recent_hosts >= 2, f"{f.recent_hosts} different hosts"
        ),
        ChecklistItem.DOCUMENTATION_SPACE: _space(f),
        ChecklistItem.THING_TO_TRY: _share(
            f,
            f.recent_with_commitments == f.recent_held,
            f"{f.recent_with_commitments} ended with commitments",
        ),
        ChecklistItem.LIGHTNING_TALKS: _share(
            f, f.recent_with_talks > 0, f"{f.recent_with_talks} had a lightning talk"
        ),
        ChecklistItem.SUMMARIES_READABLE: _share(
            f,
            f.recent_published == f.recent_held,
            f"{f.recent_published} have a summary published",
        ),
        ChecklistItem.QUARTERLY_REPORT: _report(f),
        ChecklistItem.DEPARTMENT_CHAMPIONS: _champions(f),
        ChecklistItem.LIBRARY_PUBLISHED: (
            (True, "the library page is published")
            if f.library_published
            else (False, "the library is not published: cop library export --publish")
        ),
    }
    lines = []
    for item in ChecklistItem:
        if item in BY_HAND:
            done = item in f.ticked
            evidence = "ticked by hand" if done else f"not ticked: cop checklist --tick {item}"
        else:
            done, evidence = derived[item]
        lines.append(ChecklistLine(item, LABELS[item], done, evidence, item in BY_HAND))
    return lines


def _recurring(f: ChecklistFacts) -> tuple[bool, str]:
    if f.cadence_days <= MONTHLY_DAYS:
        return True, f"meets {f.cadence}"
    return False, f"meets {f.cadence}: less often than monthly"


def _share(f: ChecklistFacts, done: bool, what: str) -> tuple[bool, str]:
    """An item judged over the latest held sessions: never done before the first one."""
    if not f.recent_held:
        return False, "no session held yet"
    return done, f"of the last {f.recent_held} sessions, {what}"


def _space(f: ChecklistFacts) -> tuple[bool, str]:
    if f.confluence_space is None:
        return False, "Confluence is not set up: cop config confluence"
    if not f.published_summaries:
        return False, f"space {f.confluence_space}, but no summary published yet"
    n = f.published_summaries
    return True, f"space {f.confluence_space}, {plural(n, 'summary')} published"


def _report(f: ChecklistFacts) -> tuple[bool, str]:
    if f.latest_report is None:
        return False, "no report published yet: cop report --publish"
    if not f.report_recent:
        return False, f"the latest report published is for {f.latest_report}"
    return True, f"the report for {f.latest_report} is published"


def _champions(f: ChecklistFacts) -> tuple[bool, str]:
    if not f.departments:
        return False, "no member has a department"
    missing = f.departments_without_champion
    if missing:
        return False, f"no champion in {', '.join(missing)}"
    return True, f"each of the {f.departments} departments has one"


def parse_item(text: str) -> ChecklistItem | None:
    try:
        return ChecklistItem(text.strip().lower())
    except ValueError:
        return None
