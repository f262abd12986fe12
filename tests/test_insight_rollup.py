"""The company-wide roll-up counts every community's figures together, one statement per
figure for the communities of a timezone: each community's report in it must be exactly the
report it has alone, however its neighbours in the statement differ (timezone, tuned
thresholds, ticks, pages published, people)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select
from test_bench_history import history_module

from facilitator.insight_period import days_between, parse_quarter
from facilitator.services.checklist import tick
from facilitator.services.insight_report import every_insight_report, insight_report
from facilitator.services.thresholds import tune_thresholds
from facilitator.vocabulary import SessionStatus
from store.models import Community, PublishRecord, StudySession

from conftest import FROZEN_NOW

PERIODS = {
    "this quarter": parse_quarter("2026Q4"),
    "the one before": parse_quarter("2026Q3"),
    "a quarter with no sessions yet": parse_quarter("2027Q2"),
    "six weeks": days_between(FROZEN_NOW.date() - timedelta(days=41), FROZEN_NOW.date()),
}


@pytest.fixture(scope="module")
def built():
    return history_module()


@pytest.fixture
def company(another_database, built):
    """Four communities of the sample's history, made different from each other: two more
    timezones (two communities with sessions share one, so their statements hold both), a
    tuned threshold, a ticked item, summaries, a report and a library page published, and
    one with no session held."""
    db = another_database()
    built.build(db, 1, 11, FROZEN_NOW, communities=4)
    with db.session() as s:
        rows = s.exec(select(Community).order_by(Community.name)).all()
        rows[1].timezone = "America/New_York"  # 1 and 2 are read in one scope
        rows[2].timezone = "America/New_York"
        rows[3].timezone = "Asia/Tokyo"
        for session in s.exec(
            select(StudySession).where(StudySession.community_id == rows[3].id)
        ).all():
            session.status = SessionStatus.CANCELLED
        latest = s.exec(
            select(StudySession)
            .where(StudySession.community_id == rows[0].id)
            .where(StudySession.status == SessionStatus.ENDED)
            .order_by(StudySession.scheduled_at.desc())  # type: ignore[attr-defined]
        ).first()
        assert latest is not None
        s.add(
            PublishRecord(
                session_id=latest.id,
                target="confluence-cloud",
                location="https://example.atlassian.net/wiki/x",
                content_hash="a",
            )
        )
        s.add(
            PublishRecord(
                report_period=parse_quarter("2026Q3").key,
                target="confluence-cloud",
                location="https://example.atlassian.net/wiki/r",
                content_hash="b",
            )
        )
        s.add(
            PublishRecord(
                community_id=rows[2].id,
                target="confluence-cloud",
                location="https://example.atlassian.net/wiki/l",
                content_hash="c",
            )
        )
        names = [row.name for row in rows]
        s.commit()
    tune_thresholds(db, names[1], ["inactive-sessions=2"])
    tune_thresholds(db, names[2], ["inactive-sessions=9"])
    tick(db, names[0], "leadership-approval", True, FROZEN_NOW)
    return db, names


@pytest.mark.parametrize("period", list(PERIODS.values()), ids=list(PERIODS))
@pytest.mark.parametrize("publishing", [False, True], ids=["read", "publishing"])
def test_each_community_in_the_roll_up_reads_as_it_does_alone(company, period, publishing):
    db, names = company
    together = every_insight_report(db, period, FROZEN_NOW, publishing)
    alone = [insight_report(db, name, period, FROZEN_NOW, publishing) for name in names]
    assert [r.community for r in together] == names
    for mixed, own in zip(together, alone, strict=True):
        assert mixed == own, mixed.community


def test_the_communities_differ_so_the_comparison_means_something(company):
    db, _ = company
    reports = every_insight_report(db, PERIODS["this quarter"], FROZEN_NOW)
    held = [r.period.regularity.sessions for r in reports]
    assert held[:3] == [held[0]] * 3 and held[0] > 0 and held[3] == 0
    assert len({r.period.turnout.average for r in reports}) == 4
    assert [r.inactive_after for r in reports] == [4, 2, 9, 4]
    assert [bool(r.inactive) for r in reports] == [False, True, False, False]
    lines = [{line.item: line.done for line in r.checklist} for r in reports]
    assert [line["leadership-approval"] for line in lines] == [True, False, False, False]
    assert [line["library-published"] for line in lines] == [False, False, True, False]
    assert [line["quarterly-report"] for line in lines] == [True] * 4  # the company's page
