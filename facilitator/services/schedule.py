"""The schedule: the one place that says which dates the cadence expects, which of them a
session takes, which session is next, and which session a commitment is due at.

Every screen and command asks here, so two of them can never disagree about a date. The
rules:
- the cadence's dates are in phase with the latest session that took one (else with the
  community's creation): which Thursday is "the other one" never drifts;
- a session takes one cadence date (`cadence_on`) and keeps it when it is held early or
  late, so that date is used up; a session planned or started on another day takes the
  nearest free cadence date within half an interval, else none (an extra meeting);
- a planned session whose day has passed unheld is missed: it is shown as such (hold it
  late, or cancel it) and is never the next one;
- the next session is the first planned one from today on, after the latest held one; with
  none, the first cadence date after now and after the latest held one that no session has
  taken (a cancelled session keeps its date: cancelling is not rescheduling).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, update
from sqlalchemy import select as core_select  # a whole row of a light clause, as read
from sqlmodel import Session, col, select

from facilitator.cadence import Cadence, parse_cadence, parse_time
from facilitator.dates import day_bounds
from facilitator.errors import InvalidInput
from facilitator.vocabulary import HELD, SessionStatus
from store import light_tables
from store.light_tables import read

if TYPE_CHECKING:
    from sqlalchemy import Row

    from store.models import Community, StudySession

SESSION = light_tables.study_session
S = SESSION.c
"""The schedule reads dates and statuses on the light clause (store.light_tables): home's
first frame asks the schedule for the next session without building the mapped tables.
What a caller changes, it gets as the mapped row (see `next_session`)."""

LOOK_AHEAD_INTERVALS = 26
"""How many cadence dates one read looks at when searching for a free one."""


@dataclass(frozen=True)
class Rule:
    """A community's cadence, meeting time and time zone: what turns dates into moments."""

    cadence: Cadence
    at: time
    tz: ZoneInfo

    def moment(self, day: date) -> datetime:
        return datetime.combine(day, self.at, tzinfo=self.tz)

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    @property
    def reach(self) -> timedelta:
        """Half an interval: a session this close to a cadence date stands for it."""
        return self.cadence.typical_gap / 2


def rule_of(crow: Community) -> Rule:
    return Rule(parse_cadence(crow.cadence), parse_time(crow.meeting_time), ZoneInfo(crow.timezone))


Found = TypeVar("Found")


@dataclass(frozen=True)
class Upcoming(Generic[Found]):
    """The next session: its row (planned; or, after an older session, possibly held since),
    or (row None) the cadence date still to plan. The row is the mapped one for a caller
    that changes it, or a row as read (`peek_next`)."""

    row: Found | None
    at: datetime
    """Local time: the session's, else the cadence date's meeting time."""
    cadence_on: date | None

    @property
    def due_on(self) -> date:
        """The date commitments made before it are due: its cadence date (the one people
        were told, even when it is then held early), else its own day."""
        return self.cadence_on or self.at.date()


def _of(crow: Community):
    from store.models import StudySession

    return select(StudySession).where(StudySession.community_id == crow.id)


def anchor(s: Session, crow: Community, rule: Rule, fallback: date) -> date:
    """A date in the cadence's phase: the latest one a session took; with none yet, the
    first on or after `fallback` (today, or the period's start): the phase is free until a
    session takes a date."""
    latest = read(
        s,
        select(S.cadence_on)
        .where(S.community_id == crow.id)
        .where(S.cadence_on.is_not(None))
        .order_by(S.cadence_on.desc())
        .limit(1),
    ).scalar()
    if latest is not None:
        return latest
    newest = read(  # rows from before cop kept the date: the latest on the weekday
        s,
        select(S.scheduled_at)
        .where(S.community_id == crow.id)
        .order_by(S.scheduled_at.desc())
        .limit(1),
    ).scalar()
    if newest is not None and rule.local_day(newest).weekday() == rule.cadence.weekday:
        return rule.local_day(newest)
    return fallback + timedelta(days=(rule.cadence.weekday - fallback.weekday()) % 7)


def expected_dates(s: Session, crow: Community, start: date, end: date) -> list[date]:
    """The cadence dates in [start, end)."""
    rule = rule_of(crow)
    return rule.cadence.dates_between(anchor(s, crow, rule, start), start, end)


def taken_dates(s: Session, crow: Community, start: date, end: date) -> dict[date, SessionStatus]:
    """Cadence dates in [start, end) that a session has taken, with its status (a held one
    wins over a cancelled one on the same date)."""
    taken: dict[date, SessionStatus] = {}
    for day, status in _slots(s, crow, start, end):
        if day is not None and taken.get(day) not in HELD:
            taken[day] = status
    return taken


def _slots(s: Session, crow: Community, start: date, end: date):
    """(cadence date or None, status) of the sessions that took a date in [start, end), and
    of those in it that took none. A row without a stored date (from an archive written
    before cop kept them) takes its own day when that is a cadence date."""
    rule = rule_of(crow)
    lo, hi = day_bounds(start, rule.tz)[0], day_bounds(end, rule.tz)[0]
    rows = read(
        s,
        select(S.cadence_on, S.scheduled_at, S.status)
        .where(S.community_id == crow.id)
        .where(
            or_(
                and_(S.cadence_on >= start, S.cadence_on < end),
                and_(S.cadence_on.is_(None), S.scheduled_at >= lo, S.scheduled_at < hi),
            )
        ),
    ).all()
    unstored = [at for day, at, _ in rows if day is None]
    cadence_days = set()
    if unstored:
        cadence_days = set(expected_dates(s, crow, start, end))
    for day, at, status in rows:
        if day is None and rule.local_day(at) in cadence_days:
            day = rule.local_day(at)
        yield day, SessionStatus(status)


def slot_for(s: Session, crow: Community, moment: datetime) -> date | None:
    """The cadence date a session at `moment` takes: that day's when it is one, else the
    nearest free one within half an interval, else None (off the cadence)."""
    rule = rule_of(crow)
    day = rule.local_day(moment)
    reach = rule.reach
    first, last = day - reach, day + reach + timedelta(days=1)
    # With no session yet the phase is free: the cadence weekday nearest to this day sets it.
    nearest = day + timedelta(days=(rule.cadence.weekday - day.weekday() + 3) % 7 - 3)
    near = rule.cadence.dates_between(anchor(s, crow, rule, nearest), first, last)
    taken = taken_dates(s, crow, first, last)
    free = [d for d in near if d not in taken and abs(d - day) < reach]
    if not free:
        return None
    return min(free, key=lambda d: (abs(d - day), d))


def new_session(s: Session, crow: Community, moment: datetime, **fields) -> StudySession:
    """A session row at `moment`, taking its cadence date (see `slot_for`); commitments
    now due at it are moved to it (see `resettle_due_dates`)."""
    from store.models import StudySession

    fields.setdefault("cadence_on", slot_for(s, crow, moment))
    row = StudySession(community_id=crow.id, scheduled_at=moment, **fields)
    s.add(row)
    s.flush()
    resettle_due_dates(s, crow, row)
    return row


def resettle_due_dates(s: Session, crow: Community, row: StudySession) -> None:
    """A new session on the cadence can become the session after earlier ones (their
    `following`): say a session was held, the next two cadence dates passed with nobody
    meeting, and one is held now. What was committed at the earlier session is due at the
    one after it, the group's next meeting, as when a session is cancelled
    (`move_due_dates`); it stayed due at a date nobody met on. (A date the group did meet
    on, off the cadence, keeps what is due at it.)

    Only the sessions that can have it as their next are read: those on or after the
    latest cadence date taken before it (an extra meeting in between by its day). Each
    one's open commitments (not those carried over, which keep the later of their dates)
    due at a date nobody met on take the due date its `following` gives now."""
    from store.models import Commitment, StudySession  # only a new session on the cadence

    if row.cadence_on is None:
        return
    rule = rule_of(crow)
    before = s.exec(
        select(StudySession.cadence_on)
        .where(StudySession.community_id == crow.id)
        .where(StudySession.id != row.id)
        .where(StudySession.status != SessionStatus.CANCELLED)
        .where(StudySession.cadence_on < row.cadence_on)
        .order_by(col(StudySession.cadence_on).desc())
        .limit(1)
    ).first()
    end = day_bounds(row.cadence_on, rule.tz)[0]
    on_cadence = StudySession.cadence_on < row.cadence_on
    extra = and_(col(StudySession.cadence_on).is_(None), StudySession.scheduled_at < end)
    if before is not None:
        on_cadence = and_(on_cadence, StudySession.cadence_on >= before)
        extra = and_(extra, StudySession.scheduled_at >= day_bounds(before, rule.tz)[0])
    open_here = (
        select(Commitment.id)
        .where(Commitment.session_id == StudySession.id)
        .where(col(Commitment.outcome).is_(None))
        .where(col(Commitment.carried_from_id).is_(None))
        .exists()
    )
    earlier = s.exec(
        select(StudySession)
        .where(StudySession.community_id == crow.id)
        .where(StudySession.id != row.id)
        .where(or_(on_cadence, extra))
        .where(open_here)
    ).all()
    for session in earlier:
        due = following(s, crow, session).due_on
        mine = (
            select(Commitment.due_on)
            .where(Commitment.session_id == session.id)
            .where(col(Commitment.outcome).is_(None))
            .where(col(Commitment.carried_from_id).is_(None))
        )
        for day in set(s.exec(mine.where(Commitment.due_on != due)).all()):
            if _met_on(s, crow, day):
                continue  # the group met that day (an extra meeting): it stays due there
            s.exec(
                update(Commitment)
                .where(Commitment.session_id == session.id)
                .where(col(Commitment.outcome).is_(None))
                .where(col(Commitment.carried_from_id).is_(None))
                .where(Commitment.due_on == day)
                .values(due_on=due)
            )


def _met_on(s: Session, crow: Community, day: date) -> bool:
    """Whether a session that is not cancelled took place (or is planned) on that day."""
    start, end = day_bounds(day, rule_of(crow).tz)
    return (
        read(
            s,
            select(S.id)
            .where(S.community_id == crow.id)
            .where(S.status != SessionStatus.CANCELLED)
            .where(S.scheduled_at >= start)
            .where(S.scheduled_at < end)
            .limit(1),
        ).first()
        is not None
    )


def hold_at(s: Session, crow: Community, row: StudySession, moment: datetime) -> None:
    """Hold a planned session at `moment` (early or late): it keeps the cadence date it
    was planned for, so that date is used up."""
    if row.cadence_on is None:
        row.cadence_on = slot_for(s, crow, row.scheduled_at)
    row.scheduled_at = moment
    s.add(row)


def latest_held(s: Session, crow: Community) -> Row[Any] | None:
    """The latest session held (or live): its id, time and the cadence date it took."""
    return read(
        s,
        select(S.id, S.scheduled_at, S.cadence_on)
        .where(S.community_id == crow.id)
        .where(S.status.in_(HELD))
        .order_by(S.scheduled_at.desc())
        .limit(1),
    ).first()


def peek_next(s: Session, crow: Community, now: datetime) -> Upcoming[Row[Any]]:
    """The next session (see the module's rules) as read, for a view: no mapped table."""
    return _after(s, crow, latest_held(s, crow), now)


def next_session(s: Session, crow: Community, now: datetime) -> Upcoming[StudySession]:
    """The next session (see the module's rules), its row the mapped one, to change."""
    from store.models import StudySession

    coming = peek_next(s, crow, now)
    row = s.get(StudySession, coming.row.id) if coming.row is not None else None
    return Upcoming(row, coming.at, coming.cadence_on)


def following(
    s: Session, crow: Community, row: StudySession, now: datetime | None = None
) -> Upcoming[StudySession]:
    """The session after `row`, where its commitments are due and its next host and topic
    go: the first session on the cadence after it that is not cancelled (held, live, or
    planned and not missed at `now`, by default when `row` took place), else the first free
    cadence date after it. An extra meeting off the cadence is never it."""
    from store.models import StudySession

    rule = rule_of(crow)
    now = max(now or row.scheduled_at, row.scheduled_at)
    today_start = day_bounds(rule.local_day(now), rule.tz)[0]
    own_day = row.cadence_on or rule.local_day(row.scheduled_at)
    later = s.exec(
        _of(crow)
        .where(StudySession.id != row.id)
        .where(StudySession.status != SessionStatus.CANCELLED)
        .where(StudySession.cadence_on > own_day)
        .where(
            or_(
                StudySession.status != SessionStatus.PLANNED,
                StudySession.scheduled_at >= today_start,
            )
        )
        .order_by(StudySession.cadence_on)
        .limit(1)
    ).first()
    if later is not None:
        return Upcoming(later, later.scheduled_at.astimezone(rule.tz), later.cadence_on)
    day = free_date(s, crow, max(own_day, rule.local_day(now) - timedelta(days=1)), now)
    return Upcoming(None, rule.moment(day), day)


def _after(
    s: Session, crow: Community, floor: Row[Any] | None, now: datetime
) -> Upcoming[Row[Any]]:
    rule = rule_of(crow)
    today = rule.local_day(now)
    planned = (
        core_select(SESSION)
        .where(S.community_id == crow.id)
        .where(S.status == SessionStatus.PLANNED)
        .where(S.scheduled_at >= day_bounds(today, rule.tz)[0])
    )
    if floor is not None:
        planned = planned.where(S.scheduled_at > floor.scheduled_at)
    row = read(s, planned.order_by(S.scheduled_at).limit(1)).first()
    if row is not None:
        return Upcoming(row, row.scheduled_at.astimezone(rule.tz), row.cadence_on)
    day = free_date(s, crow, _after_day(rule, floor, today), now)
    return Upcoming(None, rule.moment(day), day)


def _after_day(rule: Rule, floor: Row[Any] | None, today: date) -> date:
    """The day the next cadence date must come after: yesterday, or the latest held
    session's date (the cadence date it took, when it was held early)."""
    days = [today - timedelta(days=1)]
    if floor is not None:
        days += [rule.local_day(floor.scheduled_at), floor.cadence_on or days[0]]
    return max(days)


def move_due_dates(s: Session, crow: Community, cancelled: StudySession) -> None:
    """Commitments due at a session that will not take place are due at the one after it:
    one UPDATE, however many there are."""
    from store.models import Commitment, StudySession  # only cancelling needs them

    if cancelled.cadence_on is None:
        return  # an extra meeting: nothing was due at it
    due = following(s, crow, cancelled).due_on
    mine = select(StudySession.id).where(StudySession.community_id == crow.id)
    s.exec(
        update(Commitment)
        .where(col(Commitment.session_id).in_(mine))
        .where(Commitment.due_on == cancelled.cadence_on)
        .where(col(Commitment.outcome).is_(None))
        .values(due_on=due)
    )


def free_date(s: Session, crow: Community, after_day: date, now: datetime) -> date:
    """The first cadence date after `after_day`, at a moment after `now`, that no session
    has taken."""
    rule = rule_of(crow)
    start = after_day + timedelta(days=1)
    phase = anchor(s, crow, rule, max(start, rule.local_day(now)))
    span = rule.cadence.typical_gap * LOOK_AHEAD_INTERVALS
    for _ in range(40):  # 40 × 26 intervals: decades; a schedule that full is not a schedule
        end = start + span
        taken = taken_dates(s, crow, start, end)
        for day in rule.cadence.dates_between(phase, start, end):
            if day not in taken and rule.moment(day) > now:
                return day
        start = end
    raise InvalidInput("the cadence has no free date in the years ahead")


def plan_next(s: Session, crow: Community, now: datetime) -> date:
    """The date `cop session plan` takes by default: the first free cadence date after the
    latest held session (a gap before a later planned one is filled first)."""
    rule = rule_of(crow)
    return free_date(s, crow, _after_day(rule, latest_held(s, crow), rule.local_day(now)), now)


def missed(s: Session, crow: Community, now: datetime, limit: int = 5) -> list[Row[Any]]:
    """Planned sessions whose day has passed unheld, latest first, as read (for a view)."""
    rule = rule_of(crow)
    today_start = day_bounds(rule.local_day(now), rule.tz)[0]
    return list(
        read(
            s,
            core_select(SESSION)
            .where(S.community_id == crow.id)
            .where(S.status == SessionStatus.PLANNED)
            .where(S.scheduled_at < today_start)
            .order_by(S.scheduled_at.desc())
            .limit(limit),
        ).all()
    )


@dataclass(frozen=True)
class HeldAgainstExpected:
    """Sessions held against the cadence in a period."""

    held: int
    """Cadence dates of the period taken by a held session."""
    expected: int
    """Cadence dates of the period that have come (or were used up early)."""
    extra: int
    """Held sessions that took no cadence date (an extra meeting)."""
    cancelled: int


def held_against_expected(
    s: Session, crow: Community, start: date, end: date, now: datetime
) -> HeldAgainstExpected:
    """Held ≤ expected always: a date used up early counts as expected from then on."""
    rule = rule_of(crow)
    come = min(end, rule.local_day(now) + timedelta(days=1))
    due = set(expected_dates(s, crow, start, come))
    slots = list(_slots(s, crow, start, end))
    held_dates = {d for d, status in slots if d is not None and status in HELD}
    cancelled = {d for d, status in slots if d is not None and status == SessionStatus.CANCELLED}
    extra = sum(1 for d, status in slots if d is None and status in HELD)
    return HeldAgainstExpected(
        held=len(held_dates),
        expected=len(due | held_dates),
        extra=extra,
        cancelled=len(cancelled - held_dates),
    )


MAX_PERIOD_DAYS = 2 * 366


@dataclass
class PeriodDates:
    """A period's cadence dates (local), sorted by what stands on them."""

    free: list[date] = field(default_factory=list)
    """No session yet, still to come: what planning the period plans."""
    already: list[date] = field(default_factory=list)
    cancelled: list[date] = field(default_factory=list)
    past: list[date] = field(default_factory=list)
    planned: list[StudySession] = field(default_factory=list)


def period_dates(s: Session, crow: Community, first: date, last: date, now: datetime):
    """The cadence dates from `first` to `last` (both included), sorted."""
    rule = rule_of(crow)
    end = last + timedelta(days=1)
    taken = taken_dates(s, crow, first, end)
    dates = PeriodDates()
    for day in expected_dates(s, crow, first, end):
        status = taken.get(day)
        if status == SessionStatus.CANCELLED:
            dates.cancelled.append(day)
        elif status is not None or session_on_day(s, crow, day) is not None:
            dates.already.append(day)
        elif rule.moment(day) <= now:
            dates.past.append(day)
        else:
            dates.free.append(day)
    return dates


def plan_period(s: Session, crow: Community, first: date, last: date, now: datetime) -> PeriodDates:
    """Plan every cadence date from `first` to `last` (both included) that has no session
    yet; planning again adds nothing."""
    rule = rule_of(crow)
    if last < first:
        raise InvalidInput(f"the period ends ({last}) before it starts ({first})")
    if (last - first).days + 1 > MAX_PERIOD_DAYS:
        raise InvalidInput(f"the period {first} – {last} is longer than two years; plan less")
    if rule.moment(last) <= now:
        raise InvalidInput(f"the period {first} – {last} is in the past")
    dates = period_dates(s, crow, first, last, now)
    dates.planned = [new_session(s, crow, rule.moment(d), cadence_on=d) for d in dates.free]
    return dates


def session_on_day(s: Session, crow: Community, day: date) -> StudySession | None:
    """The session (not cancelled) held or planned on a local day: there is one a day."""
    from store.models import StudySession

    start, end = day_bounds(day, rule_of(crow).tz)
    return s.exec(
        _of(crow)
        .where(StudySession.status != SessionStatus.CANCELLED)
        .where(StudySession.scheduled_at >= start)
        .where(StudySession.scheduled_at < end)
        .limit(1)
    ).first()
