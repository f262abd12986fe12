"""The library: every takeaway of every session, searchable, with what came of it.

Search is the database's own full-text index (store.search_index): words in any order,
each a prefix, accents folded. Filters, ranking, `--sort worked` and LIMIT all run in SQL;
only the shown entries are read in full, with one GROUP BY for "tried by N, worked for M"
over the commitments they inspired.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import case, distinct, func
from sqlalchemy.orm import aliased
from sqlalchemy.sql.expression import UnaryExpression
from sqlalchemy.sql.operators import custom_op
from sqlmodel import Session, col, select

from facilitator import domain
from facilitator.errors import InvalidInput, not_found
from facilitator.services.communities import community_row
from facilitator.vocabulary import LibraryStatus, Outcome, TakeawayKind
from store.database import Database
from store.models import (
    Commitment,
    CommitmentReview,
    Community,
    Member,
    StudySession,
    Takeaway,
)
from store.models import LibraryEntry as Entry
from store.search_index import WORD, fold, ranked, words

WORKED = (Outcome.DONE, Outcome.PARTLY)
MAX_NOTES = 5


class LibrarySort(StrEnum):
    RELEVANCE = "relevance"
    RECENT = "recent"
    WORKED = "worked"


def matched_spans(text: str, terms: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """Where in `text` a word starts with one of the (folded) terms, as the index matched."""
    if not terms:
        return ()
    return tuple(
        m.span() for m in WORD.finditer(text) if any(fold(m.group()).startswith(t) for t in terms)
    )


def check_status(status: str | None) -> LibraryStatus | None:
    if status is None:
        return None
    try:
        return LibraryStatus("-".join(status.casefold().split()))
    except ValueError:
        raise InvalidInput(
            f"no status {status!r}; the statuses are " + ", ".join(s.value for s in LibraryStatus)
        ) from None


def check_kind(kind: str | None) -> TakeawayKind | None:
    if kind is None:
        return None
    try:
        return TakeawayKind(kind.strip().casefold())
    except ValueError:
        raise InvalidInput(
            f"no kind {kind!r}; the kinds are {', '.join(k.value for k in TakeawayKind)}"
        ) from None


def search(
    db: Database,
    query: str = "",
    *,
    community: str | None = None,
    kind: str | None = None,
    author: str | None = None,
    department: str | None = None,
    since: date | None = None,
    status: str | None = None,
    sort: LibrarySort | None = None,
    limit: int | None = 20,
    every_community: bool = False,
    topic: str | None = None,
) -> domain.LibraryResults:
    """The best `limit` matches of `query` (the most recent when it has no words); every
    match with no limit (an export of the whole library). In the community named, else the
    default one, like every command; in all of them with `every_community`."""
    terms = tuple(words(query))
    wanted_kind = check_kind(kind)
    wanted_status = check_status(status)
    if sort is None:
        sort = LibrarySort.RELEVANCE if terms else LibrarySort.RECENT
    with db.session() as s:
        community_id = None if every_community else community_row(s, community).id
        filters = Filters(
            community_id, wanted_kind, author, department, since, wanted_status, topic
        )
        best = limit * 10 if limit and terms and sort is LibrarySort.RELEVANCE else None
        ids = _ranked_ids(s, terms, filters, sort, limit, best)
        if best is not None and limit and len(ids) < limit:  # the filters left too few of the best
            ids = _ranked_ids(s, terms, filters, sort, limit, None)
        return domain.LibraryResults(entries=entries_by_id(s, ids, terms), words=terms)


@dataclass(frozen=True)
class Filters:
    community_id: str | None
    kind: TakeawayKind | None
    author: str | None
    department: str | None
    since: date | None
    status: LibraryStatus | None
    topic: str | None = None
    """Words of the Dialogue topic the takeaway was captured during."""


RECENT = (
    col(StudySession.scheduled_at).desc(),
    col(Takeaway.created_at).desc(),
    col(Takeaway.id),
)
"""The most recent first: by the session's start, then by when it was captured (then by
id, so that one history lists in one order on every engine)."""

WINDOWS = (64, 1024)
"""How many of the newest sessions "the most recent" matches are looked for in first."""


def _ranked_ids(
    s: Session,
    terms: tuple[str, ...],
    f: Filters,
    sort: LibrarySort,
    limit: int | None,
    best: int | None,
) -> list[str]:
    """The ids of the matches in order, all in SQL."""
    statement, score = _matches(s, terms, f, best, scored=sort is LibrarySort.RELEVANCE)
    if sort is LibrarySort.RELEVANCE and score is not None:
        ordered = statement.order_by(score, *RECENT)
        return list(s.exec(ordered if limit is None else ordered.limit(limit)).all())
    if sort is LibrarySort.WORKED:
        return _worked_first(s, statement, f, limit)
    return _most_recent(s, statement, f, limit)


def _matches(s: Session, terms: tuple[str, ...], f: Filters, best: int | None, scored: bool):
    """Every takeaway matching the words and filters (unordered), and its score when
    `scored` (ordered by relevance) and there are words."""
    dialect = s.get_bind().dialect.name
    statement = (
        select(Takeaway.id)
        .join(StudySession, StudySession.id == Takeaway.session_id)
        .outerjoin(Member, Member.id == Takeaway.author_id)
    )
    score = None
    if terms:
        found, condition, score = ranked(dialect, list(terms), Takeaway.text, best, scored)
        if found is not None:
            statement = statement.join(found, found.c.takeaway_id == Takeaway.id)
        if condition is not None:
            statement = statement.where(condition)
    if f.community_id is not None:
        statement = statement.where(StudySession.community_id == f.community_id)
    if f.kind is not None:
        # A seventh of every takeaway has a kind: SQLite's planner, which cannot tell without
        # statistics, would read them all through the kind's index and sort them, instead
        # of reading the newest sessions' takeaways and stopping at the page (`+kind`).
        kind = _unindexed(Takeaway.kind) if dialect == "sqlite" else Takeaway.kind
        statement = statement.where(kind == f.kind)
    if f.author is not None:
        statement = statement.where(Member.name_key == _author_key(s, f.author))
    if f.department is not None:
        statement = statement.where(
            func.lower(Member.department) == " ".join(f.department.split()).lower()
        )
    if f.status is not None:
        statement = statement.join(Entry, Entry.takeaway_id == Takeaway.id).where(
            Entry.status == f.status
        )
    if f.since is not None:
        statement = statement.where(StudySession.scheduled_at >= _day_start(f.since))
    if f.topic is not None and f.topic.strip():
        from store.models import DialogueTopic

        wanted = " ".join(f.topic.split()).lower()
        statement = statement.join(DialogueTopic, DialogueTopic.id == Takeaway.topic_id).where(
            func.lower(DialogueTopic.text).contains(wanted, autoescape=True)
        )
    return statement, score


def _unindexed(column):
    """`+column`: the same value, which SQLite will not look up through an index."""
    return UnaryExpression(column, operator=custom_op("+"), type_=column.type)


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, ZoneInfo("UTC"))


def _most_recent(s: Session, statement, f: Filters, limit: int | None) -> list[str]:
    """The newest matches, looked for first among the newest sessions only.

    The bound (sessions starting no earlier than the window's oldest) lets the planner walk
    the sessions newest first through their start's index and stop at the page, whatever
    its statistics say; a search whose matches are rare asks again without it.
    """
    ordered = statement.order_by(*RECENT)
    if limit is None:
        return list(s.exec(ordered).all())
    for window in WINDOWS:
        oldest = (
            select(StudySession.scheduled_at)
            .order_by(col(StudySession.scheduled_at).desc())
            .offset(window - 1)
            .limit(1)
        )
        if f.community_id is not None:
            oldest = oldest.where(StudySession.community_id == f.community_id)
        bounded = ordered.where(StudySession.scheduled_at >= oldest.scalar_subquery())
        ids = list(s.exec(bounded.limit(limit)).all())
        if len(ids) == limit:
            return ids
    return list(s.exec(ordered.limit(limit)).all())


def _worked_first(s: Session, statement, f: Filters, limit: int | None) -> list[str]:
    """The matches that worked for the most people first, then the rest, newest first.

    The proven ones are counted in one GROUP BY (from the covering index of migration 0008)
    joined to the matches; when they do not fill the page, the rest is the most recent
    matches besides them (at most a page of ids to leave out).
    """
    worked = _worked_counts()
    proven = statement.join(worked, worked.c.takeaway_id == Takeaway.id).order_by(
        col(worked.c.people).desc(), *RECENT
    )
    if limit is None:
        rest = statement.outerjoin(worked, worked.c.takeaway_id == Takeaway.id).where(
            col(worked.c.takeaway_id).is_(None)
        )
        return list(s.exec(proven).all()) + list(s.exec(rest.order_by(*RECENT)).all())
    ids = list(s.exec(proven.limit(limit)).all())
    if len(ids) == limit:
        return ids
    if ids:
        statement = statement.where(col(Takeaway.id).not_in(ids))
    return ids + _most_recent(s, statement, f, limit - len(ids))


def _author_key(s: Session, name: str) -> str:
    key = " ".join(name.split()).casefold()
    if s.exec(select(Member.id).where(Member.name_key == key).limit(1)).first() is None:
        names = s.exec(select(Member.name).where(col(Member.name_key).startswith(key[:1]))).all()
        raise not_found("member", name, names)
    return key


def _worked_counts():
    """Per takeaway, the people for whom a commitment it inspired came out done or partly.

    One GROUP BY over the inspired commitments, read from their index alone, joined to the
    matches: a count correlated with each match read the commitments once per match.
    """
    return (
        select(
            col(Commitment.inspired_by_takeaway_id).label("takeaway_id"),
            func.count(distinct(Commitment.member_id)).label("people"),
        )
        .where(col(Commitment.inspired_by_takeaway_id).is_not(None))
        .where(col(Commitment.outcome).in_(WORKED))
        .group_by(Commitment.inspired_by_takeaway_id)
        .subquery("worked")
    )


CHUNK = 500
"""Entries are read this many at a time, so the list of ids a statement carries stays
bounded when a whole library is exported."""


def entries_by_id(s: Session, ids: list[str], terms: tuple[str, ...]) -> list[domain.LibraryEntry]:
    """The entries with these ids, in this order, each with what came of it."""
    entries: list[domain.LibraryEntry] = []
    for start in range(0, len(ids), CHUNK):
        entries += _entries(s, ids[start : start + CHUNK], terms)
    return entries


def _entries(s: Session, ids: list[str], terms: tuple[str, ...]) -> list[domain.LibraryEntry]:
    if not ids:
        return []
    owner, verifier = aliased(Member), aliased(Member)
    rows = s.exec(
        select(
            Takeaway.id,
            Takeaway.kind,
            Takeaway.text,
            Member.name,
            Member.department,
            Community.name,
            Community.timezone,
            StudySession.id,
            StudySession.scheduled_at,
            StudySession.topic,
            Entry,
            owner.name,
            verifier.name,
        )
        .join(StudySession, StudySession.id == Takeaway.session_id)
        .join(Community, Community.id == StudySession.community_id)
        .outerjoin(Member, Member.id == Takeaway.author_id)
        .outerjoin(Entry, Entry.takeaway_id == Takeaway.id)
        .outerjoin(owner, owner.id == Entry.owner_id)
        .outerjoin(verifier, verifier.id == Entry.verified_by_id)
        .where(col(Takeaway.id).in_(ids))
    ).all()
    tallies = {
        takeaway_id: (tried, worked)
        for takeaway_id, tried, worked in s.exec(
            select(
                Commitment.inspired_by_takeaway_id,
                func.count(distinct(Commitment.member_id)),
                func.count(
                    distinct(case((col(Commitment.outcome).in_(WORKED), Commitment.member_id)))
                ),
            )
            .where(col(Commitment.inspired_by_takeaway_id).in_(ids))
            .group_by(Commitment.inspired_by_takeaway_id)
        ).all()
    }
    notes: dict[str, list[str]] = defaultdict(list)
    for takeaway_id, note in s.exec(
        select(Commitment.inspired_by_takeaway_id, CommitmentReview.note)
        .join(CommitmentReview, CommitmentReview.commitment_id == Commitment.id)
        .where(col(Commitment.inspired_by_takeaway_id).in_(ids))
        .where(col(CommitmentReview.note).is_not(None))
        .order_by(col(CommitmentReview.reviewed_at).desc())
    ).all():
        if len(notes[takeaway_id]) < MAX_NOTES:
            notes[takeaway_id].append(note)
    by_id = {}
    for (
        takeaway_id,
        kind,
        text,
        author,
        department,
        community,
        timezone,
        session_id,
        scheduled_at,
        topic,
        curated,
        owner_name,
        verifier_name,
    ) in rows:
        tried, worked = tallies.get(takeaway_id, (0, 0))
        by_id[takeaway_id] = domain.LibraryEntry(
            id=takeaway_id,
            kind=TakeawayKind(kind),
            text=text,
            author=author,
            department=department,
            community=community,
            session_id=session_id,
            session_day=scheduled_at.astimezone(ZoneInfo(timezone)).date(),
            topic=topic,
            tried=tried,
            worked=worked,
            notes=tuple(notes.get(takeaway_id, ())),
            matched=matched_spans(text, terms),
            curation=_curation(curated, owner_name, verifier_name) if curated else None,
        )
    return [by_id[i] for i in ids]


def _curation(e: Entry, owner: str | None, verifier: str | None) -> domain.Curation:
    return domain.Curation(
        title=e.title,
        tags=tuple(t for t in e.tags.split(",") if t),
        tool=e.tool,
        model=e.model,
        owner=owner,
        status=LibraryStatus(e.status),
        verified_at=e.verified_at,
        verified_by=verifier,
    )


def departments(db: Database, community: str | None) -> list[str]:
    """The departments the library can be filtered by (the community's members')."""
    with db.session() as s:
        crow = community_row(s, community)
        return list(
            s.exec(
                select(Member.department)
                .where(Member.community_id == crow.id)
                .where(col(Member.department).is_not(None))
                .distinct()
                .order_by(Member.department)
            ).all()
        )


def library_document(
    db: Database,
    community: str | None,
    today: date,
    kind: str | None = None,
    status: str | None = None,
    every_community: bool = False,
) -> domain.LibraryDocument:
    """The whole library of a community (the default one), or of every one, for `cop
    library export`."""
    with db.session() as s:
        if not every_community:
            name = community_row(s, community).name
        else:
            names = s.exec(select(Community.name).limit(2)).all()
            name = names[0] if len(names) == 1 else "Every community"
    results = search(
        db,
        "",
        community=community,
        kind=kind,
        status=status,
        limit=None,
        every_community=every_community,
    )
    return domain.LibraryDocument(
        community=name,
        generated_on=today,
        entries=results.entries,
        kind=check_kind(kind),
        status=check_status(status),
    )


def library_owner(db: Database, community: str | None) -> domain.Community:
    """The community whose library page is published (named, or the only/default one)."""
    from facilitator import converters

    with db.session() as s:
        return converters.community(community_row(s, community))
