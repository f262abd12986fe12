"""Build a realistic history at any scale, for measuring how cop grows with the past.

    python bench/history.py DB [--scale N] [--communities M] [--seed S]

DB is a new SQLite file or the URL of an empty PostgreSQL database. Scale 1 is the size of
the sample community (`cop demo`: 12 held sessions, 18 members); scale N holds 12·N ended
sessions, shared by M fortnightly communities (one by default) as a company's server holds
them. Each community's roster grows the way a real one does: the 18 founders, then a
newcomer every fourth session who attends regularly for a few dozen sessions and then only
now and then (some are deactivated). At 100× in one community that is about 300 members,
1,200 sessions, 16k attendance rows, 6k commitments and their reviews and 5k takeaways;
each community also has one planned session with its host chosen by the rotation.

The first community by name, "AI Practice Circle", is the one to measure; the others are
"Community 002" and on. The same seed gives the same history, ids included (all but the
rotation's record of each planned session's host, written by cop's own rule). Sessions are
written by the sample's own session writer (so a large history looks like the sample) into
a recorder instead of the ORM, and reach the database as batched Core INSERTs: 1000× takes
a minute or two where writing each row through the ORM took 26 minutes.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, select

from facilitator.clock import utc_now
from facilitator.services.demo import (
    PEOPLE,
    TALKS,
    TOPICS,
    HeldSession,
    past_dates,
    write_held_session,
)
from facilitator.services.roster import MemberFields, apply_fields
from facilitator.services.rotation import choose_host
from store.database import Database, open_database
from store.location import resolve_location
from store.models import (
    AgendaPart,
    Attendance,
    Commitment,
    CommitmentReview,
    Community,
    DialogueTopic,
    LightningTalk,
    Member,
    SessionPulse,
    StudySession,
    Survey,
    SurveyCount,
    SurveyQuestion,
    Takeaway,
    TimerEvent,
)

SESSIONS_PER_SCALE = 12
JOIN_EVERY = 4
"""A newcomer every fourth session (only when the scale is above 1)."""
REGULAR_FOR = 60
"""Sessions after joining during which a member comes most of the time."""
NOW_AND_THEN = 0.02
"""The chance that a former regular comes to a session."""
MEASURED = "AI Practice Circle"
BATCH_SESSIONS = 200
"""Sessions recorded before their rows are written: a few thousand rows a statement."""
ORDER = (
    Community,
    Member,
    StudySession,
    DialogueTopic,
    AgendaPart,
    TimerEvent,
    Attendance,
    LightningTalk,
    Takeaway,
    Commitment,
    CommitmentReview,
    SessionPulse,
    Survey,
    SurveyQuestion,
    SurveyCount,
)
"""Tables in the order their foreign keys need."""
FIRST_NAMES = [
    "Aisha",
    "Bruno",
    "Carla",
    "Dmitri",
    "Esme",
    "Felix",
    "Gita",
    "Hamid",
    "Ilse",
    "Jorge",
    "Keiko",
    "Lars",
    "Maya",
    "Nikos",
    "Olga",
    "Pablo",
    "Qi",
    "Rania",
    "Sven",
    "Tara",
    "Umar",
    "Vera",
    "Wen",
    "Xavier",
    "Yara",
    "Zoe",
]
LAST_NAMES = [
    "Abbott",
    "Baker",
    "Costa",
    "Dubois",
    "Ekberg",
    "Fischer",
    "Gupta",
    "Horvat",
    "Ito",
    "Jensen",
    "Kowalski",
    "Lopez",
    "Moreau",
    "Novak",
    "Okoye",
    "Petrov",
    "Quinn",
    "Rossi",
    "Silva",
    "Tanaka",
    "Ueda",
    "Varga",
    "Weber",
    "Yilmaz",
    "Zhou",
]
DEPARTMENTS = ("Engineering", "Sales", "Marketing", "Finance", "People & HR", "Legal", "Support")


class Recorder:
    """Stands in for the ORM session the sample's writer expects (`add`, `add_all`,
    `flush`): rows are kept in the order they were added, given ids drawn from the seed,
    and handed out table by table for batched INSERTs. A row can still be changed after it
    was added (a commitment gets its outcome at the next session), so the rows named as
    pending stay behind until a later batch."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = now
        self.rows: dict[type, dict[int, object]] = defaultdict(dict)

    def new_id(self, draw: random.Random | None = None) -> str:
        return uuid.UUID(int=(draw or self.rng).getrandbits(128), version=4).hex

    def add(self, row, draw: random.Random | None = None) -> None:
        """`draw`: the seeded draws the id comes from, when not the history's own (rows
        added beside the sample's leave the rest of the history as it was)."""
        table = self.rows[type(row)]
        if id(row) not in table:
            row.id = self.new_id(draw)
            row.changed_at = self.now
            if hasattr(row, "created_at") and "created_at" not in row.__pydantic_fields_set__:
                row.created_at = self.now
            table[id(row)] = row

    def add_all(self, rows) -> None:
        for row in rows:
            self.add(row)

    def flush(self) -> None:
        """Ids are given on `add`, so there is nothing to do here."""

    def write(self, db: Database, pending: list | None = None) -> int:
        """Insert every row but the pending ones; returns how many were written."""
        keep = {id(row) for row in pending or []}
        written = 0
        with db.engine.begin() as connection:
            for model in ORDER:
                table = self.rows.get(model, {})
                rows = [row for key, row in table.items() if key not in keep]
                if not rows:
                    continue
                columns = [c.name for c in model.__table__.columns]
                connection.execute(
                    insert(model.__table__),
                    [{c: getattr(row, c) for c in columns} for row in rows],
                )
                written += len(rows)
                self.rows[model] = {key: row for key, row in table.items() if key in keep}
        return written


@dataclass
class Tenure:
    """When a member joined (a session index) and whether they still come regularly."""

    member: Member
    first: int

    def around(self, index: int) -> bool:
        """Joined and still a regular: the people who send apologies when they miss one."""
        return self.first <= index < self.first + REGULAR_FOR


def build(
    db: Database, scale: int, seed: int, now: datetime, communities: int = 1
) -> dict[str, int]:
    """Write the whole history and return what it holds."""
    rng = random.Random(seed)
    held_each = max(SESSIONS_PER_SCALE, SESSIONS_PER_SCALE * scale // communities)
    totals = {"communities": communities, "members": 0, "sessions": 0, "rows": 0}
    for number in range(1, communities + 1):
        name = MEASURED if number == 1 else f"Community {number:03d}"
        members, rows = _community(db, rng, name, held_each, scale, now)
        totals["members"] += members
        totals["sessions"] += held_each
        totals["rows"] += rows
    return totals


def _community(db, rng, name, held_count, scale, now) -> tuple[int, int]:
    recorder = Recorder(rng, now)
    community = Community(
        name=name,
        kind="company-wide",
        cadence="every other thursday",
        meeting_time="12:00",
        timezone="Europe/Berlin",
    )
    recorder.add(community)
    dates = past_dates(community, now, held_count)
    tenures = _roster(recorder, rng, community, dates, scale)
    rows = _sessions(db, recorder, rng, community, tenures, dates)
    with db.session() as s:
        crow = s.get(Community, community.id)
        planned = StudySession(
            id=recorder.new_id(),
            community_id=crow.id,
            scheduled_at=dates[-1],
            cadence_on=dates[-1].date(),  # a local cadence moment: its own date
            topic=TOPICS[(len(dates) - 1) % len(TOPICS)],
        )
        s.add(planned)
        s.flush()
        choose_host(s, crow, planned)
        s.add(
            LightningTalk(
                id=recorder.new_id(),
                community_id=crow.id,
                session_id=planned.id,
                presenter_id=tenures[8].member.id,
                title=TALKS[-1],
                minutes=crow.talk_minutes,
            )
        )
    return len(tenures), rows


def _roster(recorder, rng, community, dates, scale) -> list[Tenure]:
    founders = [(name, department, roles, 0) for name, department, roles in PEOPLE]
    joiners = []
    if scale > 1:
        for number, first in enumerate(range(JOIN_EVERY, len(dates) - 1, JOIN_EVERY)):
            name = (
                f"{FIRST_NAMES[number % len(FIRST_NAMES)]} "
                f"{LAST_NAMES[number // len(FIRST_NAMES) % len(LAST_NAMES)]}"
            )
            if number >= len(FIRST_NAMES) * len(LAST_NAMES):
                name += f" {number}"
            joiners.append((name, rng.choice(DEPARTMENTS), (), first))
    tenures = []
    for name, department, roles, first in [*founders, *joiners]:
        row = Member(
            community_id=community.id,
            name="",
            name_key="",
            joined_on=dates[first].date() - timedelta(days=7),
        )
        apply_fields(
            row,
            MemberFields(
                name=name,
                email=name.lower().replace(" ", ".").replace("'", "") + "@example.com",
                department=department,
                roles=list(roles) or None,
                willing_to_facilitate=rng.random() < 0.85,
            ),
        )
        recorder.add(row)
        tenures.append(Tenure(row, first))
    last = len(dates) - 2
    for tenure in tenures:
        if last - tenure.first > REGULAR_FOR and rng.random() < 0.3:
            tenure.member.active = False
    return tenures


def _now_and_then(rng: random.Random, people: list[Tenure]) -> list[Tenure]:
    """Each of `people` with chance NOW_AND_THEN, drawn by geometric gaps: as random as a
    draw per person, at the cost of the few who come rather than of all who could."""
    chosen = []
    position = -1
    while True:
        position += 1 + int(math.log(1.0 - rng.random()) / math.log(1.0 - NOW_AND_THEN))
        if position >= len(people):
            return chosen
        chosen.append(people[position])


def _sessions(db, recorder, rng, community, tenures, dates) -> int:
    held, upcoming = dates[:-1], dates[-1]
    hosted = {t.member.id: 0 for t in tenures}
    earlier: list[Commitment] = []
    previous_host = None
    written = 0
    # Tenures are in order of joining, so the regulars of a session are one stretch of them:
    # [regular, joined) have joined and still come regularly, [0, regular) come now and then.
    regular = joined = 0
    for index, moment in enumerate(held):
        while joined < len(tenures) and tenures[joined].first <= index:
            joined += 1
        while regular < joined and not tenures[regular].around(index):
            regular += 1
        regulars = tenures[regular:joined]
        former = tenures[:regular]
        present = {
            t.member.id for t in regulars if rng.random() < (0.9 if t.first == index else 0.7)
        }
        present |= {t.member.id for t in _now_and_then(rng, former)}
        roster = [t.member for t in regulars] + [t.member for t in former if t.member.id in present]
        willing = [m for m in roster if m.id in present and m.willing_to_facilitate] or roster
        candidates = [m for m in willing if m.id != previous_host] or willing
        fewest = min(hosted[m.id] for m in candidates)
        host = rng.choice([m for m in candidates if hosted[m.id] == fewest])
        hosted[host.id] += 1
        previous_host = host.id
        newcomers = {t.member.id for t in regulars if t.first == index and t.first > 0}
        due = (held[index + 1] if index + 1 < len(held) else upcoming).date()
        session = HeldSession(index, moment, host, present, newcomers, due)
        earlier = write_held_session(recorder, rng, community, roster, session, earlier)
        _pulse(recorder, len(present))
        _topics(recorder, community, len(present))
        if (index + 1) % BATCH_SESSIONS == 0:
            written += recorder.write(db, pending=earlier)
    _surveys(recorder, community, held)
    return written + recorder.write(db)


PULSE_SHAPE = (1, 2, 5, 9, 6)
"""How a typical room spreads its votes from 1 to 5 (the sample's pulse, in shape)."""


def _pulse(recorder: Recorder, present: int) -> None:
    """The session just written takes a pulse: most of the room votes, in the usual shape.
    Drawn from the session's own id, not the history's draws, so the rest is as it was."""
    session = next(reversed(recorder.rows[StudySession].values()))
    draw = random.Random(session.id)
    voters = round(present * draw.uniform(0.6, 1.0))
    votes = draw.choices(range(1, 6), weights=PULSE_SHAPE, k=voters)
    counts = {f"score_{n}": votes.count(n) for n in range(1, 6)}
    recorder.add(SessionPulse(session_id=session.id, **counts), draw)


TOPIC_TEXTS = (
    "Which assistant for spreadsheets?",
    "Rules for pasting customer data",
    "Prompt libraries: one per team?",
    "Agents in the ticket queue",
    "Reviewing AI-written code",
    "Measuring time saved",
)


def _topics(recorder: Recorder, community: Community, present: int) -> None:
    """The session just written talked two to four Dialogue topics through (dot votes
    within the room's dots, a few minutes each); now and then one was not reached. Drawn
    from the session's own id, like the pulse."""
    session = next(reversed(recorder.rows[StudySession].values()))
    draw = random.Random(f"topics {session.id}")
    dots = max(1, present) * 3
    for number in range(draw.randint(2, 4)):
        votes = draw.randint(0, max(0, dots // 3))
        recorder.add(
            DialogueTopic(
                community_id=community.id,
                session_id=session.id,
                text=draw.choice(TOPIC_TEXTS),
                status="discussed",
                votes=votes,
                seconds=draw.randint(120, 420),
                created_at=session.scheduled_at - timedelta(days=number + 1),
            ),
            draw,
        )
    if draw.random() < 0.25:
        recorder.add(
            DialogueTopic(
                community_id=community.id,
                session_id=session.id,
                text=draw.choice(TOPIC_TEXTS),
                status="rolled_over",
                votes=0,
            ),
            draw,
        )


def _surveys(recorder: Recorder, community: Community, held: list[datetime]) -> None:
    """The impact survey of every half-year the history covers, answered by about half of
    the community, the share whose use grew climbing a little year on year."""
    from facilitator.impact_survey import DEFAULT_ANSWERS, DEFAULT_QUESTION
    from facilitator.insight_period import half_key, half_of

    halves = sorted({half_key(half_of(moment.date())) for moment in held})
    for number, key in enumerate(halves):
        draw = random.Random(f"{community.id} {key}")
        survey = Survey(community_id=community.id, period_key=key)
        recorder.add(survey, draw)
        question = SurveyQuestion(
            survey_id=survey.id,
            position=1,
            text=DEFAULT_QUESTION,
            answers="\n".join(DEFAULT_ANSWERS),
        )
        recorder.add(question, draw)
        grew = min(0.8, 0.3 + 0.02 * number)
        for answer, share in zip(
            DEFAULT_ANSWERS, (grew / 3, 2 * grew / 3, 0.9 - grew, 0.1), strict=True
        ):
            n = round(draw.uniform(20, 30) * share)
            recorder.add(SurveyCount(question_id=question.id, answer=answer, count=n), draw)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", help="SQLite file to create, or an empty PostgreSQL's URL")
    parser.add_argument("--scale", type=int, default=1, help="12·N held sessions (default 1)")
    parser.add_argument(
        "--communities", type=int, default=1, help="M communities share them (default 1)"
    )
    parser.add_argument("--seed", type=int, default=20261121)
    args = parser.parse_args()
    if args.scale < 1 or args.communities < 1:
        parser.error("--scale and --communities must be 1 or more")
    if "://" not in args.db and Path(args.db).exists():
        parser.error(f"{args.db} already exists; give a new file")
    db = open_database(resolve_location(args.db))
    with db.session() as s:
        if s.exec(select(Community.id).limit(1)).first() is not None:
            parser.error(f"{args.db} already holds communities; give an empty database")
    started = time.perf_counter()
    built = build(db, args.scale, args.seed, utc_now(), args.communities)
    print(
        f"{args.db}: {built['communities']} communities, {built['sessions']:,} ended sessions, "
        f"{built['members']:,} members, {built['rows']:,} rows "
        f"in {time.perf_counter() - started:.0f} s"
    )


if __name__ == "__main__":
    main()
