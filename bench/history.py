"""Build a realistic history at any scale, for measuring how cop grows with the past.

    python bench/history.py DB [--scale N] [--seed S]

Scale 1 is the size of the sample community (`cop demo`: 12 held sessions, 18 members);
scale N holds 12·N ended sessions of one fortnightly community, and its roster grows the
way a real one does: the 18 founders, then a newcomer every fourth session who attends
regularly for a few dozen sessions and then only now and then (some are deactivated). At
100× that is about 300 members, 1,200 sessions, 16k attendance rows, 6k commitments and
their reviews and 5k takeaways, plus one planned session with its host chosen by the
rotation. The same seed gives the same history; every row goes through cop's own models
and the sample's session writer, so a large history looks like the sample.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from facilitator.clock import utc_now
from facilitator.services.demo import (
    PEOPLE,
    TALKS,
    TOPICS,
    HeldSession,
    past_dates,
    write_held_session,
)
from facilitator.services.roster import MemberFields, create_member
from facilitator.services.rotation import choose_host
from store.database import Database, open_database
from store.location import resolve_location
from store.models import Commitment, Community, LightningTalk, Member, StudySession

SESSIONS_PER_SCALE = 12
JOIN_EVERY = 4
"""A newcomer every fourth session (only when the scale is above 1)."""
REGULAR_FOR = 60
"""Sessions after joining during which a member comes most of the time."""
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


@dataclass
class Tenure:
    """When a member joined (a session index) and whether they still come regularly."""

    member: Member
    first: int

    def around(self, index: int) -> bool:
        """Joined and still a regular: the people who send apologies when they miss one."""
        return self.first <= index < self.first + REGULAR_FOR

    def comes(self, rng: random.Random, index: int) -> bool:
        if index < self.first:
            return False
        if index == self.first:
            return rng.random() < 0.9
        return rng.random() < (0.7 if index - self.first < REGULAR_FOR else 0.02)


def build(db: Database, scale: int, seed: int, now: datetime) -> dict[str, int]:
    """Write the whole history in one transaction and return what it holds."""
    rng = random.Random(seed)
    held_count = SESSIONS_PER_SCALE * scale
    with db.session() as s:
        community = Community(
            name=f"AI Practice Circle ×{scale}",
            kind="company-wide",
            cadence="every other thursday",
            meeting_time="12:00",
            timezone="Europe/Berlin",
        )
        s.add(community)
        s.flush()
        dates = past_dates(community, now, held_count)
        tenures = _roster(s, rng, community, dates, scale)
        _sessions(s, rng, community, tenures, dates)
    return {"members": len(tenures), "sessions": held_count}


def _roster(s, rng, community, dates, scale) -> list[Tenure]:
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
        fields = MemberFields(
            name=name,
            email=name.lower().replace(" ", ".").replace("'", "") + "@example.com",
            department=department,
            roles=list(roles),
            willing_to_facilitate=rng.random() < 0.85,
        )
        joined = dates[first].date() - timedelta(days=7)
        tenures.append(Tenure(create_member(s, community.id, fields, joined), first))
    last = len(dates) - 2
    for tenure in tenures:
        if last - tenure.first > REGULAR_FOR and rng.random() < 0.3:
            tenure.member.active = False
    return tenures


def _sessions(s, rng, community, tenures, dates) -> None:
    held, upcoming = dates[:-1], dates[-1]
    hosted = {t.member.id: 0 for t in tenures}
    earlier: list[Commitment] = []
    previous_host = None
    for index, moment in enumerate(held):
        present = {t.member.id for t in tenures if t.comes(rng, index)}
        roster = [t.member for t in tenures if t.around(index) or t.member.id in present]
        regulars = [m for m in roster if m.id in present and m.willing_to_facilitate] or roster
        candidates = [m for m in regulars if m.id != previous_host] or regulars
        fewest = min(hosted[m.id] for m in candidates)
        host = rng.choice([m for m in candidates if hosted[m.id] == fewest])
        hosted[host.id] += 1
        previous_host = host.id
        newcomers = {t.member.id for t in tenures if t.first == index and t.first > 0}
        due = (held[index + 1] if index + 1 < len(held) else upcoming).date()
        session = HeldSession(index, moment, host, present, newcomers, due)
        earlier = write_held_session(s, rng, community, roster, session, earlier)
    planned = StudySession(
        community_id=community.id,
        scheduled_at=upcoming,
        cadence_on=upcoming.date(),  # a local cadence moment: its own date
        topic=TOPICS[len(held) % len(TOPICS)],
    )
    s.add(planned)
    s.flush()
    choose_host(s, community, planned)
    s.add(
        LightningTalk(
            community_id=community.id,
            session_id=planned.id,
            presenter_id=tenures[8].member.id,
            title=TALKS[-1],
            minutes=community.talk_minutes,
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path, help="SQLite file to create (must not exist)")
    parser.add_argument("--scale", type=int, default=1, help="12·N held sessions (default 1)")
    parser.add_argument("--seed", type=int, default=20261121)
    args = parser.parse_args()
    if args.scale < 1:
        parser.error("--scale must be 1 or more")
    if args.db.exists():
        parser.error(f"{args.db} already exists; give a new file")
    db = open_database(resolve_location(str(args.db)))
    built = build(db, args.scale, args.seed, utc_now())
    print(f"{args.db}: {built['sessions']} ended sessions, {built['members']} members")


if __name__ == "__main__":
    main()
