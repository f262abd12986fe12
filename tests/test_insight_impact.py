"""Impact side by side per half-year: use cases applied, what was shared, the survey."""

from __future__ import annotations

from datetime import date

from sqlmodel import select
from test_insights import Q4, _at, circle  # noqa: F401  (a fixture)

from facilitator.services.insight_impact import impact
from facilitator.services.insight_scope import Scope
from store.models import Community, PublishRecord, StudySession


def test_impact_counts_each_half_year_apart(circle):  # noqa: F811
    """Pages published count once per page (republishing updates it) and only in their
    half-year; the survey's share is of its first question; a half without one says so."""
    with circle.session() as s:
        crow = s.exec(select(Community)).one()
        session_id = s.exec(select(StudySession.id).where(StudySession.status == "ended")).first()
        for day, location in [
            (date(2026, 11, 20), "https://wiki/summary"),
            (date(2026, 11, 27), "https://wiki/summary"),  # the same page, updated
            (date(2026, 12, 1), "https://wiki/report"),
            (date(2026, 6, 30), "https://wiki/old"),  # the half before
        ]:
            s.add(
                PublishRecord(
                    session_id=session_id if "summary" in location else None,
                    community_id=None if "summary" in location else crow.id,
                    target="confluence-cloud",
                    location=location,
                    content_hash=location,
                    published_at=_at(day),
                )
            )
    with circle.session() as s:
        crow = s.exec(select(Community)).one()
        before, now = impact(s, Scope((crow,), Q4), date(2026, 11, 22))[crow.id]
    assert (before.label, before.pages, before.surveyed, round(before.grew, 3)) == (
        "2026 H1",
        1,
        8,
        0.375,
    )
    assert (now.label, now.pages, now.surveyed, round(now.grew, 3)) == ("2026 H2", 2, 7, 0.714)
    assert now.applied == 4 and before.applied == 0
