"""Follow-up on commitments against a real SQLite file: lifecycle, carries, rates, CLI."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from facilitator.errors import Conflict, InvalidInput
from facilitator.services import followup
from store.models import Attendance, Commitment, CommitmentReview, Community, Member, StudySession

TODAY = date(2026, 11, 21)


def held(db, day: date, commitments: dict[str, list[str]], status: str = "ended") -> str:
    """A session on `day` where each named member committed to the given texts."""
    with db.session() as s:
        community = s.exec(select(Community)).one()
        members = {m.name: m for m in s.exec(select(Member)).all()}
        row = StudySession(
            community_id=community.id,
            scheduled_at=datetime(day.year, day.month, day.day, 11, tzinfo=UTC),
            status=status,
        )
        s.add(row)
        s.flush()
        for name in members:
            s.add(Attendance(session_id=row.id, member_id=members[name].id, status="present"))
        for name, texts in commitments.items():
            for text in texts:
                s.add(
                    Commitment(
                        session_id=row.id,
                        member_id=members[name].id,
                        text=text,
                        due_on=date(day.year, day.month, day.day + 7 if day.day < 20 else 28),
                    )
                )
        return row.id


def ids(db) -> dict[str, str]:
    with db.session() as s:
        return {c.text: c.id for c in s.exec(select(Commitment)).all()}


@pytest.fixture
def circle(berlin_circle, db):
    held(db, date(2026, 11, 5), {"Ana Lima": ["Rubric prompt"], "Ben Okafor": ["Thread summary"]})
    held(db, date(2026, 11, 12), {"Chen Wei": ["Job ad rewrite"], "Ana Lima": ["Recap"]})
    return db


def test_open_commitments_oldest_first_with_age_due_and_filters(circle):
    items = followup.list_open(circle, None, TODAY)
    assert [(i.owner, i.text, i.age_days) for i in items] == [
        ("Ana Lima", "Rubric prompt", 16),
        ("Ben Okafor", "Thread summary", 16),
        ("Ana Lima", "Recap", 9),
        ("Chen Wei", "Job ad rewrite", 9),
    ]
    assert [i.overdue for i in items] == [True, True, True, True]
    assert [i.text for i in followup.list_open(circle, None, TODAY, department="hr")] == [
        "Job ad rewrite"
    ]
    assert len(followup.list_open(circle, None, TODAY, owner="Ana Lima")) == 2
    assert followup.list_open(circle, None, date(2026, 11, 13), overdue=True)[0].overdue


def test_a_review_records_outcome_reviewer_time_and_note(circle):
    ref = ids(circle)["Rubric prompt"][:6]
    [result] = followup.mark(circle, None, [ref], "partly", "  only on  one doc ", "Chen Wei")
    assert (result.outcome, result.owner, result.successor_id) == ("partly", "Ana Lima", None)
    with circle.session() as s:
        review = s.exec(select(CommitmentReview)).one()
        reviewer = s.get(Member, review.reviewer_id).name
    assert (review.note, reviewer) == ("only on one doc", "Chen Wei")
    assert review.reviewed_at is not None
    assert "Rubric prompt" not in [i.text for i in followup.list_open(circle, None, TODAY)]


def test_carrying_over_chains_successors_and_suggests_after_two(circle):
    first = ids(circle)["Thread summary"]
    [one] = followup.mark(circle, None, [first], "carried")
    assert one.suggestion is None and one.successor_due == date(2026, 11, 26)
    [two] = followup.mark(circle, None, [one.successor_id], "carried")
    assert two.suggestion == "carried over 2 times: make it smaller, or drop it"
    with circle.session() as s:
        chain = s.get(Commitment, two.successor_id)
        assert chain.carry_count == 2 and chain.text == "Thread summary"
        assert s.get(Commitment, chain.carried_from_id).carried_from_id == first
    open_texts = [(i.text, i.carries) for i in followup.list_open(circle, None, TODAY)]
    assert ("Thread summary", 2) in open_texts and ("Thread summary", 0) not in open_texts


def test_an_earlier_review_is_shown_and_needs_force(circle):
    ref = ids(circle)["Recap"]
    followup.mark(circle, None, [ref], "not-tried", "no time", "Ben Okafor")
    with pytest.raises(Conflict, match=r"already reviewed as not-tried on .* by Ben Okafor \(no"):
        followup.mark(circle, None, [ref[:5]], "done")
    [changed] = followup.mark(circle, None, [ref], "done", force=True)
    assert changed.replaced == "not_tried"
    carried = ids(circle)["Job ad rewrite"]
    followup.mark(circle, None, [carried], "carried")
    with pytest.raises(Conflict, match="review its successor instead"):
        followup.mark(circle, None, [carried], "done", force=True)


def test_bulk_marking_is_all_or_nothing(circle):
    refs = [ids(circle)["Rubric prompt"], ids(circle)["Recap"]]
    followup.mark(circle, None, [refs[1]], "done")
    with pytest.raises(Conflict):
        followup.mark(circle, None, refs, "dropped")
    assert "Rubric prompt" in [i.text for i in followup.list_open(circle, None, TODAY)]
    results = followup.mark(circle, None, [refs[0], ids(circle)["Thread summary"]], "dropped")
    assert [r.outcome for r in results] == ["dropped", "dropped"]


def test_follow_through_arithmetic_on_a_hand_built_history(circle):
    texts = ids(circle)
    followup.mark(circle, None, [texts["Rubric prompt"]], "done")
    followup.mark(circle, None, [texts["Thread summary"]], "dropped")
    followup.mark(circle, None, [texts["Recap"]], "partly")
    followup.mark(circle, None, [texts["Job ad rewrite"]], "carried")
    rates = followup.follow_through(circle, None, TODAY)
    people = {
        name: (h.made, len([i for i in h.items if i.outcome in followup.RESOLVED]), h.tried, h.rate)
        for name in ("Ana Lima", "Ben Okafor", "Chen Wei")
        for h in [followup.history(circle, None, name, TODAY)]
    }
    assert people == {
        "Ana Lima": (2, 2, 2, 1.0),
        "Ben Okafor": (1, 1, 0, 0.0),
        "Chen Wei": (2, 0, 0, None),  # carried, and its open successor
    }
    departments = {r.key: r.rate for r in rates.departments}
    assert departments == {"Engineering": 1.0, "HR": None, "Sales": 0.0}
    sessions = {r.key: (r.resolved, r.tried) for r in rates.sessions}
    assert sessions["2026-11-05"] == (2, 1) and sessions["2026-11-12"] == (1, 1)


def test_nudges_list_each_persons_open_commitments(circle, cop):
    """Planning the 26 Nov session makes it the group's next meeting: what was due on
    19 Nov, when nobody met, is due there; 12 Nov, when the group met, stays overdue."""
    cop("session", "plan")
    everyone = followup.nudges(circle, None, TODAY)
    assert [n.owner for n in everyone] == ["Ana Lima", "Ben Okafor", "Chen Wei"]
    ana = everyone[0]
    assert ana.open_count == 2
    assert ana.message.splitlines() == [
        "Hi Ana, a quick nudge from Circle: you said you'd try",
        "  • Rubric prompt (due Thu 12 Nov, overdue)",
        "  • Recap (due Thu 26 Nov)",
        "How did it go? One line is plenty; we'll ask at the next session on Thu 26 Nov.",
    ]
    assert [n.owner for n in followup.nudges(circle, None, TODAY, "Sales")] == ["Ben Okafor"]


# The command line


def test_cli_list_mark_and_nudges(cop, circle):
    listed = json.loads(cop("followup", "list", "--json").out)
    assert [i["text"] for i in listed][:2] == ["Rubric prompt", "Thread summary"]
    first = listed[0]["short_id"]
    table = cop("followup", "list", "--overdue", "--department", "Engineering")
    assert first in table.out and "Thread summary" not in table.out
    marked = cop("followup", "mark", first, "carried", "--note", "busy week")
    assert marked.code == 0 and "carried over as" in marked.out
    again = cop("followup", "mark", first, "done")
    assert again.code == 2 and "already reviewed as carried" in again.err
    nudged = cop("followup", "nudges", "--department", "Sales")
    assert nudged.code == 0 and "— Ben Okafor (Sales)" in nudged.out
    assert "Thread summary" in nudged.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["mark", "zzzz", "done"], "no commitment with id 'zzzz'"),
        (["mark", "ab", "done"], "at least 4 characters"),
        (["mark", "{first}", "maybe"], "unknown outcome 'maybe'; use done, partly"),
        (["mark", "{first}"], "give the commitment id, then the outcome"),
        (["mark", "{first}", "{first}", "done"], "named twice"),
        (["mark", "{first}", "done", "--by", "Nobody"], "no member named 'Nobody'"),
        (["mark", "{first}", "done", "--note", "x" * 301], "keep it to one line"),
        (["list", "--department", "Legal"], "no member is in a department called 'Legal'"),
        (["list", "--owner", "Ana"], "did you mean 'Ana Lima'?"),
    ],
)
def test_cli_bad_input_changes_nothing(cop, circle, args, message):
    first = ids(circle)["Rubric prompt"][:6]
    result = cop("followup", *[a.replace("{first}", first) for a in args])
    assert result.code == 2 and message in result.err
    with circle.session() as s:
        assert s.exec(select(CommitmentReview)).all() == []


def test_an_ambiguous_prefix_lists_the_candidates(cop, circle):
    with circle.session() as s:
        for n, c in enumerate(s.exec(select(Commitment)).all()):
            replacement = Commitment(**{**c.model_dump(), "id": f"abcd{n}" + c.id[5:]})
            s.delete(c)
            s.flush()
            s.add(replacement)
    result = cop("followup", "mark", "abcd", "done")
    assert result.code == 2 and "'abcd' matches several commitments: abcd0" in result.err
    with pytest.raises(InvalidInput):
        followup.mark(circle, None, ["abcd"], "done")


def test_follow_through_on_the_sample_matches_counting_by_hand(db):
    """The SQL (latest review per commitment, grouped) against a count over every row."""
    from facilitator.services.demo import load_demo

    from conftest import FROZEN_NOW

    load_demo(db, FROZEN_NOW)
    with db.session() as s:
        dropped = s.exec(select(CommitmentReview).where(CommitmentReview.outcome == "dropped"))
        changed = dropped.first().commitment_id
    followup.mark(db, None, [changed], "done", force=True)  # a later review supersedes
    with db.session() as s:
        reviews = sorted(s.exec(select(CommitmentReview)).all(), key=lambda r: r.reviewed_at)
        latest = {r.commitment_id: r.outcome for r in reviews}
        rows = s.exec(
            select(Commitment, Member.department, StudySession.scheduled_at)
            .join(Member, Member.id == Commitment.member_id)
            .join(StudySession, StudySession.id == Commitment.session_id)
        ).all()
    by_department: dict[str, list[int]] = {}
    by_session: dict[datetime, list[int]] = {}
    for commitment, department, at in rows:
        outcome = latest.get(commitment.id)
        for tally in (
            by_department.setdefault(department, [0, 0, 0]),
            by_session.setdefault(at, [0, 0, 0]),
        ):
            tally[0] += 1
            tally[1] += outcome in followup.RESOLVED
            tally[2] += outcome in followup.TRIED
    rates = followup.follow_through(db, None, FROZEN_NOW.date())
    assert {r.key: [r.made, r.resolved, r.tried] for r in rates.departments} == by_department
    last_four = [by_session[at] for at in sorted(by_session)[-4:]]
    assert [[r.made, r.resolved, r.tried] for r in rates.sessions] == last_four
    assert len(followup.follow_through(db, None, FROZEN_NOW.date(), recent=100).sessions) == len(
        by_session
    )


def test_department_rates_cover_the_last_twelve_months(circle):
    held(circle, date(2025, 6, 5), {"Ben Okafor": ["An old habit"]})
    followup.mark(circle, None, [ids(circle)["An old habit"]], "done")
    followup.mark(circle, None, [ids(circle)["Thread summary"]], "dropped")
    departments = {
        r.key: (r.made, r.tried) for r in followup.follow_through(circle, None, TODAY).departments
    }
    assert departments["Sales"] == (1, 0)  # the done commitment of June 2025 is too old
    a_year_on = date(2026, 6, 1)
    departments = {
        r.key: (r.made, r.tried)
        for r in followup.follow_through(circle, None, a_year_on).departments
    }
    assert departments["Sales"] == (2, 1)


def test_the_stored_outcome_follows_every_review_and_undo(circle):
    """The outcome kept on the commitment (what open lists and rates read) is always its
    latest review's: after a review, a forced change, a carry and each undo."""

    def stored(text: str) -> str | None:
        with circle.session() as s:
            return s.exec(select(Commitment).where(Commitment.text == text)).first().outcome

    def latest(text: str) -> str | None:
        with circle.session() as s:
            commitment = s.exec(select(Commitment).where(Commitment.text == text)).first()
            reviews = s.exec(
                select(CommitmentReview).where(CommitmentReview.commitment_id == commitment.id)
            ).all()
            return max(reviews, key=lambda r: (r.reviewed_at, r.id)).outcome if reviews else None

    rubric = ids(circle)["Rubric prompt"]
    assert stored("Rubric prompt") is None
    first = followup.mark(circle, None, [rubric], "partly")[0]
    assert stored("Rubric prompt") == latest("Rubric prompt") == "partly"
    second = followup.mark(circle, None, [rubric], "done", force=True)[0]
    assert stored("Rubric prompt") == latest("Rubric prompt") == "done"
    followup.undo_reviews(circle, [second.review_id])
    assert stored("Rubric prompt") == latest("Rubric prompt") == "partly"
    followup.undo_reviews(circle, [first.review_id])
    assert stored("Rubric prompt") is None
    assert "Rubric prompt" in [i.text for i in followup.list_open(circle, None, TODAY)]
    carried = followup.mark(circle, None, [ids(circle)["Recap"]], "carried")[0]
    assert stored("Recap") == "carried"
    followup.undo_reviews(circle, [carried.review_id])
    assert stored("Recap") is None
