"""The rotation on a large roster reads the head of the line from standings the database
keeps on each member (store.rotation_standing). Two properties, over random lifecycles of a
community (people joining, leaving, going away, being skipped, picked, merged, forgotten,
sessions held with their check-ins, corrected afterwards, cancelled):

- the standings always equal what the history says (the triggers missed no write);
- the ruling read from the head of the line is the ruling read from the whole roster: the
  same host, suggestion and reason, the same people next in line, the same conflict, and
  the same people left out for the same reasons (named, or counted by reason).
"""

from __future__ import annotations

import contextlib
from collections import Counter
from datetime import UTC, datetime, timedelta
from unittest.mock import patch

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import delete, text
from sqlmodel import SQLModel, select

from facilitator.domain import Rotation
from facilitator.errors import CopError
from facilitator.services import (
    availability,
    communities,
    forget_member,
    live,
    roster_merge,
    rotation,
    rotation_facts,
    sessions,
)
from facilitator.services.roster import MemberFields, add_member, edit_member
from facilitator.vocabulary import AttendanceStatus
from store.models import Attendance
from store.rotation_standing import IN_STEP

from conftest import SERVER_URL

START = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
PEOPLE = (
    *("Ana Lima", "Ben Okafor", "Chen Wei", "Dara Singh", "Eli Cohen"),
    *("Femi Ade", "Gus Ng", "Hana Ito", "Ivo Petrov"),
)
DEPARTMENTS = ("Ops", "Data", None)


def ruling(db, now: datetime, whole: bool, named_up_to: int = rotation_facts.NAMED_UP_TO):
    """The next session's host or suggestion, read from the whole roster or from the head
    of the line; an error's message when there is none. The line's head is made short (the
    choice and one more) so that a roster of a few people already has a tail to leave
    unread and ties at its end."""
    with (
        patch.object(rotation_facts, "WHOLE_ROSTER_UP_TO", 10**6 if whole else -1),
        patch.object(rotation_facts, "NAMED_UP_TO", named_up_to),
        patch.object(rotation, "NEXT_IN_LINE", 1),
        patch.object(rotation_facts, "HEAD_OF_LINE", 2),
    ):
        try:
            return rotation.look_ahead(db, None, now)
        except CopError as error:
            return str(error)


def reasons(answer: Rotation) -> Counter:
    left_out = Counter(person.reason for person in answer.not_eligible)
    for group in answer.left_out:
        left_out[group.reason] += group.count
    return left_out


def lifecycle(db):
    class Lifecycle(RuleBasedStateMachine):
        """One community meeting weekly, six of its people on the roster to begin with; the
        roster and its history change at random."""

        def __init__(self) -> None:
            super().__init__()
            with db.session() as s:  # a clean database for each example, on either engine
                for table in reversed(SQLModel.metadata.sorted_tables):
                    s.exec(delete(table))
            communities.create_community(db, "Circle", "weekly on thursday", "12:00", "UTC")
            self.now = START
            for name in PEOPLE[:6]:
                add_member(db, None, MemberFields(name=name), START.date())
            self.named: set[str] = set(PEOPLE[:6])

        @rule(
            name=st.sampled_from(PEOPLE),
            department=st.sampled_from(DEPARTMENTS),
            active=st.booleans(),
            willing=st.booleans(),
        )
        def join_or_change(self, name, department, active, willing) -> None:
            fields = MemberFields(
                name=name, department=department, active=active, willing_to_facilitate=willing
            )
            with contextlib.suppress(CopError):  # a forgotten or merged name is refused
                if name in self.named:
                    edit_member(db, None, name, fields)
                else:
                    add_member(db, None, fields, self.now.date())
                    self.named.add(name)

        @rule(name=st.sampled_from(PEOPLE), start=st.integers(0, 14), days=st.integers(0, 14))
        def goes_away(self, name, start, days) -> None:
            first = self.now.date() + timedelta(days=start)
            with contextlib.suppress(CopError):
                availability.add_away(
                    db, None, name, str(first), str(first + timedelta(days=days)), None, first
                )

        @rule(name=st.sampled_from(PEOPLE), how=st.sampled_from(["rule", "skip", "pick"]))
        def rotate(self, name, how) -> None:
            request = {
                "rule": rotation.RotationRequest(),
                "skip": rotation.RotationRequest(skip=(name,), reason="on holiday"),
                "pick": rotation.RotationRequest(pick=name),
            }[how]
            with contextlib.suppress(CopError):
                rotation.rotate(db, None, self.now, request=request)

        @rule(weeks=st.integers(1, 3))
        def rotate_ahead(self, weeks) -> None:
            """A later session's host assigned already: the next one's "following" host."""
            with contextlib.suppress(CopError):
                rotation.rotate(
                    db, None, self.now, when=str(self.now.date() + timedelta(weeks=weeks))
                )

        @rule(data=st.data(), hosted=st.booleans())
        def hold_a_session(self, data, hosted) -> None:
            """The next session (its host chosen by the rule first, or not), with check-ins."""
            if hosted:
                with contextlib.suppress(CopError):
                    rotation.rotate(db, None, self.now)
            try:
                session_id = live.begin_session(db, None, self.now, None, None)
            except CopError:
                return
            for row in live.attendance(db, session_id):
                status = data.draw(
                    st.sampled_from([AttendanceStatus.PRESENT, None, *AttendanceStatus])
                )
                if status is not None:
                    live.set_attendance(db, session_id, row.member_id, status)
            live.end_session(db, session_id, self.now + timedelta(hours=1), None, None, None)
            self.now += timedelta(days=data.draw(st.integers(1, 9)))

        @rule()
        def cancel_the_next(self) -> None:
            with contextlib.suppress(CopError):
                sessions.cancel_session(db, None, None, self.now)

        @rule(data=st.data(), remove=st.booleans())
        def correct_a_check_in(self, data, remove) -> None:
            """A check-in corrected afterwards, by the ORM as a repair would: every write
            counts, whoever makes it."""
            with db.session() as s:
                marks = s.exec(select(Attendance).order_by(Attendance.id)).all()
                if not marks:
                    return
                mark = data.draw(st.sampled_from(marks))
                if remove:
                    s.delete(mark)
                else:
                    mark.status = (
                        AttendanceStatus.EXCUSED
                        if mark.status == AttendanceStatus.PRESENT
                        else AttendanceStatus.PRESENT
                    )
                    s.add(mark)

        @rule(keep=st.sampled_from(PEOPLE), drop=st.sampled_from(PEOPLE))
        def merge(self, keep, drop) -> None:
            with contextlib.suppress(CopError):
                roster_merge.merge_members(db, None, keep, drop)

        @rule(name=st.sampled_from(PEOPLE[4:]))
        def forget(self, name) -> None:
            with contextlib.suppress(CopError):
                forget_member.forget(db, None, name, now=self.now)

        @rule(days=st.integers(1, 10))
        def time_passes(self, days) -> None:
            self.now += timedelta(days=days)

        @invariant()
        def the_standings_are_the_historys(self) -> None:
            with db.engine.connect() as conn:
                assert conn.execute(text(IN_STEP[1])).all() == []

        @invariant()
        def the_head_of_the_line_rules_as_the_whole_roster(self) -> None:
            whole = ruling(db, self.now, whole=True)
            assert ruling(db, self.now, whole=False) == whole
            counted = ruling(db, self.now, whole=False, named_up_to=0)
            if isinstance(whole, str):
                assert isinstance(counted, str)
                return
            assert isinstance(counted, Rotation)
            assert (counted.host, counted.suggestion, counted.host_conflict) == (
                whole.host,
                whole.suggestion,
                whole.host_conflict,
            )
            assert counted.next_in_line == whole.next_in_line
            assert reasons(counted) == reasons(whole)
            assert set(counted.not_eligible) <= set(whole.not_eligible)

    return Lifecycle


def test_the_head_of_the_line_and_the_standings_agree_with_the_whole_history(db):
    """On the server run fewer examples: each step is a few round trips to PostgreSQL."""
    run_state_machine_as_test(
        lifecycle(db),
        settings=settings(
            max_examples=10 if SERVER_URL else 40,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )


def test_the_head_of_the_line_names_enough_people():
    """The choice and the three after it (the session's host is read as well)."""
    assert rotation_facts.HEAD_OF_LINE >= rotation.NEXT_IN_LINE + 1


def history_of(db, hosts: list[str | None], present: list[str]) -> None:
    """Members by id (ids in the order given, names in the reverse order), each hosting
    the ended sessions given (oldest first), and everyone present at the first session."""
    from facilitator.services.communities import community_row
    from store.models import Member, StudySession

    communities.create_community(db, "Circle", "weekly on thursday", "12:00", "UTC")
    with db.session() as s:
        crow = community_row(s, None)
        for number, member_id in enumerate(present):
            name = f"Member {9 - number}"
            s.add(
                Member(
                    id=member_id,
                    community_id=crow.id,
                    name=name,
                    name_key=name.casefold(),
                    joined_on=START.date(),
                )
            )
        s.flush()
        for week, host in enumerate(hosts):
            s.add(
                StudySession(
                    id=f"s{week}",
                    community_id=crow.id,
                    scheduled_at=START - timedelta(weeks=len(hosts) - week),
                    status="ended",
                    facilitator_id=host,
                )
            )
        s.flush()
        for member_id in present:
            s.add(Attendance(session_id="s0", member_id=member_id, status="present"))


def head_choice(db) -> str:
    with (
        patch.object(rotation_facts, "WHOLE_ROSTER_UP_TO", -1),
        patch.object(rotation_facts, "HEAD_OF_LINE", 1),
    ):
        answer = rotation.look_ahead(db, None, START)
    assert answer.suggestion is not None
    return answer.suggestion.name


def test_among_equal_turns_the_head_is_the_longest_since_their_last_turn(db):
    """Read from the head, as on a large roster: a turn each, and the one who hosted
    longest ago comes first though their id sorts last."""
    history_of(db, ["m4", "m3", "m2", "m1"], ["m1", "m2", "m3", "m4"])
    assert head_choice(db) == "Member 6"  # m4, the first to host


def test_among_full_ties_the_head_is_the_first_by_name(db):
    """Tied on turns, last turn and joining: the rule's order goes on to the name, which
    the database does not keep in that order; everyone tied is read."""
    history_of(db, [None], ["m1", "m2", "m3", "m4"])
    assert head_choice(db) == "Member 6"  # m4, first by name, last by id
