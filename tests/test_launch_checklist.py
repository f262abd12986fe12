"""The launch checklist: each item derived from hand-made facts and from a stored history,
the items only a person can tick, and the quarterly report published once per period."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from confluence_server import FakeConfluence
from sqlmodel import select
from test_publish import SENTINEL, configure

from facilitator.launch_checklist import (
    BY_HAND,
    ChecklistFacts,
    ChecklistItem,
    checklist,
)
from facilitator.services.checklist import checklist_of
from facilitator.services.export import session_report
from store.models import ChecklistTick, Member, PublishRecord

from conftest import FROZEN_NOW

ALL_DONE = ChecklistFacts(
    cadence="every other thursday",
    cadence_days=14,
    recent_held=4,
    recent_hosts=3,
    recent_with_commitments=4,
    recent_with_talks=2,
    recent_published=4,
    confluence_space="AI",
    published_summaries=9,
    latest_report="2026 Q3",
    report_recent=True,
    departments_without_champion=(),
    departments=3,
    library_published=True,
    ticked=frozenset(BY_HAND),
)


def states(facts: ChecklistFacts) -> dict[ChecklistItem, tuple[bool, str]]:
    return {line.item: (line.done, line.evidence) for line in checklist(facts)}


def test_every_item_is_done_when_every_fact_says_so():
    lines = checklist(ALL_DONE)
    assert [line.item for line in lines] == list(ChecklistItem)
    assert all(line.done for line in lines)
    assert states(ALL_DONE)[ChecklistItem.DOCUMENTATION_SPACE][1] == (
        "space AI, 9 summaries published"
    )


@pytest.mark.parametrize(
    ("changes", "item", "evidence"),
    [
        ({"cadence": "every 6 weeks", "cadence_days": 42}, "recurring-time", "less often"),
        ({"recent_hosts": 1}, "rotating-facilitation", "1 different hosts"),
        ({"confluence_space": None}, "documentation-space", "not set up"),
        ({"published_summaries": 0}, "documentation-space", "no summary published yet"),
        ({"recent_with_commitments": 3}, "thing-to-try", "3 ended with commitments"),
        ({"recent_with_talks": 0}, "lightning-talks", "0 had a lightning talk"),
        ({"recent_published": 2}, "summaries-readable", "2 have a summary published"),
        ({"latest_report": None}, "quarterly-report", "cop report --publish"),
        ({"report_recent": False}, "quarterly-report", "latest report published is for 2026 Q3"),
        ({"departments_without_champion": ("HR", "Sales")}, "department-champions", "HR, Sales"),
        ({"departments": 0}, "department-champions", "no member has a department"),
        ({"library_published": False}, "library-published", "cop library export --publish"),
        ({"ticked": frozenset()}, "leadership-approval", "cop checklist --tick"),
        ({"ticked": frozenset()}, "goals-connected", "cop checklist --tick goals-connected"),
    ],
)
def test_each_item_is_open_when_its_fact_is_missing(changes, item, evidence):
    found = states(replace(ALL_DONE, **changes))
    done, said = found[ChecklistItem(item)]
    assert not done and evidence in said
    assert sum(not d for d, _ in found.values()) == 1 + ("ticked" in changes)


def test_without_a_session_held_the_session_items_are_open():
    found = states(replace(ALL_DONE, recent_held=0, recent_hosts=0, recent_with_talks=0))
    for item in ("rotating-facilitation", "thing-to-try", "lightning-talks"):
        assert found[ChecklistItem(item)] == (False, "no session held yet")


@pytest.fixture
def demo(demo_db):
    return demo_db


def test_the_demo_history_answers_the_derived_items(demo):
    name, lines = checklist_of(demo, None, FROZEN_NOW)
    found = {line.item: line for line in lines}
    assert name == "AI Practice Circle"
    assert found[ChecklistItem.ROTATING_FACILITATION].done
    assert found[ChecklistItem.THING_TO_TRY].done
    assert not found[ChecklistItem.SUMMARIES_READABLE].done  # nothing published yet
    assert not found[ChecklistItem.LEADERSHIP_APPROVAL].done
    with demo.session() as s:  # one department loses its champions
        for member in s.exec(select(Member).where(Member.roles.like("%champion%"))):
            if member.department == "Sales":
                member.roles = "member"
                s.add(member)
    _, lines = checklist_of(demo, None, FROZEN_NOW)
    champions = next(line for line in lines if line.item == ChecklistItem.DEPARTMENT_CHAMPIONS)
    assert (champions.done, champions.evidence) == (False, "no champion in Sales")


def test_only_the_items_a_person_answers_are_ticked_by_hand(cop, demo):
    ticked = cop("checklist", "--tick", "leadership-approval")
    assert ticked.code == 0 and "Ticked: Leadership approval" in ticked.out
    again = cop("checklist", "--tick", "Leadership-Approval")  # twice is once
    assert again.code == 0
    with demo.session() as s:
        assert len(s.exec(select(ChecklistTick)).all()) == 1
    shown = cop("checklist")
    assert shown.code == 0 and "launch checklist" in shown.out and "ticked by hand" in shown.out
    derived = cop("checklist", "--tick", "lightning-talks")
    assert derived.code == 2 and "cop works out lightning-talks" in derived.err
    unknown = cop("checklist", "--tick", "coffee")
    assert unknown.code == 2 and "no checklist item called 'coffee'" in unknown.err
    both = cop("checklist", "--tick", "goals-connected", "--untick", "goals-connected")
    assert both.code == 2 and "both name goals-connected" in both.err
    untick = cop("checklist", "--untick", "leadership-approval")
    assert untick.code == 0 and "Unticked: Leadership approval" in untick.out
    with demo.session() as s:
        assert s.exec(select(ChecklistTick)).all() == []


@pytest.fixture(params=["cloud", "datacenter"])
def fake(request):
    with FakeConfluence(request.param, token=SENTINEL) as server:
        yield server
        assert server.violations == []


def insights_pages(fake) -> list[dict]:
    return [p for p in fake.pages.values() if "cop-insights" in p.get("labels", ())]


def test_the_report_keeps_one_page_per_quarter(cop, demo, fake, monkeypatch):
    configure(cop, fake)
    monkeypatch.setenv("COP_CONFLUENCE_TOKEN", SENTINEL)
    first = cop("report", "--quarter", "2026Q4", "--publish")
    assert first.code == 0, first.err
    assert "Published a new page" in first.out
    [page] = insights_pages(fake)
    assert page["title"] == "AI Practice Circle — Insights 2026 Q4"
    assert page["labels"] == ["cop-insights", "ai-practice-circle"]
    assert "<h2>Launch checklist (" in page["body"]
    again = cop("report", "--quarter", "2026q4", "--publish")
    assert "Already up to date, nothing sent" in again.out and len(insights_pages(fake)) == 1
    cop("checklist", "--tick", "goals-connected")  # the page shows the checklist
    updated = cop("report", "--quarter", "2026Q4", "--publish")
    assert "Updated the page (version 2)" in updated.out and len(insights_pages(fake)) == 1
    earlier = cop("report", "--quarter", "2026Q3", "--publish")
    assert "Published a new page" in earlier.out and len(insights_pages(fake)) == 2
    company = cop("report", "--quarter", "2026Q4", "--all-communities", "--publish")
    assert "Published a new page" in company.out and len(insights_pages(fake)) == 3
    assert "Communities of practice — Insights 2026 Q4" in {p["title"] for p in fake.pages.values()}
    with demo.session() as s:
        periods = sorted(
            (r.report_period, r.community_id is None, r.page_version)
            for r in s.exec(select(PublishRecord))
            if r.content_hash.startswith("pending:") is False
        )
    assert periods == [
        ("2026-07-01/2026-09-30", False, 1),
        ("2026-10-01/2026-12-31", False, 1),
        ("2026-10-01/2026-12-31", False, 2),
        ("2026-10-01/2026-12-31", True, 1),
    ]
    _, lines = checklist_of(demo, None, FROZEN_NOW)
    shared = next(line for line in lines if line.item == ChecklistItem.QUARTERLY_REPORT)
    assert (shared.done, shared.evidence) == (True, "the report for 2026 Q4 is published")
    # A session summary is not a report, and the library page is still unpublished.
    library = next(line for line in lines if line.item == ChecklistItem.LIBRARY_PUBLISHED)
    assert not library.done
    assert session_report(demo, None, None).community == "AI Practice Circle"


def test_an_old_report_does_not_count_as_this_quarters(cop, demo, fake, monkeypatch):
    configure(cop, fake)
    monkeypatch.setenv("COP_CONFLUENCE_TOKEN", SENTINEL)
    assert cop("report", "--quarter", "2026Q1", "--publish").code == 0
    _, lines = checklist_of(demo, None, FROZEN_NOW)
    shared = next(line for line in lines if line.item == ChecklistItem.QUARTERLY_REPORT)
    assert (shared.done, shared.evidence) == (False, "the latest report published is for 2026 Q1")
    assert date(2026, 3, 31) < FROZEN_NOW.date()


JUST = replace(
    ALL_DONE,
    cadence="monthly on the last friday",
    cadence_days=31,
    recent_held=1,
    recent_hosts=2,
    recent_with_commitments=1,
    recent_with_talks=1,
    recent_published=1,
    published_summaries=1,
    departments=1,
    ticked=frozenset({ChecklistItem.LEADERSHIP_APPROVAL}),
)
"""Every derived item exactly at its threshold."""


def test_every_item_exactly_at_its_threshold():
    lines = {line.item: line for line in checklist(JUST)}
    assert {item: (line.done, line.evidence) for item, line in lines.items()} == {
        ChecklistItem.RECURRING_TIME: (True, "meets monthly on the last friday"),
        ChecklistItem.ROTATING_FACILITATION: (True, "of the last 1 sessions, 2 different hosts"),
        ChecklistItem.DOCUMENTATION_SPACE: (True, "space AI, 1 summary published"),
        ChecklistItem.LEADERSHIP_APPROVAL: (True, "ticked by hand"),
        ChecklistItem.THING_TO_TRY: (True, "of the last 1 sessions, 1 ended with commitments"),
        ChecklistItem.LIGHTNING_TALKS: (True, "of the last 1 sessions, 1 had a lightning talk"),
        ChecklistItem.SUMMARIES_READABLE: (
            True,
            "of the last 1 sessions, 1 have a summary published",
        ),
        ChecklistItem.QUARTERLY_REPORT: (True, "the report for 2026 Q3 is published"),
        ChecklistItem.DEPARTMENT_CHAMPIONS: (True, "each of the 1 departments has one"),
        ChecklistItem.LIBRARY_PUBLISHED: (True, "the library page is published"),
        ChecklistItem.GOALS_CONNECTED: (
            False,
            "not ticked: cop checklist --tick goals-connected",
        ),
    }
    assert [item for item, line in lines.items() if line.by_hand] == list(BY_HAND)
    assert lines[ChecklistItem.RECURRING_TIME].label == "A recurring time, at least monthly"


def test_every_item_one_step_short_of_its_threshold():
    short = replace(
        JUST,
        cadence="every 5 weeks on friday",
        cadence_days=32,
        recent_hosts=1,
        recent_with_commitments=0,
        recent_with_talks=0,
        recent_published=0,
        confluence_space=None,
        latest_report=None,
        departments=0,
        library_published=False,
    )
    assert {item: evidence for item, (done, evidence) in states(short).items() if not done} == {
        ChecklistItem.RECURRING_TIME: "meets every 5 weeks on friday: less often than monthly",
        ChecklistItem.ROTATING_FACILITATION: "of the last 1 sessions, 1 different hosts",
        ChecklistItem.DOCUMENTATION_SPACE: "Confluence is not set up: cop config confluence",
        ChecklistItem.THING_TO_TRY: "of the last 1 sessions, 0 ended with commitments",
        ChecklistItem.LIGHTNING_TALKS: "of the last 1 sessions, 0 had a lightning talk",
        ChecklistItem.SUMMARIES_READABLE: "of the last 1 sessions, 0 have a summary published",
        ChecklistItem.QUARTERLY_REPORT: "no report published yet: cop report --publish",
        ChecklistItem.DEPARTMENT_CHAMPIONS: "no member has a department",
        ChecklistItem.LIBRARY_PUBLISHED: (
            "the library is not published: cop library export --publish"
        ),
        ChecklistItem.GOALS_CONNECTED: "not ticked: cop checklist --tick goals-connected",
    }
