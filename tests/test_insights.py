"""Community health measures on hand-built histories whose answers are worked out here."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from exporters import insight_confluence as confluence
from exporters import insight_markdown as markdown
from facilitator.errors import InvalidInput
from facilitator.impact_survey import DEFAULT_ANSWERS, DEFAULT_QUESTION
from facilitator.insight_data import absence_factor
from facilitator.insight_period import days_between, parse_quarter, quarter_of
from facilitator.services.communities import create_community
from facilitator.services.insight_outcomes import applying, learning, session_series
from facilitator.services.insight_report import insight_report
from facilitator.services.insight_scope import Scope
from facilitator.services.insights import (
    attendance,
    inactive_members,
    newcomers,
    reach,
    regularity,
    voices,
)
from facilitator.services.roster import MemberFields, add_member
from facilitator.vocabulary import AttendanceStatus, Outcome, SessionStatus, TalkStatus
from store.models import (
    Attendance,
    Commitment,
    CommitmentReview,
    Community,
    LibraryEntry,
    LightningTalk,
    Member,
    SessionPulse,
    StudySession,
    Survey,
    SurveyCount,
    SurveyQuestion,
    Takeaway,
)

BERLIN = ZoneInfo("Europe/Berlin")


def one(figure, s, crow, period, *args):
    """A figure of one community: the service counts each for a scope of several."""
    return figure(s, Scope((crow,), period), *args)[crow.id]


NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
Q4 = parse_quarter("2026Q4")


def test_quarters_parse_and_step_back():
    assert (Q4.first, Q4.last, Q4.label) == (date(2026, 10, 1), date(2026, 12, 31), "2026 Q4")
    assert parse_quarter(" 2026-q1 ").last == date(2026, 3, 31)
    assert Q4.before() == quarter_of(date(2026, 9, 30))
    assert parse_quarter("2026Q1").before().label == "2025 Q4"
    weeks = days_between(date(2026, 11, 1), date(2026, 11, 14))
    assert weeks.before() == days_between(date(2026, 10, 18), date(2026, 10, 31))
    with pytest.raises(InvalidInput, match="write it like 2026Q4"):
        parse_quarter("2026Q5")
    with pytest.raises(InvalidInput, match="ends"):
        days_between(date(2026, 2, 1), date(2026, 1, 1))


def test_the_quarter_starts_at_local_midnight():
    start, end = Q4.bounds(BERLIN)
    assert start == datetime(2026, 9, 30, 22, 0, tzinfo=UTC)  # CEST
    assert end == datetime(2026, 12, 31, 23, 0, tzinfo=UTC)  # CET


PEOPLE = ["Ana", "Ben", "Cleo", "Dev", "Eli", "Fay"]
# (day, status, host, present, talks given): Sep 24 is before the quarter; Oct 15 was
# cancelled; Fay first comes on 1 October and Eli (inactive now) on 5 November.
SESSIONS = [
    (date(2026, 9, 24), SessionStatus.ENDED, "Ana", "Ana Ben Cleo Dev", "Ana"),
    (date(2026, 10, 1), SessionStatus.ENDED, "Ben", "Ana Ben Fay", "Ben Ana"),
    (date(2026, 10, 8), SessionStatus.ENDED, "Ana", "Ana Ben Cleo", "Ana"),
    (date(2026, 10, 15), SessionStatus.CANCELLED, "Cleo", "", ""),
    (date(2026, 10, 29), SessionStatus.ENDED, "Dev", "Ana Fay", "Cleo"),
    (date(2026, 11, 5), SessionStatus.ENDED, "Ana", "Ana Ben Eli", "Ana"),
    (date(2026, 11, 12), SessionStatus.ENDED, "Ben", "", ""),
    (date(2026, 12, 3), SessionStatus.PLANNED, "Cleo", "", ""),
]


SURVEYS = {  # half-year: answers to the playbook's question (increased a lot … decreased)
    "2026H1": (1, 2, 4, 1),
    "2026H2": (2, 3, 2, 0),
}
PULSES = {  # day: votes for 1 to 5 (the 24 Sep one is the quarter before's)
    date(2026, 9, 24): (0, 0, 0, 2, 2),
    date(2026, 10, 1): (0, 0, 1, 1, 1),
    date(2026, 10, 8): (0, 0, 1, 2, 0),
    date(2026, 11, 5): (0, 1, 1, 0, 0),
}


DEPARTMENTS = {"Ana": "Engineering", "Ben": "Sales", "Cleo": "Engineering", "Dev": "HR"}
DEPARTMENTS["Eli"] = "Legal"  # Fay has none
TAKEAWAYS = {  # day: kinds
    date(2026, 9, 24): "tip",
    date(2026, 10, 1): "prompt tip",
    date(2026, 10, 8): "prompt",
    date(2026, 10, 29): "workflow",
}
# (day made, who, outcome, note, day reviewed); Ben's of 1 October is carried to 8 October.
COMMITMENTS = [
    (date(2026, 9, 24), "Dev", Outcome.DONE, "Old story", date(2026, 10, 1)),
    (date(2026, 10, 1), "Ana", Outcome.DONE, "Saved an hour", date(2026, 10, 8)),
    (date(2026, 10, 1), "Ben", Outcome.CARRIED, None, date(2026, 10, 8)),
    (date(2026, 10, 8), "Cleo", Outcome.DROPPED, None, date(2026, 10, 29)),
    (date(2026, 11, 5), "Eli", Outcome.DONE, "Shared with my team", date(2026, 11, 12)),
]


def _at(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=BERLIN)


@pytest.fixture
def circle(db):
    create_community(db, "Circle", "weekly on thursday", "12:00", "Europe/Berlin")
    for name in PEOPLE:
        fields = MemberFields(name=name, department=DEPARTMENTS.get(name))
        add_member(db, None, fields, date(2026, 1, 1))
    add_member(db, None, MemberFields(name="Gus"), date(2026, 11, 1))  # never came, joined late
    with db.session() as s:
        crow = s.exec(select(Community)).one()
        people = dict(s.exec(select(Member.name, Member.id)).all())
        s.get(Member, people["Eli"]).active = False
        sessions: dict[date, str] = {}
        for day, status, host, present, talks in SESSIONS:
            row = StudySession(
                community_id=crow.id,
                scheduled_at=datetime.combine(day, time(12), tzinfo=BERLIN),
                status=status,
                facilitator_id=people[host],
            )
            s.add(row)
            s.flush()
            for name in present.split():
                s.add(Attendance(session_id=row.id, member_id=people[name]))
            for name in talks.split():
                s.add(
                    LightningTalk(
                        community_id=crow.id,
                        session_id=row.id,
                        presenter_id=people[name],
                        title=f"{name}'s talk",
                        status=TalkStatus.GIVEN,
                    )
                )
            for kind in TAKEAWAYS.get(day, "").split():
                takeaway = Takeaway(session_id=row.id, kind=kind, text=f"A {kind}")
                s.add(takeaway)
                s.flush()
                if day in (date(2026, 9, 24), date(2026, 10, 8)):
                    curated_on = _at(day + timedelta(days=2))
                    s.add(LibraryEntry(takeaway_id=takeaway.id, title=kind, created_at=curated_on))
            sessions[day] = row.id
            if day in PULSES:
                votes = dict(
                    zip(
                        ("score_1", "score_2", "score_3", "score_4", "score_5"),
                        PULSES[day],
                        strict=True,
                    )
                )
                s.add(SessionPulse(session_id=row.id, **votes))
            if day == date(2026, 10, 29):  # a skipped talk is not a voice
                s.add(
                    LightningTalk(
                        community_id=crow.id,
                        session_id=row.id,
                        presenter_id=people["Ana"],
                        title="Skipped",
                        status=TalkStatus.SKIPPED,
                    )
                )
            if day == date(2026, 10, 1):  # excused people are not present
                s.add(
                    Attendance(
                        session_id=row.id, member_id=people["Cleo"], status=AttendanceStatus.EXCUSED
                    )
                )
        for half, answered in SURVEYS.items():
            survey = Survey(community_id=crow.id, period_key=half)
            s.add(survey)
            s.flush()
            question = SurveyQuestion(
                survey_id=survey.id,
                position=1,
                text=DEFAULT_QUESTION,
                answers="\n".join(DEFAULT_ANSWERS),
            )
            s.add(question)
            s.flush()
            for answer, n in zip(DEFAULT_ANSWERS, answered, strict=True):
                s.add(SurveyCount(question_id=question.id, answer=answer, count=n))
        for made, who, outcome, note, reviewed in COMMITMENTS:
            row = Commitment(
                session_id=sessions[made],
                member_id=people[who],
                text="Try it",
                due_on=reviewed,
                outcome=outcome,
            )
            s.add(row)
            s.flush()
            s.add(
                CommitmentReview(
                    commitment_id=row.id, outcome=outcome, note=note, reviewed_at=_at(reviewed)
                )
            )
            if outcome == Outcome.CARRIED:
                s.add(
                    Commitment(
                        session_id=sessions[reviewed],
                        member_id=people[who],
                        text="Try it",
                        due_on=reviewed,
                        carried_from_id=row.id,
                        carry_count=1,
                        outcome=Outcome.PARTLY,
                    )
                )
    return db


def test_regularity_counts_against_the_cadence(circle):
    with circle.session() as s:
        crow = s.exec(select(Community)).one()
        found = one(regularity, s, crow, Q4, NOW)
    # 8 Thursdays from 1 October to today (22 November) of the quarter's 14; the gap
    # 8 → 29 October is the longest.
    assert (found.held, found.expected, found.cancelled) == (5, 8, 1)
    assert (found.longest_gap_days, found.cadence_days) == (21, 7)
    with circle.session() as s:
        crow = s.exec(select(Community)).one()
        summer = one(regularity, s, crow, parse_quarter("2026Q3"), NOW)
    # The circle began on 24 September: one meeting expected, one held; since the period
    # ended, the gap runs to its end (24 Sep 12:00 → 1 Oct 00:00 local).
    assert (summer.held, summer.expected, summer.longest_gap_days) == (1, 1, 6)


def test_attendance_against_its_own_average(circle):
    with circle.session() as s:
        crow = s.exec(select(Community)).one()
        found = one(attendance, s, crow, Q4)
    assert found.average == pytest.approx(11 / 5)  # 3, 3, 2, 3 and an empty session
    assert found.own_average == pytest.approx(15 / 6)  # with 24 September's 4
    assert found.recent_average == pytest.approx(5 / 3)  # 12 Nov, 5 Nov, 29 Oct
    assert (found.participants, found.roster) == (5, 6)  # Eli came but is inactive now
    assert found.share_of_roster == pytest.approx(4 / 6)  # of the active roster: not Eli


def test_newcomers_and_whether_they_came_back(circle):
    with circle.session() as s:
        crow = s.exec(select(Community)).one()
        found = one(newcomers, s, crow, Q4)
    # Fay came back on 29 October; Eli's next two sessions have not both been held.
    assert (found.names, found.returned, found.known) == (("Fay", "Eli"), 1, 1)


def test_inactive_members_are_those_missing_from_the_last_four_sessions(circle):
    with circle.session() as s:
        crow = s.exec(select(Community)).one()
        # 12 Nov, 5 Nov, 29 Oct, 8 Oct: Dev was last there on 24 September; Gus joined
        # after 8 October, so he has not missed four yet.
        assert one(inactive_members, s, crow, Q4) == ("Dev",)
        # 12 Nov and 5 Nov only: Gus joined before 5 November and has missed both.
        assert inactive_members(s, Scope((crow,), Q4), {crow.id: 2})[crow.id] == (
            "Cleo",
            "Dev",
            "Fay",
            "Gus",
        )


def test_voices_count_talks_given_and_sessions_hosted(circle):
    with circle.session() as s:
        crow = s.exec(select(Community)).one()
        found = one(voices, s, crow, Q4)
    # Talks: Ana 3, Ben 1, Cleo 1 (Ana's skipped one is not counted); Ana gave half.
    assert (found.talks, found.presenters, found.presenter_absence_factor) == (5, 3, 1)
    assert found.first_time_presenters == ("Ben", "Cleo")
    # Hosts of held sessions: Ana 2, Ben 2, Dev 1 (Cleo's session was cancelled).
    assert (found.hosts, found.host_absence_factor, found.first_time_hosts) == (
        3,
        2,
        ("Ben", "Dev"),
    )


@pytest.mark.parametrize(
    ("counts", "factor"), [([], None), ([1], 1), ([3, 1, 1], 1), ([2, 2, 1], 2), ([1] * 6, 3)]
)
def test_the_absence_factor_is_the_fewest_people_behind_half(counts, factor):
    assert absence_factor(counts) == factor


def test_a_quarter_without_sessions(circle):
    with circle.session() as s:
        crow = s.exec(select(Community)).one()
        empty = parse_quarter("2025Q1")
        assert one(regularity, s, crow, empty, NOW).longest_gap_days is None
        found = one(attendance, s, crow, empty)
    assert (found.average, found.own_average, found.participants) == (None, None, 0)


def test_reach_across_departments(circle):
    with circle.session() as s:
        crow = s.exec(select(Community)).one()
        found = one(reach, s, crow, Q4)
    # Departments per held session: 2, 2, 1, 3 and 0 (Fay has none); Engineering is 5 of
    # the 9 attendances with a department; Legal came first on 5 November.
    assert found.per_session == pytest.approx(8 / 5)
    assert (found.departments, found.dominance, found.first_time) == (3, 1, ("Legal",))


def test_learning_counts_takeaways_by_kind_and_curated_entries(circle):
    with circle.session() as s:
        crow = s.exec(select(Community)).one()
        found = one(learning, s, crow, Q4)
    assert found.takeaways == {"prompt": 2, "tip": 1, "workflow": 1}
    assert (found.curated, found.prompts_and_workflows) == (1, 3)


def test_applying_it(circle):
    with circle.session() as s:
        crow = s.exec(select(Community)).one()
        found = one(applying, s, crow, Q4)
    # New: Ana, Ben, Cleo, Eli (4 of the 5 present); Ben's carried one came out partly.
    assert (found.made, found.carried, found.committed_share) == (4, 1, 4 / 5)
    assert (found.tried, found.resolved, found.follow_through) == (3, 4, 3 / 4)
    assert found.without_commitments == 2  # 29 October and 12 November
    assert found.stories == ("Shared with my team", "Saved an hour", "Old story")


def test_the_series_over_the_sessions_plots_people_presenters_and_follow_through(circle):
    with circle.session() as s:
        crow = s.exec(select(Community)).one()
        points = one(session_series, s, crow, Q4)
    rows = [(p.day.day, p.people, p.presenters, p.follow_through) for p in points]
    assert rows == [
        (1, 3, 2, 1.0),  # Cleo excused; Ben and Ana talked; Ana's done, Ben's carried on
        (8, 3, 1, 0.5),  # Cleo dropped hers; Ben's carried one came out partly
        (29, 2, 1, None),  # Ana's skipped talk is not a voice; no commitment
        (5, 3, 1, 1.0),
        (12, 0, 0, None),
    ]  # 15 October was cancelled and 3 December is only planned


def test_a_fortnightly_cadence_counts_in_phase_with_its_sessions(db):
    create_community(db, "Pairs", "every other thursday", "12:00", "Europe/Berlin")
    with db.session() as s:
        crow = s.exec(select(Community)).one()
        s.add(
            StudySession(community_id=crow.id, scheduled_at=_at(date(2026, 10, 8)), status="ended")
        )
    with db.session() as s:
        crow = s.exec(select(Community)).one()
        found = one(regularity, s, crow, Q4, datetime(2027, 1, 15, tzinfo=UTC))
    # 8 and 22 October, 5 and 19 November, 3, 17 and 31 December (1 October is off-phase).
    assert (found.held, found.expected, found.cadence_days) == (1, 7, 14)


GOLDEN = Path(__file__).parent / "golden"
RENDERINGS = {"insights.md": markdown.render, "insights.storage.xml": confluence.render}


@pytest.mark.parametrize("name", list(RENDERINGS))
def test_the_report_matches_its_golden_files(circle, name):
    """Set COP_UPDATE_GOLDEN=1 to rewrite them on purpose, then review the diff."""
    with circle.session() as s:
        crow = s.exec(select(Community)).one()
        s.add(StudySession(community_id=crow.id, scheduled_at=_at(date(2026, 11, 24))))
    report = insight_report(circle, None, Q4, NOW)
    rendered = RENDERINGS[name](report)
    if os.environ.get("COP_UPDATE_GOLDEN"):
        (GOLDEN / name).write_text(rendered, encoding="utf-8")
    assert rendered == (GOLDEN / name).read_text(encoding="utf-8")
    assert RENDERINGS[name](report) == rendered  # the same data, the same bytes
    if name.endswith(".xml"):  # well-formed storage format
        ET.fromstring(
            '<root xmlns:ac="http://atlassian.com/content" '
            f'xmlns:ri="http://atlassian.com/resource/identifier">{rendered}</root>'
        )


def test_cop_report_refuses_a_bad_period_in_one_line(cop, circle):
    for args, message in [
        (["--quarter", "2026Q5"], "is not a quarter; write it like 2026Q4"),
        (["--quarter", "2026Q4", "--from", "2026-10-01"], "not both"),
        (["--from", "2026-10-01"], "--from and --to go together"),
        (["--from", "1 Oct", "--to", "2026-12-31"], "--from '1 Oct' is not a date"),
        (["--from", "2026-12-31", "--to", "2026-10-01"], "ends (2026-10-01) before it starts"),
    ]:
        result = cop("report", *args)
        assert result.code == 2 and message in result.err and result.out == ""


def test_cop_report_writes_the_period_asked_for(cop, circle, tmp_path):
    target = tmp_path / "q4.md"
    result = cop("report", "--quarter", "2026q4", "-o", str(target))
    assert result.code == 0 and f"Wrote {target} (2026 Q4)" in result.out
    assert target.read_text(encoding="utf-8").startswith("---\ntitle: Circle — 2026 Q4\n")
    days = cop("report", "--from", "2026-10-01", "--to", "2026-10-31")
    assert "# Circle — 2026-10-01 – 2026-10-31" in days.out
    page = cop("report", "-f", "confluence")
    assert page.code == 0 and "<h2>Headlines</h2>" in page.out
    wrong = cop("report", "-f", "pdf")
    assert wrong.code == 2 and "choose markdown or confluence" in wrong.err


def test_the_tuned_thresholds_change_what_the_report_says(cop, circle):
    before = insight_report(circle, None, Q4, NOW)
    assert before.inactive == ("Dev",) and before.inactive_after == 4
    assert "gap" in {w.sign for w in before.warnings}  # 12 November to the 31 December
    tuned = cop(
        "community", "edit", "--threshold", "inactive-sessions=2", "--threshold", "gap-multiple=10"
    )
    assert tuned.code == 0, tuned.err
    assert "Threshold inactive-sessions: 2" in tuned.out
    after = insight_report(circle, None, Q4, NOW)
    assert after.inactive == ("Cleo", "Dev", "Fay", "Gus") and after.inactive_after == 2
    assert "gap" not in {w.sign for w in after.warnings}
    text = markdown.render(after)
    assert "Active members who missed the latest 2 sessions: Cleo, Dev, Fay, Gus" in text
    listed = cop("community", "thresholds", "--json")
    assert '"inactive-sessions": 2' in listed.out and '"queue-days": 2' in listed.out
    reset = cop("community", "edit", "--threshold", "inactive-sessions=default")
    assert reset.code == 0 and insight_report(circle, None, Q4, NOW).inactive == ("Dev",)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("gap-multiple", "write NAME=VALUE"),
        ("gap=2", "no threshold called 'gap'"),
        ("queue-days=2.5", "must be a whole number"),
        ("queue-days=99", "outside 1–14"),
        ("return-floor=lots", "'lots' is not a number"),
    ],
)
def test_a_bad_threshold_is_refused_and_nothing_changes(cop, circle, setting, message):
    result = cop("community", "edit", "--time", "13:00", "--threshold", setting)
    assert result.code == 2 and message in result.err and result.out == ""
    with circle.session() as s:
        assert s.exec(select(Community)).one().meeting_time == "12:00"
    shown = cop("community", "thresholds")
    assert shown.code == 0 and "gap-multiple" in shown.out


def test_a_percentage_sets_a_share():
    from facilitator.services.thresholds import parse_setting

    spec, value = parse_setting("follow-through-floor=40%")
    assert (spec.attribute, value) == ("follow_through_floor", 0.4)


def test_several_communities_roll_up_into_one_report(cop, circle):
    create_community(circle, "Data Guild", "monthly on the first tuesday", "10:00", "UTC")
    add_member(circle, "Data Guild", MemberFields(name="Zoe"), date(2026, 1, 1))
    with circle.session() as s:
        guild = s.exec(select(Community).where(Community.name == "Data Guild")).one()
        zoe = s.exec(select(Member).where(Member.name == "Zoe")).one()
        held = StudySession(
            community_id=guild.id,
            scheduled_at=datetime(2026, 10, 6, 10, tzinfo=UTC),
            status=SessionStatus.ENDED,
            facilitator_id=zoe.id,
        )
        s.add(held)
        s.flush()
        s.add(Attendance(session_id=held.id, member_id=zoe.id))
    result = cop("report", "--quarter", "2026Q4", "--all-communities")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    table = lines[lines.index("# Communities of practice — 2026 Q4") + 2 :][:5]
    # Up to 21 November: Circle held 5 of 8 Thursdays, (3+3+2+3+0)/5 people, newcomers Fay
    # and Eli; the Guild 1 of 2 first Tuesdays (6 October, 3 November).
    assert table[2].startswith("| Circle | 5 of 8 | 2.2 | 5 | 2 | 75% |")
    assert table[3].startswith("| Data Guild | 1 of 2 | 1.0 | 1 | 1 | — |")
    # 12 people over 6 sessions; Circle's 3 of 4 tried and none resolved in the Guild.
    assert table[4].startswith("| All communities | 6 of 10 | 2.0 | 6 | 3 | 75% |")
    warned = [int(row.rsplit("|", 2)[1]) for row in table[2:5]]
    assert warned[2] == warned[0] + warned[1] > 0
    assert "## Circle" in lines and "## Data Guild" in lines and "### Headlines" in lines
    page = cop("report", "--all-communities", "-f", "confluence", "--quarter", "2026Q4")
    assert page.code == 0 and page.out.count("<h3>Headlines</h3>") == 2
    both = cop("report", "--all-communities", "--community", "Circle")
    assert both.code == 2 and "not both" in both.err


def test_a_community_of_one(db):
    """One member who came to all three sessions, talked at each and hosted each."""
    create_community(db, "Solo", "weekly on thursday", "12:00", "UTC")
    add_member(db, None, MemberFields(name="Ana", department="Engineering"), date(2026, 9, 1))
    with db.session() as s:
        crow = s.exec(select(Community)).one()
        ana = s.exec(select(Member)).one()
        for day in (1, 8, 15):
            row = StudySession(
                community_id=crow.id,
                scheduled_at=datetime(2026, 10, day, 12, tzinfo=UTC),
                status=SessionStatus.ENDED,
                facilitator_id=ana.id,
            )
            s.add(row)
            s.flush()
            s.add(Attendance(session_id=row.id, member_id=ana.id))
            s.add(
                LightningTalk(
                    community_id=crow.id,
                    session_id=row.id,
                    presenter_id=ana.id,
                    title="Mine",
                    status=TalkStatus.GIVEN,
                )
            )
    now = datetime(2026, 10, 20, 12, tzinfo=UTC)
    report = insight_report(db, None, Q4, now)
    f = report.period
    # Thursdays 1, 8 and 15 October up to the 20th, counted from the first session.
    assert (f.regularity.held, f.regularity.expected, f.regularity.longest_gap_days) == (3, 3, 7)
    assert (f.turnout.average, f.turnout.participants, f.turnout.share_of_roster) == (1, 1, 1.0)
    # Her first session was in the quarter, and she came to the next two.
    assert (f.newcomers.names, f.newcomers.returned, f.newcomers.known) == (("Ana",), 1, 1)
    assert (f.voices.talks, f.voices.presenters, f.voices.presenter_absence_factor) == (3, 1, 1)
    assert (f.reach.departments, f.reach.dominance) == (1, 1)
    assert report.inactive == ()
    signs = {w.sign for w in report.warnings}
    # Three talks are too few to judge; one department of one is not "dominating".
    assert "few-presenters" not in signs and "one-department" not in signs
    assert "no-commitments" in signs  # none of the three ended with one
    assert [p.people for p in report.sessions] == [1, 1, 1]


@pytest.mark.parametrize(("back_after", "returned"), [(1, 1), (2, 1), (3, 0)])
def test_a_newcomer_returned_only_when_back_within_their_next_two_sessions(
    db, back_after, returned
):
    """The window's edge on purpose: back at the second session after the first counts,
    at the third it does not (though they did come back)."""
    create_community(db, "Circle", "weekly on thursday", "12:00", "Europe/Berlin")
    for name in ("Old", "New"):
        add_member(db, None, MemberFields(name=name), date(2026, 1, 1))
    days = [date(2026, 9, 24)] + [date(2026, 10, 1) + timedelta(weeks=i) for i in range(5)]
    with db.session() as s:
        crow = s.exec(select(Community)).one()
        people = dict(s.exec(select(Member.name, Member.id)).all())
        for index, day in enumerate(days):
            row = StudySession(
                community_id=crow.id, scheduled_at=_at(day), status=SessionStatus.ENDED
            )
            s.add(row)
            s.flush()
            s.add(Attendance(session_id=row.id, member_id=people["Old"]))
            if index in (1, 1 + back_after):  # first on 1 October, then back
                s.add(Attendance(session_id=row.id, member_id=people["New"]))
    with db.session() as s:
        crow = s.exec(select(Community)).one()
        found = one(newcomers, s, crow, Q4)
    assert (found.names, found.returned, found.known) == (("New",), returned, 1)


def test_a_past_quarter_counts_only_the_sessions_up_to_its_end(circle):
    """Q3 ends before the quarter this circle is busy in: its latest held session is 24
    September, where Fay was not (she first came on 1 October), so she is the one listed;
    the sessions after the quarter do not count."""
    with circle.session() as s:
        crow = s.exec(select(Community)).one()
        summer = parse_quarter("2026Q3")
        assert inactive_members(s, Scope((crow,), summer))[crow.id] == ("Fay",)


def test_the_longest_gap_runs_from_the_last_session_before_the_period(circle):
    """Nothing was held from 10 to 25 October (the 15th was cancelled): the gap runs from 8
    October at noon to the period's end, 26 October at midnight."""
    with circle.session() as s:
        crow = s.exec(select(Community)).one()
        quiet = days_between(date(2026, 10, 10), date(2026, 10, 25))
        found = one(regularity, s, crow, quiet, NOW)
    assert (found.held, found.longest_gap_days) == (0, 17)


def test_a_session_at_the_periods_first_moment_is_in_it_and_one_at_its_end_is_not(circle):
    """The period is [its first day's local midnight, the midnight after its last day)."""
    with circle.session() as s:
        crow = s.exec(select(Community)).one()
        ana = s.exec(select(Member).where(Member.name == "Ana")).one()
        for moment in (datetime(2026, 10, 1, 0, 0), datetime(2027, 1, 1, 0, 0)):
            row = StudySession(
                community_id=crow.id,
                scheduled_at=moment.replace(tzinfo=BERLIN),
                status=SessionStatus.ENDED,
                facilitator_id=ana.id,
            )
            s.add(row)
            s.flush()
            s.add(Attendance(session_id=row.id, member_id=ana.id))
        s.commit()
    with circle.session() as s:
        crow = s.exec(select(Community)).one()
        points = one(session_series, s, crow, Q4)
        winter = one(session_series, s, crow, parse_quarter("2027Q1"))
        # the session at 2027 Q1's first moment is in it, not before it: the gap before it
        # runs from the last one of 2026 (12 November, noon)
        gap = one(regularity, s, crow, parse_quarter("2027Q1"), datetime(2027, 1, 3, tzinfo=UTC))
    assert [(p.day, p.people) for p in points[:2]] == [
        (date(2026, 10, 1), 1),
        (date(2026, 10, 1), 3),
    ]
    assert points[-1].day < date(2027, 1, 1)  # the one at its end belongs to the next
    assert [(p.day, p.people) for p in winter] == [(date(2027, 1, 1), 1)]
    assert (gap.extra, gap.longest_gap_days) == (1, 49)  # off the cadence: an extra
