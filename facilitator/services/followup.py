"""Follow-up on commitments: open until reviewed, carried over as a linked successor.

A review records the outcome, who reviewed it, when and a one-line learning note; a later
review (only with force) supersedes an earlier one. Carrying over creates a successor due at
the next session and counts the carries, so cop can suggest making it smaller after two.
Follow-through is tried (done or partly) over resolved (tried, not tried or dropped):
a carried commitment is not resolved yet, its successor will be.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import case, exists, func
from sqlmodel import Session, col, select

from facilitator import domain
from facilitator.dates import day_bounds
from facilitator.errors import Conflict, InvalidInput, NotFound
from facilitator.services import schedule
from facilitator.services.communities import community_row
from facilitator.services.roster import member_row
from facilitator.services.rows import existing
from facilitator.services.session_summaries import member_names
from facilitator.text import clean_optional
from facilitator.vocabulary import HELD, RESOLVED, TRIED, AttendanceStatus, Outcome
from store.database import Database
from store.models import (
    Attendance,
    Commitment,
    CommitmentReview,
    Community,
    Member,
    StudySession,
)

SHORT_ID = 6
MIN_PREFIX = 4
CARRY_LIMIT = 2
MAX_NOTE = 300
OUTCOME_NAMES = {outcome.replace("_", "-"): outcome for outcome in Outcome}
"""How outcomes are typed on the command line: done, partly, not-tried, dropped, carried."""


def short(commitment_id: str) -> str:
    return commitment_id[:SHORT_ID]


def parse_outcome(word: str) -> Outcome:
    """done, partly, not-tried (or not_tried, not tried), dropped or carried."""
    key = "-".join(word.strip().casefold().replace("_", " ").split())
    if key not in OUTCOME_NAMES:
        raise InvalidInput(f"unknown outcome {word!r}; use {', '.join(OUTCOME_NAMES)}")
    return OUTCOME_NAMES[key]


def outcome_word(outcome: str) -> str:
    return outcome.replace("_", "-")


def clean_note(note: str | None) -> str | None:
    text = clean_optional(note, "note") or ""
    if len(text) > MAX_NOTE:
        raise InvalidInput(f"the note is longer than {MAX_NOTE} characters; keep it to one line")
    return text or None


def _latest(column):
    """The latest review's `column` for the commitment of the row (None while open): a later
    forced review supersedes an earlier one."""
    return (
        select(column)
        .where(CommitmentReview.commitment_id == Commitment.id)
        .order_by(col(CommitmentReview.reviewed_at).desc(), col(CommitmentReview.id).desc())
        .limit(1)
        .scalar_subquery()
    )


def _unreviewed():
    """Open: no review yet (read through the partial index of open commitments)."""
    return col(Commitment.outcome).is_(None)


def _commitments(crow: Community):
    """Commitments of a community with their owner, session and latest outcome and note."""
    return (
        select(
            Commitment,
            Member,
            StudySession.scheduled_at,
            Commitment.outcome,
            _latest(CommitmentReview.note),
        )
        .join(StudySession, StudySession.id == Commitment.session_id)
        .join(Member, Member.id == Commitment.member_id)
        .where(StudySession.community_id == crow.id)
    )


def _item(row, tz: ZoneInfo, today: date) -> domain.FollowUpItem:
    c, owner, scheduled_at, outcome, note = row
    made = scheduled_at.astimezone(tz).date()
    return domain.FollowUpItem(
        id=c.id,
        short_id=short(c.id),
        owner=owner.name,
        department=owner.department,
        text=c.text,
        made_on=made,
        due_on=c.due_on,
        carries=c.carry_count,
        age_days=(today - made).days,
        overdue=outcome is None and c.due_on < today,
        outcome=Outcome(outcome) if outcome else None,
        note=note,
    )


def _oldest_first(query):
    return query.order_by(
        StudySession.scheduled_at, Member.name_key, Commitment.created_at, Commitment.id
    )


def list_open(
    db: Database,
    community: str | None,
    today: date,
    department: str | None = None,
    owner: str | None = None,
    overdue: bool = False,
) -> list[domain.FollowUpItem]:
    """Open commitments, oldest first, filtered by department, owner or being overdue.

    Open is "no review" (an anti-join), so the work is the open ones, not the history.
    """
    with db.session() as s:
        crow = community_row(s, community)
        # A forgotten member's open commitments have nobody to follow them up with.
        query = _commitments(crow).where(_unreviewed(), col(Member.forgotten_at).is_(None))
        if owner:
            query = query.where(Commitment.member_id == member_row(s, crow.id, owner).id)
        if department:
            wanted = department.strip().casefold()
            in_department = func.lower(func.coalesce(Member.department, "")) == wanted
            known = s.exec(
                select(Member.id)
                .where(Member.community_id == crow.id)
                .where(in_department)
                .limit(1)
            ).first()
            if known is None:
                raise NotFound(f"no member is in a department called {department!r}")
            query = query.where(in_department)
        if overdue:
            query = query.where(Commitment.due_on < today)
        tz = ZoneInfo(crow.timezone)
        return [_item(row, tz, today) for row in s.exec(_oldest_first(query)).all()]


def open_for_check_in(db: Database, session_id: str, today: date) -> list[domain.FollowUpItem]:
    """The open commitments of the people present, made before this session, oldest first."""
    with db.session() as s:
        row = existing(s, StudySession, session_id, "session")
        crow = existing(s, Community, row.community_id, "community")
        present = (
            select(Attendance.member_id)
            .where(Attendance.session_id == session_id)
            .where(Attendance.status == AttendanceStatus.PRESENT)
        )
        query = (
            _commitments(crow)
            .where(_unreviewed())
            .where(col(Commitment.member_id).in_(present))
            .where(Commitment.session_id != session_id)
            .where(StudySession.scheduled_at < row.scheduled_at)
        )
        tz = ZoneInfo(crow.timezone)
        return [_item(r, tz, today) for r in s.exec(_oldest_first(query)).all()]


def _resolve(s: Session, crow: Community, ref: str) -> Commitment:
    key = ref.strip().lower()
    if len(key) < MIN_PREFIX:
        raise InvalidInput(f"give at least {MIN_PREFIX} characters of the commitment id")
    rows = s.exec(
        select(Commitment)
        .join(StudySession, StudySession.id == Commitment.session_id)
        .where(StudySession.community_id == crow.id)
        .where(col(Commitment.id).startswith(key))
    ).all()
    if not rows:
        raise NotFound(f"no commitment with id {ref!r} (cop followup list shows them)")
    if len(rows) > 1:
        names = member_names(s, [r.member_id for r in rows])
        listed = "; ".join(f"{short(r.id)} {names[r.member_id]}: {r.text[:40]}" for r in rows)
        raise InvalidInput(f"{ref!r} matches several commitments: {listed}")
    return rows[0]


def _latest_review(s: Session, commitment_id: str) -> CommitmentReview | None:
    return s.exec(
        select(CommitmentReview)
        .where(CommitmentReview.commitment_id == commitment_id)
        .order_by(col(CommitmentReview.reviewed_at).desc(), col(CommitmentReview.id).desc())
        .limit(1)
    ).first()


def _carry_session(
    s: Session, crow: Community, original: Commitment, session_id: str | None
) -> StudySession:
    """Where a successor belongs: the session reviewing it, else the latest one held, else
    (nothing held yet) the commitment's own."""
    if session_id is not None:
        return s.get(StudySession, session_id)
    latest = s.exec(
        select(StudySession)
        .where(StudySession.community_id == crow.id)
        .where(col(StudySession.status).in_(HELD))
        .order_by(col(StudySession.scheduled_at).desc())
        .limit(1)
    ).first()
    return latest or s.get(StudySession, original.session_id)


def _successor(s: Session, crow: Community, original: Commitment, session_id: str | None):
    home = _carry_session(s, crow, original, session_id)
    try:
        due = schedule.following(s, crow, home).due_on
    except InvalidInput:
        due = original.due_on + timedelta(days=7)
    successor = Commitment(
        session_id=home.id,
        member_id=original.member_id,
        text=original.text,
        due_on=max(due, original.due_on),
        carried_from_id=original.id,
        carry_count=original.carry_count + 1,
        # Still the same try: when it comes out done, it worked for what inspired it.
        inspired_by_talk_id=original.inspired_by_talk_id,
        inspired_by_takeaway_id=original.inspired_by_takeaway_id,
    )
    s.add(successor)
    s.flush()
    return successor


def _mark(
    s: Session,
    crow: Community,
    commitment: Commitment,
    outcome: str,
    note: str | None,
    reviewer_id: str | None,
    session_id: str | None,
    force: bool,
) -> domain.MarkResult:
    earlier = _latest_review(s, commitment.id)
    names = member_names(s, [commitment.member_id, earlier and earlier.reviewer_id])
    if earlier is not None:
        by = f" by {names[earlier.reviewer_id]}" if earlier.reviewer_id in names else ""
        said = f" ({earlier.note})" if earlier.note else ""
        when = earlier.reviewed_at.astimezone(ZoneInfo(crow.timezone)).date()
        if not force:
            raise Conflict(
                f"{short(commitment.id)} was already reviewed as {outcome_word(earlier.outcome)} "
                f"on {when}{by}{said}; add --force to change it"
            )
        if earlier.outcome == Outcome.CARRIED:
            raise Conflict(
                f"{short(commitment.id)} was carried over; review its successor instead "
                "(cop followup list shows it)"
            )
    review = CommitmentReview(
        commitment_id=commitment.id,
        outcome=Outcome(outcome) if outcome else None,
        note=note,
        reviewer_id=reviewer_id,
        session_id=session_id,
    )
    s.add(review)
    commitment.outcome = review.outcome
    s.add(commitment)
    successor = _successor(s, crow, commitment, session_id) if outcome == Outcome.CARRIED else None
    suggestion = None
    if successor is not None and successor.carry_count >= CARRY_LIMIT:
        suggestion = f"carried over {successor.carry_count} times: make it smaller, or drop it"
    return domain.MarkResult(
        id=commitment.id,
        owner=names[commitment.member_id],
        text=commitment.text,
        outcome=outcome,
        successor_id=successor.id if successor else None,
        successor_due=successor.due_on if successor else None,
        suggestion=suggestion,
        replaced=Outcome(earlier.outcome) if earlier else None,
        review_id=review.id,
    )


def undo_reviews(db: Database, review_ids: list[str]) -> int:
    """Take back reviews just made by one key (all or nothing): the commitments are open
    again (or back to their earlier outcome), and a carried one loses its new successor.

    Refused once the successor has been reviewed itself: then there is history to keep.
    """
    with db.session() as s:
        for review_id in review_ids:
            review = s.get(CommitmentReview, review_id)
            if review is None:
                raise NotFound("that outcome was already taken back")
            if review.outcome == Outcome.CARRIED:
                successor = s.exec(
                    select(Commitment)
                    .where(Commitment.carried_from_id == review.commitment_id)
                    .order_by(col(Commitment.created_at).desc())
                    .limit(1)
                ).first()
                if successor is not None:
                    if _latest_review(s, successor.id) is not None:
                        raise Conflict(
                            f"{short(review.commitment_id)} was carried over and its successor "
                            "has been reviewed since; nothing was undone"
                        )
                    s.delete(successor)
            s.delete(review)
            s.flush()
            commitment = existing(s, Commitment, review.commitment_id, "commitment")
            earlier = _latest_review(s, commitment.id)
            commitment.outcome = earlier.outcome if earlier else None
            s.add(commitment)
        s.flush()
        return len(review_ids)


def mark(
    db: Database,
    community: str | None,
    refs: list[str],
    outcome_text: str,
    note: str | None = None,
    reviewer: str | None = None,
    force: bool = False,
    session_id: str | None = None,
) -> list[domain.MarkResult]:
    """Review one or many commitments with the same outcome, all or nothing."""
    outcome = parse_outcome(outcome_text)
    note = clean_note(note)
    with db.session() as s:
        crow = community_row(s, community)
        reviewer_id = member_row(s, crow.id, reviewer).id if reviewer else None
        rows = [_resolve(s, crow, ref) for ref in refs]
        if len({r.id for r in rows}) != len(rows):
            raise InvalidInput("the same commitment is named twice")
        return [_mark(s, crow, row, outcome, note, reviewer_id, session_id, force) for row in rows]


def check_in(
    db: Database, session_id: str, commitment_id: str, outcome: str, note: str | None
) -> domain.MarkResult:
    """A review made in the opening check-in: by the host, recorded on this session."""
    with db.session() as s:
        row = existing(s, StudySession, session_id, "session")
        crow = existing(s, Community, row.community_id, "community")
        commitment = s.get(Commitment, commitment_id)
        if commitment is None:
            raise NotFound("that commitment no longer exists")
        return _mark(
            s, crow, commitment, outcome, clean_note(note), row.facilitator_id, row.id, False
        )


# Follow-through


def _rate(tried: int, resolved: int) -> float | None:
    return tried / resolved if resolved else None


RATE_WINDOW = timedelta(days=365)
"""Departments' follow-through counts the commitments of the last twelve months: what a
department does now, not an average over every year of the community; and the work stays
the same however long the history grows."""


def follow_through(
    db: Database, community: str | None, today: date, recent: int = 4
) -> domain.FollowThrough:
    """Per department over the last twelve months, and for the `recent` latest sessions
    with commitments, how many commitments were tried.

    Counted by the database from each commitment's stored latest outcome (a later forced
    review supersedes an earlier one), grouped; both read only the sessions they cover,
    through the (community, scheduled_at) index.
    """
    with db.session() as s:
        crow = community_row(s, community)
        tz = ZoneInfo(crow.timezone)
        since = day_bounds(today - RATE_WINDOW, tz)[0]
        outcome = col(Commitment.outcome)
        base = (
            select(
                func.count(Commitment.id),
                func.sum(case((outcome.in_(sorted(RESOLVED)), 1), else_=0)),
                func.sum(case((outcome.in_(sorted(TRIED)), 1), else_=0)),
            )
            .join(StudySession, StudySession.id == Commitment.session_id)
            .where(StudySession.community_id == crow.id)
        )
        department = [
            domain.Rate(dept or "Other", n, r or 0, t or 0, _rate(t or 0, r or 0))
            for n, r, t, dept in s.exec(
                base.where(StudySession.scheduled_at >= since)
                .join(Member, Member.id == Commitment.member_id)
                .add_columns(Member.department)
                .group_by(Member.department)
            ).all()
        ]
        latest = (
            select(StudySession.id)
            .where(StudySession.community_id == crow.id)
            .where(exists().where(Commitment.session_id == StudySession.id))
            .order_by(col(StudySession.scheduled_at).desc())
            .limit(recent)
        )
        by_day: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for n, r, t, _, at in s.exec(
            base.where(col(StudySession.id).in_(latest))
            .add_columns(StudySession.id, StudySession.scheduled_at)
            .group_by(StudySession.id, StudySession.scheduled_at)
        ).all():
            tally = by_day[at.astimezone(tz).date().isoformat()]
            tally[0] += n
            tally[1] += r or 0
            tally[2] += t or 0
        session = [
            domain.Rate(day, n, r, t, _rate(t, r)) for day, (n, r, t) in sorted(by_day.items())
        ]
        return domain.FollowThrough(_merge(department), session)


def _merge(rates: list[domain.Rate]) -> list[domain.Rate]:
    """Departments without a name and those called "Other" are one row, sorted by name."""
    merged: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for rate in rates:
        tally = merged[rate.key]
        tally[0] += rate.made
        tally[1] += rate.resolved
        tally[2] += rate.tried
    return [domain.Rate(k, n, r, t, _rate(t, r)) for k, (n, r, t) in sorted(merged.items())]


def history(db: Database, community: str | None, name: str, today: date) -> domain.PersonHistory:
    """Everything one person committed to, with outcomes, and their follow-through."""
    with db.session() as s:
        crow = community_row(s, community)
        member = member_row(s, crow.id, name)
        query = _oldest_first(_commitments(crow).where(Commitment.member_id == member.id))
        tz = ZoneInfo(crow.timezone)
        items = [_item(row, tz, today) for row in s.exec(query).all()]
        resolved = [i for i in items if i.outcome in RESOLVED]
        tried = [i for i in resolved if i.outcome in TRIED]
        return domain.PersonHistory(
            member.name, items, len(items), len(tried), _rate(len(tried), len(resolved))
        )


# Nudges


def next_session_day(db: Database, community: str | None, today: date) -> tuple[str, date | None]:
    """The community's name and the day of its next session on or after `today` (local),
    which the nudges point people to."""
    with db.session() as s:
        crow = community_row(s, community)
        upcoming = schedule.next_session(s, crow, schedule.rule_of(crow).moment(today)).row
        if upcoming is None:
            return crow.name, None
        return crow.name, upcoming.scheduled_at.astimezone(ZoneInfo(crow.timezone)).date()


def nudges(
    db: Database, community: str | None, today: date, department: str | None = None
) -> list[domain.Nudge]:
    """A short, ready-to-paste message per person with open commitments."""
    items = list_open(db, community, today, department=department)
    name, next_day = next_session_day(db, community, today)
    by_owner: dict[str, list[domain.FollowUpItem]] = defaultdict(list)
    for item in items:
        by_owner[item.owner].append(item)
    out = []
    for owner, mine in sorted(by_owner.items(), key=lambda kv: kv[0].casefold()):
        first = owner.split()[0]
        lines = [f"Hi {first}, a quick nudge from {name}: you said you'd try"]
        for item in mine:
            late = ", overdue" if item.overdue else ""
            lines.append(f"  • {item.text} (due {item.due_on:%a %d %b}{late})")
        ask = "How did it go? One line is plenty"
        when = f"; we'll ask at the next session on {next_day:%a %d %b}." if next_day else "."
        lines.append(ask + when)
        out.append(domain.Nudge(owner, mine[0].department, "\n".join(lines), len(mine)))
    return out
