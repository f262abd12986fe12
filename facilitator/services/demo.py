"""The sample community behind `cop demo` and onboarding's "load sample data".

It is generated from a fixed seed relative to "now", so every screen has something true to
show: a fortnightly community with 18 members in 5 departments, 12 held sessions with
attendance, lightning talks, takeaways of every kind and commitments with a mix of outcomes
(some carried over), and one planned session with a talk already queued and its host chosen
by the rotation (one member is away that week).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from facilitator import domain
from facilitator.cadence import parse_cadence, parse_time
from facilitator.errors import Conflict
from facilitator.services.roster import MemberFields, create_member
from facilitator.services.rotation import choose_host
from facilitator.vocabulary import (
    AttendanceStatus,
    CommunityKind,
    EventKind,
    Outcome,
    Role,
    SessionStatus,
    TakeawayKind,
    TalkStatus,
    TopicStatus,
)
from store.database import Database
from store.locks import lock_table
from store.models import (
    AgendaPart,
    Attendance,
    Commitment,
    CommitmentReview,
    Community,
    DialogueTopic,
    LightningTalk,
    Member,
    MemberUnavailability,
    PulseNote,
    SessionPulse,
    StudySession,
    Takeaway,
    TimerEvent,
)

SEED = 20261121
NAME = "AI Practice Circle"
PAST_SESSIONS = 12

PEOPLE = (
    ("Ana Lima", "Engineering", (Role.LEAD,)),
    ("Ben Okafor", "Engineering", ()),
    ("Chen Wei", "Engineering", (Role.CHAMPION,)),
    ("Dana Cohen", "Engineering", ()),
    ("Elif Demir", "Sales", (Role.CHAMPION,)),
    ("Farid Haddad", "Sales", ()),
    ("Grace Kim", "Sales", ()),
    ("Hugo Martin", "Marketing", (Role.CHAMPION,)),
    ("Ines Duarte", "Marketing", ()),
    ("Jonas Berg", "Marketing", ()),
    ("Kavya Rao", "Finance", (Role.CHAMPION,)),
    ("Liam O'Brien", "Finance", ()),
    ("Mei Tanaka", "Finance", ()),
    ("Nora Schulz", "People & HR", (Role.CHAMPION,)),
    ("Omar Farouk", "People & HR", ()),
    ("Priya Nair", "People & HR", ()),
    ("Quentin Roy", "Engineering", ()),
    ("Rosa Alvarez", "Sales", ()),
)
NOT_HOSTING = {"Quentin Roy", "Mei Tanaka"}
AWAY_NEXT_TIME = "Liam O'Brien"  # on holiday around the planned session: the rotation skips him
LATE_JOINERS = {"Quentin Roy": 8, "Rosa Alvarez": 10}  # first session they could attend

TOPICS = (
    "Prompting basics that actually work",
    "AI for meeting notes and follow-ups",
    "Spreadsheets with an assistant",
    "Writing customer e-mails with AI",
    "Code review with an assistant",
    "Summarising long documents safely",
    "Data privacy: what never goes into a prompt",
    "Building a team prompt library",
    "Research and competitive analysis",
    "Automating weekly reports",
    "Agents: hype and reality",
    "Measuring time saved",
    "Drafting policies and job ads",
)

TALKS = (
    "My prompt for turning call notes into CRM entries",
    "How I stopped hallucinated numbers in reports",
    "Three prompts for better code reviews",
    "Summarising a 60-page contract in 5 minutes",
    "A failed experiment: auto-replying to tickets",
    "Using AI to prepare a budget review",
    "Turning interview notes into scorecards",
    "What I learned asking for SQL",
    "A reusable prompt for campaign briefs",
    "When not to use an assistant",
    "Meeting minutes in two clicks",
    "Translating onboarding docs",
    "Checking sources before you quote them",
    "Prompt templates in our shared drive",
)

TAKEAWAYS = {
    TakeawayKind.TIP: (
        "Give the model the audience and the length you want before the task",
        "Ask for a table first, then turn the table into prose",
        "Paste the style guide once and refer back to it",
    ),
    TakeawayKind.PROMPT: (
        "You are a reviewer. List the three riskiest assumptions in this plan, "
        "then ask me one question.",
        "Summarise this thread as: decision, owner, deadline, open questions.",
        "Rewrite this e-mail for a customer who is upset; keep every commitment unchanged.",
    ),
    TakeawayKind.WORKFLOW: (
        "Call notes → draft summary → human check → CRM, saves about 10 min per call",
        "Weekly report: export data, ask for anomalies, write the narrative yourself",
        "Contract first pass: ask for clauses that differ from our template, then legal review",
    ),
    TakeawayKind.TOOL: (
        "The built-in meeting recap in our video tool is good enough for internal calls",
        "Spreadsheet formula explainer plug-in",
        "The company's approved chat assistant with document upload",
    ),
    TakeawayKind.RISK: (
        "Never paste customer personal data into a public assistant",
        "Generated numbers must be traced to a source before they go into a report",
        "Assistants agree too easily: ask for counter-arguments explicitly",
    ),
    TakeawayKind.QUESTION: (
        "Who owns the prompt library and how do we keep it current?",
        "Can we use assistants on client documents under our contracts?",
        "How do we measure whether this saves time?",
    ),
    TakeawayKind.RESOURCE: (
        "Internal AI usage policy (intranet, Legal section)",
        "The vendor's prompt engineering guide",
        "Recording of the data privacy session",
    ),
}

COMMITMENTS = (
    "Use the call-notes prompt on three customer calls",
    "Draft the weekly report with an assistant and time it",
    "Try the reviewer prompt on my next design document",
    "Share one prompt in the team library",
    "Summarise one long thread instead of reading it all",
    "Ask for counter-arguments before sending a proposal",
    "Rewrite one job ad with the inclusive-language prompt",
    "Check every generated number in my next report",
    "Show a colleague the meeting recap feature",
    "Use the spreadsheet explainer on the budget model",
    "Prepare next week's 1:1 agenda with an assistant",
    "Translate the onboarding checklist and ask a native speaker to review",
)

OUTCOME_WEIGHTS = (
    (Outcome.DONE, 45),
    (Outcome.PARTLY, 20),
    (Outcome.NOT_TRIED, 20),
    (Outcome.DROPPED, 5),
    (Outcome.CARRIED, 10),
)
NOTES = {
    Outcome.DONE: (
        "Saved about half an hour",
        "Worked well, sharing it next time",
        "Team adopted it",
    ),
    Outcome.PARTLY: ("Tried once, output needed heavy editing", "Only had time for one of three"),
    Outcome.NOT_TRIED: ("No time this week", "Forgot; will put it in my calendar"),
    Outcome.DROPPED: ("Not useful for my role after all",),
    Outcome.CARRIED: ("Started, will finish next week",),
}


@dataclass(frozen=True)
class DemoLoaded:
    community: str
    members: int
    sessions: int


def load_demo(db: Database, now: datetime, force: bool = False) -> DemoLoaded:
    """Write the sample community in one transaction: all of it or nothing. The check that
    the database is empty happens in that transaction, with the community table held, so
    two `cop demo` started together load it once (the second is told the database has data)."""
    rng = random.Random(SEED)
    with db.session() as s:
        lock_table(s, Community)
        if not force and s.exec(select(func.count()).select_from(Community)).one():
            raise Conflict(
                "this database already has data; use --force to add the sample anyway, "
                "or --db to load it into another file"
            )
        community = _community(s)
        dates = past_dates(community, now)
        members = _members(s, community, dates[0].date() - timedelta(days=30))
        _history(s, rng, community, members, dates)
        _pulses(s, community)
        _topics(s, community, members)
    return DemoLoaded(community.name, len(members), len(dates) - 1)


PULSES = (
    ((0, 1, 3, 5, 2), ()),
    ((0, 0, 2, 6, 4), ("More time for hands-on practice",)),
    ((0, 1, 2, 5, 3), ()),
    ((1, 1, 3, 4, 2), ("Share the prompts before the session", "Fewer slides in Input")),
    ((0, 0, 3, 5, 3), ()),
    ((0, 1, 2, 4, 5), ()),
)
"""The pulse of the latest held sessions, oldest first (the sample began taking it then),
with the notes left on what would add one point. Written apart from the history's random
draws, so the rest of the sample is as it was."""


def _pulses(s: Session, community: Community) -> None:
    latest = s.exec(
        select(StudySession)
        .where(StudySession.community_id == community.id)
        .where(StudySession.status == SessionStatus.ENDED)
        .order_by(col(StudySession.scheduled_at).desc())
        .limit(len(PULSES))
    ).all()
    for session, (counts, notes) in zip(reversed(latest), PULSES, strict=False):
        present = s.exec(
            select(func.count())
            .select_from(Attendance)
            .where(Attendance.session_id == session.id)
            .where(Attendance.status == AttendanceStatus.PRESENT)
        ).one()
        votes = list(counts)
        while sum(votes) > present:  # never more votes than people in the room
            votes[votes.index(max(votes))] -= 1
        s.add(
            SessionPulse(session_id=session.id, **{f"score_{n}": votes[n - 1] for n in range(1, 6)})
        )
        for note in notes:
            s.add(PulseNote(session_id=session.id, text=note))
    s.flush()


TOPICS_TALKED = (
    ("Do we need rules for pasting customer data?", 5, 330),
    ("Which assistant for spreadsheets?", 3, 300),
    ("Prompt libraries: one per team or one for all?", 2, 240),
)
TOPICS_ROLLED = ("How do we measure time saved?",)
TOPICS_WAITING = (
    ("Agents in our ticket queue: where to start?", "Omar Farouk"),
    ("Reviewing AI-written code: what do we check?", None),
)
"""Dialogue's board at the latest session (three talked through, one rolled over), and
the topics proposed for the next one; written apart from the random draws."""


def _topics(s: Session, community: Community, members: list[Member]) -> None:
    latest = s.exec(
        select(StudySession)
        .where(StudySession.community_id == community.id)
        .where(StudySession.status == SessionStatus.ENDED)
        .order_by(col(StudySession.scheduled_at).desc())
        .limit(1)
    ).one()
    by_name = {m.name: m.id for m in members}
    talked = [
        DialogueTopic(
            community_id=community.id,
            session_id=latest.id,
            text=text,
            status=TopicStatus.DISCUSSED,
            votes=votes,
            seconds=seconds,
        )
        for text, votes, seconds in TOPICS_TALKED
    ]
    s.add_all(talked)
    s.flush()
    said = s.exec(  # what the room said during the first topic
        select(Takeaway)
        .where(Takeaway.session_id == latest.id)
        .order_by(col(Takeaway.created_at), col(Takeaway.id))
        .limit(1)
    ).first()
    if said is not None:
        said.topic_id = talked[0].id
        s.add(said)
    for text in TOPICS_ROLLED:
        left = DialogueTopic(
            community_id=community.id,
            session_id=latest.id,
            text=text,
            status=TopicStatus.ROLLED_OVER,
            votes=1,
        )
        s.add(left)
        s.flush()
        s.add(DialogueTopic(community_id=community.id, text=text, rolled_from_id=left.id))
    for text, by in TOPICS_WAITING:
        s.add(DialogueTopic(community_id=community.id, text=text, proposed_by_id=by_name.get(by)))
    s.flush()


def _community(s: Session) -> Community:
    name = NAME
    taken = {row.name for row in s.exec(select(Community))}
    suffix = 2
    while name in taken:
        name, suffix = f"{NAME} {suffix}", suffix + 1
    row = Community(
        name=name,
        kind=CommunityKind.COMPANY_WIDE,
        cadence="every other thursday",
        meeting_time="12:00",
        timezone="Europe/Berlin",
    )
    s.add(row)
    s.flush()
    return row


def past_dates(community: Community, now: datetime, held: int = PAST_SESSIONS) -> list[datetime]:
    """The last `held` dates of a fortnightly cadence before now, oldest first, plus the
    next one (shared with the history builder in bench/)."""
    tz = ZoneInfo(community.timezone)
    cadence = parse_cadence(community.cadence)
    start = (now - timedelta(weeks=2 * (held + 1))).astimezone(tz).date()
    times = cadence.occurrences(
        start,
        parse_time(community.meeting_time),
        tz,
        after=now - timedelta(weeks=2 * (held + 2)),
        count=held + 3,
    )
    past = [t for t in times if t < now][-held:]
    upcoming = next(t for t in times if t > now)
    return [*past, upcoming]


def _members(s: Session, community: Community, joined) -> list[Member]:
    rows = []
    for name, department, roles in PEOPLE:
        email = name.lower().replace(" ", ".").replace("'", "") + "@example.com"
        fields = MemberFields(
            name=name,
            email=email,
            department=department,
            roles=list(roles),
            willing_to_facilitate=name not in NOT_HOSTING,
        )
        rows.append(create_member(s, community.id, fields, joined))
    return rows


def _history(s, rng, community, members, dates) -> None:
    held, upcoming = dates[:-1], dates[-1]
    hosted = {m.id: 0 for m in members}
    previous_commitments: list[Commitment] = []
    previous_host = None
    for index, moment in enumerate(held):
        present = _attendance(rng, members, index)
        host = _pick_host(rng, members, present, hosted, previous_host)
        hosted[host.id] += 1
        previous_host = host.id
        due = (held[index + 1] if index + 1 < len(held) else upcoming).date()
        newcomers = {m.id for m in members if LATE_JOINERS.get(m.name) == index}
        held_session = HeldSession(index, moment, host, present, newcomers, due)
        previous_commitments = write_held_session(
            s, rng, community, members, held_session, previous_commitments
        )
    planned = StudySession(
        community_id=community.id,
        scheduled_at=upcoming,
        cadence_on=upcoming.date(),
        topic=TOPICS[len(held)],
    )
    s.add(planned)
    s.flush()
    away = next(m for m in members if m.name == AWAY_NEXT_TIME)
    day = upcoming.date()
    s.add(
        MemberUnavailability(
            member_id=away.id,
            starts_on=day - timedelta(days=3),
            ends_on=day + timedelta(days=4),
            reason="holiday",
        )
    )
    choose_host(s, community, planned)
    s.add(
        LightningTalk(
            community_id=community.id,
            session_id=planned.id,
            presenter_id=members[8].id,
            title=TALKS[-1],
            minutes=community.talk_minutes,
        )
    )


@dataclass(frozen=True)
class HeldSession:
    """What decides one past session before its rows are written."""

    index: int
    """Its place in the history, which picks its topic, talks and takeaways."""
    moment: datetime
    host: Member
    present: set[str]
    newcomers: set[str]
    """Members whose first session this is."""
    due: date
    """When its commitments are due: the next session's date."""


def write_held_session(
    s: Session,
    rng: random.Random,
    community: Community,
    roster: list[Member],
    held: HeldSession,
    earlier: list[Commitment],
) -> list[Commitment]:
    """An ended session with all a held session has: its agenda as run, attendance (some of
    `roster` excused), talks, takeaways, the review of `earlier` commitments and its own
    commitments, which it returns for the next session to review. Shared with the history
    builder in bench/, so a large history looks like the sample."""
    index = held.index
    session = StudySession(
        community_id=community.id,
        scheduled_at=held.moment,
        cadence_on=held.moment.date(),  # the moment is local: the cadence's own date
        topic=TOPICS[index % len(TOPICS)],
        facilitator_id=held.host.id,
        status=SessionStatus.ENDED,
        next_topic=TOPICS[(index + 1) % len(TOPICS)],
        started_at=held.moment,
        ended_at=held.moment + timedelta(minutes=62),
    )
    s.add(session)
    s.flush()
    _agenda(s, community, session, rng)
    for member in roster:
        if member.id in held.present or rng.random() < 0.15:
            status = (
                AttendanceStatus.PRESENT if member.id in held.present else AttendanceStatus.EXCUSED
            )
            s.add(
                Attendance(
                    session_id=session.id,
                    member_id=member.id,
                    status=status,
                    newcomer=member.id in held.newcomers,
                )
            )
    attendees = [m for m in roster if m.id in held.present]
    _talks(s, rng, community, session, attendees, index)
    takeaways = _takeaways(s, rng, session, attendees, index)
    carried = _review(s, rng, earlier, held.host, session)
    return _commitments(s, rng, session, attendees, held.due, carried, index, takeaways)


def _attendance(rng, members, index) -> set[str]:
    present = set()
    for member in members:
        first = LATE_JOINERS.get(member.name, 0)
        if index >= first and rng.random() < (0.9 if index == first else 0.7):
            present.add(member.id)
    return present


def _pick_host(rng, members, present, hosted, previous_host) -> Member:
    willing = [m for m in members if m.willing_to_facilitate and m.id != previous_host]
    fewest = min(hosted[m.id] for m in willing)
    return rng.choice([m for m in willing if hosted[m.id] == fewest])


def _agenda(s, community, session, rng) -> None:
    """Parts with planned budgets and the clock events of a meeting that ran a little over."""
    budgets = (
        community.input_minutes,
        community.practice_minutes,
        community.dialogue_minutes,
        community.handoff_minutes,
    )
    at = session.scheduled_at
    seq = 0
    for position, (spec, minutes) in enumerate(zip(domain.AGENDA, budgets, strict=True)):
        part = AgendaPart(
            session_id=session.id, position=position, name=spec.name, planned_seconds=minutes * 60
        )
        s.add(part)
        s.flush()
        s.add(
            TimerEvent(
                session_id=session.id,
                part_id=part.id,
                seq=seq,
                kind=EventKind.START if position == 0 else EventKind.GOTO,
                at=at,
            )
        )
        seq += 1
        at += timedelta(seconds=minutes * 60 + rng.randint(-90, 150))
    s.add(TimerEvent(session_id=session.id, seq=seq, kind=EventKind.END, at=at))


def _talks(s, rng, community, session, attendees, index) -> None:
    for position in range(rng.randint(1, 2)):
        presenter = rng.choice(attendees)
        s.add(
            LightningTalk(
                community_id=community.id,
                session_id=session.id,
                presenter_id=presenter.id,
                title=TALKS[(index * 2 + position) % (len(TALKS) - 1)],
                position=position,
                minutes=community.talk_minutes,
                status=TalkStatus.GIVEN,
            )
        )


def _takeaways(s, rng, session, attendees, index) -> list[Takeaway]:
    kinds = list(TAKEAWAYS)
    made = []
    for offset in range(rng.randint(3, 5)):
        kind = kinds[(index + offset) % len(kinds)]
        texts = TAKEAWAYS[kind]
        author = rng.choice(attendees) if rng.random() < 0.8 else None
        made.append(
            Takeaway(
                session_id=session.id,
                author_id=author.id if author else None,
                kind=kind,
                text=texts[(index + offset) % len(texts)],
                created_at=session.scheduled_at + timedelta(minutes=10 + 8 * offset),
            )
        )
    s.add_all(made)
    s.flush()
    return made


def _review(s, rng, commitments, reviewer, session) -> list[Commitment]:
    """Give last session's commitments an outcome; return the ones carried over."""
    carried = []
    outcomes, weights = zip(*OUTCOME_WEIGHTS, strict=True)
    for commitment in commitments:
        outcome = rng.choices(outcomes, weights)[0]
        if outcome == Outcome.CARRIED and commitment.carry_count >= 2:
            outcome = Outcome.DROPPED
        s.add(
            CommitmentReview(
                commitment_id=commitment.id,
                outcome=outcome,
                note=rng.choice(NOTES[outcome]),
                reviewer_id=reviewer.id,
                session_id=session.id,
                reviewed_at=session.scheduled_at + timedelta(minutes=3),
            )
        )
        commitment.outcome = outcome
        s.add(commitment)
        if outcome == Outcome.CARRIED:
            carried.append(commitment)
    return carried


def _commitments(s, rng, session, attendees, due, carried, index, takeaways) -> list[Commitment]:
    """Carried-over and new commitments; the first new one tries one of this session's
    takeaways (chosen without the random generator, so the rest of the sample stays as it
    was), which gives the library its "tried by N, worked for M"."""
    made = []
    for earlier in carried:
        made.append(
            Commitment(
                session_id=session.id,
                member_id=earlier.member_id,
                text=earlier.text,
                due_on=due,
                carried_from_id=earlier.id,
                carry_count=earlier.carry_count + 1,
                inspired_by_takeaway_id=earlier.inspired_by_takeaway_id,
                created_at=session.scheduled_at + timedelta(minutes=57),
            )
        )
    for offset, person in enumerate(rng.sample(attendees, k=min(len(attendees), 5))):
        made.append(
            Commitment(
                session_id=session.id,
                member_id=person.id,
                text=COMMITMENTS[(index * 5 + offset) % len(COMMITMENTS)],
                due_on=due,
                inspired_by_takeaway_id=(
                    takeaways[index % len(takeaways)].id if offset == 0 else None
                ),
                created_at=session.scheduled_at + timedelta(minutes=56, seconds=offset),
            )
        )
    s.add_all(made)
    s.flush()
    return made
