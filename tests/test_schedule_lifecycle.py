"""The schedule's lifecycle as a property: random sequences of planning, starting early, late
or on a day with nothing planned, cancelling, ending, carrying over and forgetting, on an
injected clock, with the schedule's invariants checked after every step."""

from __future__ import annotations

import contextlib
from collections import Counter
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import delete
from sqlmodel import SQLModel, col, select

from facilitator.errors import CopError
from facilitator.insight_period import days_between
from facilitator.services import communities, followup, forget_member, live, schedule, sessions
from facilitator.services.captures import add_commitment
from facilitator.services.communities import community_row
from facilitator.services.insight_scope import Scope
from facilitator.services.insights import regularity
from facilitator.services.roster import MemberFields, add_member
from facilitator.vocabulary import HELD, SessionStatus
from store.models import Commitment, StudySession

from conftest import SERVER_URL

START = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)  # a Saturday; the cadence is Thursdays
PEOPLE = ("Ana Lima", "Ben Okafor", "Chen Wei", "Dara Singh")


def lifecycle(db):
    class Lifecycle(RuleBasedStateMachine):
        """One community meeting every other Thursday at 12:00 in Berlin."""

        def __init__(self) -> None:
            super().__init__()
            with db.session() as s:  # a clean database for each example, on either engine
                for table in reversed(SQLModel.metadata.sorted_tables):
                    s.exec(delete(table))
            communities.create_community(
                db, "Circle", "every other thursday", "12:00", "Europe/Berlin"
            )
            for name in PEOPLE:
                add_member(db, None, MemberFields(name=name), START.date())
            self.now = START
            self.forgotten: set[str] = set()

        # Steps

        @rule(days=st.integers(0, 12), hours=st.integers(0, 23))
        def time_passes(self, days: int, hours: int) -> None:
            self.now += timedelta(days=days, hours=hours)

        @rule()
        def plan_one(self) -> None:
            with contextlib.suppress(CopError):  # a date already planned is refused
                sessions.plan_session(db, None, self.now)

        @rule(weeks=st.integers(1, 10))
        def plan_a_period(self, weeks: int) -> None:
            today = self.now.date()
            first = sessions.plan_period(
                db, None, self.now, first=str(today), last=str(today + timedelta(weeks=weeks))
            )
            again = sessions.plan_period(
                db, None, self.now, first=str(today), last=str(today + timedelta(weeks=weeks))
            )
            assert again.planned == []  # repeating it adds nothing
            assert {moment.date() for moment in first.planned} <= set(again.already)

        @rule(owners=st.lists(st.sampled_from(PEOPLE), max_size=3, unique=True))
        def hold_a_session(self, owners: list[str]) -> None:
            """Start whatever `start` offers now (today's, a planned one up to a week ahead,
            or a new one), commit, and end it."""
            try:
                session_id = live.begin_session(db, None, self.now, None, None)
            except CopError:
                return
            info = live.session_info(db, session_id)
            for owner in owners:
                if owner in self.forgotten:
                    continue
                add_commitment(
                    db,
                    session_id,
                    owner,
                    "Try one thing",
                    info.default_due,
                    None,
                    None,
                    mark_present=True,
                )
            live.end_session(db, session_id, self.now + timedelta(minutes=60), None, None, None)
            self.now += timedelta(hours=1)

        @rule()
        def cancel_the_next(self) -> None:
            with db.session() as s:
                expected = schedule.next_session(s, community_row(s, None), self.now).row
                expected_id = expected.id if expected else None
            try:
                cancelled = sessions.cancel_session(db, None, None, self.now)
            except CopError:
                assert expected_id is None  # refused only when nothing is planned
                return
            assert cancelled.id == expected_id  # the next planned one, never a missed one

        @rule(data=st.data())
        def carry_one_over(self, data) -> None:
            with db.session() as s:
                open_ids = s.exec(
                    select(Commitment.id).where(col(Commitment.outcome).is_(None))
                ).all()
            if open_ids:
                chosen = data.draw(st.sampled_from(sorted(open_ids)))
                followup.mark(db, None, [chosen], "carried", note="smaller next time")

        @rule(name=st.sampled_from(PEOPLE[2:]))
        def forget_someone(self, name: str) -> None:
            if name not in self.forgotten:
                forget_member.forget(db, None, name, now=self.now)
                self.forgotten.add(name)

        # Invariants

        @invariant()
        def one_session_a_cadence_date(self) -> None:
            with db.session() as s:
                dates = s.exec(
                    select(StudySession.cadence_on).where(col(StudySession.cadence_on).is_not(None))
                ).all()
            assert not [d for d, n in Counter(dates).items() if n > 1]

        @invariant()
        def a_session_held_near_a_free_cadence_date_took_it(self) -> None:
            """Held early, late, or with nothing planned: a session off the cadence is an
            extra meeting only when no free cadence date was within half an interval."""
            with db.session() as s:
                crow = community_row(s, None)
                rule = schedule.rule_of(crow)
                extras = s.exec(
                    select(StudySession)
                    .where(col(StudySession.status).in_(HELD))
                    .where(col(StudySession.cadence_on).is_(None))
                ).all()
                for row in extras:
                    day = rule.local_day(row.scheduled_at)
                    near = schedule.expected_dates(s, crow, day - rule.reach, day + rule.reach)
                    taken = schedule.taken_dates(s, crow, day - rule.reach, day + rule.reach)
                    free = [d for d in near if d not in taken and abs(d - day) < rule.reach]
                    assert not free, (day, free)

        @invariant()
        def the_next_session_is_after_every_held_one(self) -> None:
            with db.session() as s:
                crow = community_row(s, None)
                upcoming = schedule.next_session(s, crow, self.now)
                held = s.exec(select(StudySession).where(col(StudySession.status).in_(HELD))).all()
                today = upcoming.at.astimezone(schedule.rule_of(crow).tz).date()
            assert upcoming.row is None or upcoming.row.status == SessionStatus.PLANNED
            for row in held:
                assert upcoming.at > row.scheduled_at
                assert row.cadence_on is None or upcoming.due_on > row.cadence_on
            local_now = self.now.astimezone(schedule.rule_of(crow).tz).date()
            assert today >= local_now  # a missed session is never the next

        @invariant()
        def open_commitments_are_due_at_the_session_after_theirs(self) -> None:
            with db.session() as s:
                crow = community_row(s, None)
                rows = s.exec(
                    select(Commitment, StudySession)
                    .join(StudySession, StudySession.id == Commitment.session_id)
                    .where(col(Commitment.outcome).is_(None))
                ).all()
                for commitment, made_in in rows:
                    if commitment.carried_from_id is not None:
                        continue  # due at the later of the two (never earlier than before)
                    after = schedule.following(s, crow, made_in)
                    assert commitment.due_on == after.due_on, (made_in.scheduled_at, after)

        @invariant()
        def a_carried_commitment_counts_once(self) -> None:
            with db.session() as s:
                carried = s.exec(
                    select(Commitment.carried_from_id).where(
                        col(Commitment.carried_from_id).is_not(None)
                    )
                ).all()
            assert len(carried) == len(set(carried))

        @invariant()
        def held_never_exceeds_expected_and_shares_stay_under_100(self) -> None:
            tz_now = self.now
            with db.session() as s:
                crow = community_row(s, None)
                for first in (date(2026, 10, 1), date(2026, 11, 1), self.now.date()):
                    period = days_between(first, first + timedelta(days=90))
                    found = regularity(s, Scope((crow,), period), tz_now)[crow.id]
                    assert found.held <= found.expected
            from facilitator.insight_period import quarter_of
            from facilitator.services.insight_report import insight_report

            report = insight_report(db, None, quarter_of(self.now.date()), self.now)
            share = report.period.turnout.share_of_roster
            assert share is None or share <= 1

    return Lifecycle


def test_the_schedule_keeps_its_promises_whatever_happens(db):
    """On the server run fewer examples: each step is a few round trips to PostgreSQL."""
    run_state_machine_as_test(
        lifecycle(db),
        settings=settings(
            max_examples=10 if SERVER_URL else 25,
            stateful_step_count=14,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
