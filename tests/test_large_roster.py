"""A roster of thousands: `roster list` and the roster screen read a page at a time, and
`rotate` counts the people not eligible by reason instead of printing each one.

Every threshold is tested at its value and one above: a page of 50, the 12 people not
eligible still listed by name, the 3 people of one reason still named.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.cli.roster import ROSTER_PAGE
from facilitator.domain.rotation_values import LISTED_IN_FULL, NAMED_PER_REASON
from facilitator.services.communities import create_community
from facilitator.services.roster import MemberFields, add_member
from facilitator.services.roster_pages import list_members, member_page

CIRCLE = [
    *("community", "create", "Circle", "--cadence", "every other thursday"),
    *("--time", "12:00", "--timezone", "Europe/Berlin"),
]


def roster_of(cop, count: int) -> None:
    assert cop(*CIRCLE).code == 0
    for number in range(1, count + 1):
        assert cop("roster", "add", f"Member {number:03}", "--department", "Ops").code == 0


def not_eligible_lines(out: str) -> list[str]:
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Not eligible"))
    return lines[start:]


@pytest.mark.parametrize("inactive", [LISTED_IN_FULL - 1, LISTED_IN_FULL])
def test_up_to_twelve_not_eligible_are_each_named(cop, inactive):
    roster_of(cop, inactive + 2)
    for number in range(1, inactive + 1):
        assert cop("roster", "edit", f"Member {number:03}", "--inactive").code == 0
    out = cop("rotate", "--dry-run", "--date", "2026-12-10").out
    assert not_eligible_lines(out) == [
        "Not eligible this time:",
        *(f"  Member {n:03} — not on the active roster" for n in range(1, inactive + 1)),
    ]


@pytest.mark.parametrize("unwilling", [NAMED_PER_REASON, NAMED_PER_REASON + 1])
def test_more_than_twelve_are_counted_by_reason_and_the_rare_reasons_named(cop, unwilling):
    inactive = LISTED_IN_FULL + 1 - NAMED_PER_REASON  # 13 not eligible with 3 unwilling
    roster_of(cop, inactive + unwilling + 2)
    for number in range(1, inactive + 1):
        assert cop("roster", "edit", f"Member {number:03}", "--inactive").code == 0
    for number in range(inactive + 1, inactive + unwilling + 1):
        assert cop("roster", "edit", f"Member {number:03}", "--no-facilitate").code == 0
    unwilling_lines = (
        [
            f"  Member {n:03} — does not facilitate (roster: --no-facilitate)"
            for n in range(inactive + 1, inactive + unwilling + 1)
        ]
        if unwilling <= NAMED_PER_REASON
        else [f"  does not facilitate (roster: --no-facilitate): {unwilling} people"]
    )
    out = cop("rotate", "--dry-run", "--date", "2026-12-10").out
    assert not_eligible_lines(out) == [
        f"Not eligible this time: {inactive + unwilling} (--all lists them)",
        f"  not on the active roster: {inactive} people",
        *unwilling_lines,
    ]
    every = not_eligible_lines(cop("rotate", "--dry-run", "--date", "2026-12-10", "--all").out)
    assert every[0] == "Not eligible this time:"
    assert len(every) == 1 + inactive + unwilling
    assert every[1] == "  Member 001 — not on the active roster"


def test_all_goes_with_the_ruling_not_with_the_history(cop):
    roster_of(cop, 2)
    refused = cop("rotate", "--history", "--all")
    assert refused.code == 2 and "--history lists the record" in refused.err


@pytest.mark.parametrize("members", [ROSTER_PAGE, ROSTER_PAGE + 1])
def test_roster_list_shows_a_page_of_fifty_and_says_how_to_see_the_rest(cop, members):
    roster_of(cop, members)
    out = cop("roster", "list").out.splitlines()
    names = [line.split("  ")[0] for line in out[2:] if line.startswith("Member ")]
    assert names == [f"Member {n:03}" for n in range(1, ROSTER_PAGE + 1)]
    if members == ROSTER_PAGE:
        assert not out[-1].startswith("Members ")
        return
    assert out[-1] == "Members 1–50 of 51: --page 2 for the next, --per-page 0 for everyone."
    second = cop("roster", "list", "--page", "2").out.splitlines()
    assert next(line for line in second if line.startswith("Member ")).startswith("Member 051")
    assert second[-1] == "Members 51–51 of 51: the last page, --per-page 0 for everyone."
    everyone = cop("roster", "list", "--per-page", "0").out
    assert "Member 051" in everyone and "--page" not in everyone


def test_roster_list_json_lists_everyone_unless_a_page_is_asked_for(cop):
    roster_of(cop, ROSTER_PAGE + 1)
    assert len(json.loads(cop("roster", "list", "--json").out)) == ROSTER_PAGE + 1
    assert len(json.loads(cop("roster", "list", "--json", "--page", "1").out)) == ROSTER_PAGE
    page = json.loads(cop("roster", "list", "--json", "--page", "3", "--per-page", "20").out)
    assert [m["name"] for m in page] == [f"Member {n:03}" for n in range(41, 52)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--page", "0"), "--page counts from 1, not 0"),
        (("--page", "-1"), "--page counts from 1, not -1"),
        (("--per-page", "-5"), "--per-page is a number of members (0 for everyone), not -5"),
        (("--page", "3"), "page 3 is past the end: 51 members fill 2 pages of 50"),
        (("--page", "2", "--per-page", "51"), "page 2 is past the end: 51 members fill 1 page"),
    ],
)
def test_a_page_that_is_not_there_is_refused_in_one_line(cop, args, message):
    roster_of(cop, ROSTER_PAGE + 1)
    refused = cop("roster", "list", *args)
    assert refused.code == 2
    assert message in refused.err and refused.err.count("\n") == 1


NAMES = st.lists(
    st.text(st.sampled_from("aAbéÉ _%\\z"), min_size=1, max_size=6).filter(str.strip),
    min_size=1,
    max_size=12,
    unique_by=lambda name: " ".join(name.split()).casefold(),
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    names=NAMES, size=st.integers(1, 5), typed=st.text(st.sampled_from("aAbéÉ _%\\z"), max_size=3)
)
def test_the_pages_of_a_filtered_roster_are_the_roster_filtered(
    another_database, names, size, typed
):
    """Read page by page, the roster is the whole list (figures included), and a filter
    keeps exactly the members whose text holds every word typed, folded (case and accents
    ignored, % and _ taken literally)."""
    from store.search_index import fold

    db = another_database()
    create_community(db, "Circle", "weekly on thursday", "12:00", "UTC")
    for name in names:
        add_member(db, None, MemberFields(name=name, department="Ops"), date(2026, 1, 5))
    whole = list_members(db, None)
    wanted = [
        m
        for m in whole
        if all(fold(w) in fold(f"{m.name} Ops {','.join(m.roles)}") for w in typed.split())
    ]
    read = []
    first = 0
    while True:
        page = member_page(db, None, False, first, size, typed)
        assert page.total == len(wanted) and page.roster == len(whole)
        if not page.members:
            break
        read.extend(page.members)
        first += size
    assert read == wanted
