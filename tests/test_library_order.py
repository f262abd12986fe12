"""The library's "most recent" and "what worked, first" on a history longer than the windows
the search looks in first: the page is the same as ordering every match would give."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import select

from facilitator.services import library
from facilitator.services.communities import create_community
from facilitator.services.library import WINDOWS, LibrarySort, search
from facilitator.services.roster import MemberFields, add_member
from facilitator.vocabulary import Outcome, SessionStatus, TakeawayKind
from store.models import Commitment, Community, Member, StudySession, Takeaway

SESSIONS = WINDOWS[0] * 2 + 7
PEOPLE = ["Ana Lima", "Ben Okafor", "Chen Wei", "Dora Rare"]
KINDS = [TakeawayKind.TIP, TakeawayKind.PROMPT, TakeawayKind.WORKFLOW, TakeawayKind.RISK]
START = datetime(2020, 1, 2, 11, 0, tzinfo=UTC)


@pytest.fixture
def long_history(db):
    """Two communities; the first with more sessions than the first window. Risks and Dora's
    takeaways are rare and old, so a search for them outgrows the windows."""
    rng = random.Random(7)
    for name in ("Circle", "Guild"):
        create_community(db, name, "every other thursday", "12:00", "Europe/Berlin")
    for person in PEOPLE:
        add_member(db, "Circle", MemberFields(name=person), date(2019, 1, 1))
    rows = []
    with db.session() as s:
        communities = dict(s.exec(select(Community.name, Community.id)).all())
        people = dict(s.exec(select(Member.name, Member.id)).all())
        for index in range(SESSIONS):
            community = "Guild" if index % 10 == 3 else "Circle"
            moment = START + timedelta(days=14 * index)
            session = StudySession(
                community_id=communities[community],
                scheduled_at=moment,
                topic=f"Session {index}",
                status=SessionStatus.ENDED,
            )
            s.add(session)
            s.flush()
            for offset in range(rng.randint(0, 4)):
                old = index < 10
                kind = TakeawayKind.RISK if old and offset == 0 else rng.choice(KINDS[:3])
                author = "Dora Rare" if old and offset == 1 else rng.choice([*PEOPLE[:3], None])
                takeaway = Takeaway(
                    session_id=session.id,
                    author_id=people.get(author),
                    kind=kind,
                    text=f"Takeaway {index}.{offset} about prompts",
                    created_at=moment + timedelta(minutes=5 + offset),
                )
                s.add(takeaway)
                s.flush()
                worked = set()
                for person in rng.sample(PEOPLE, k=rng.choice([0, 0, 0, 1, 2])):
                    outcome = rng.choice([Outcome.DONE, Outcome.PARTLY, Outcome.NOT_TRIED])
                    s.add(
                        Commitment(
                            session_id=session.id,
                            member_id=people[person],
                            text=f"Try {takeaway.text}",
                            due_on=moment.date() + timedelta(days=14),
                            inspired_by_takeaway_id=takeaway.id,
                            outcome=outcome,
                        )
                    )
                    if outcome in (Outcome.DONE, Outcome.PARTLY):
                        worked.add(person)
                rows.append((takeaway.text, community, kind, author, moment, offset, len(worked)))
    return db, rows


CASES = [
    {},
    {"community": "Circle"},
    {"community": "Guild"},
    {"kind": "prompt"},
    {"kind": "risk"},
    {"author": "Dora Rare"},
    {"author": "Ana Lima", "kind": "tip"},
    {"since": date(2024, 6, 1)},
    {"community": "Circle", "kind": "risk"},
]


@pytest.mark.parametrize("sort", [LibrarySort.RECENT, LibrarySort.WORKED])
@pytest.mark.parametrize("words", ["", "prompts"])
def test_the_page_is_the_best_of_every_match(long_history, sort, words):
    db, rows = long_history
    for filters in CASES:
        matching = [r for r in rows if _keeps(r, filters)]
        if sort is LibrarySort.WORKED:
            matching.sort(key=lambda r: (-r[6], -r[4].timestamp(), -r[5]))
        else:
            matching.sort(key=lambda r: (-r[4].timestamp(), -r[5]))
        for limit in (1, 20, 45):
            every = "community" not in filters  # no community named: all of them
            found = search(db, words, sort=sort, limit=limit, every_community=every, **filters)
            assert [e.text for e in found.entries] == [r[0] for r in matching[:limit]], (
                filters,
                limit,
            )


def _keeps(row, filters) -> bool:
    _, community, kind, author, moment, _, _ = row
    return (
        filters.get("community", community) == community
        and filters.get("kind", kind) == kind
        and filters.get("author", author) == author
        and moment.date() >= filters.get("since", date.min)
    )


def test_a_whole_library_is_read_a_bounded_number_of_ids_at_a_time(long_history, monkeypatch):
    db, rows = long_history
    whole = [e.text for e in search(db, "", limit=None, every_community=True).entries]
    monkeypatch.setattr(library, "CHUNK", 7)
    sent: list[int] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: sent.append(len(a[3] or ())))
    chunked = [e.text for e in search(db, "", limit=None, every_community=True).entries]
    assert chunked == whole and len(whole) == len(rows) > 7 * 3
    assert max(sent) <= 7 + 4  # the ids and a few fixed values, never the whole library
