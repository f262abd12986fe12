"""Rotation: assign hosts by the fair rule (facilitator.rotation_rule) and keep the record of why.

Each operation reads the facts (facilitator.services.rotation_facts), applies the rule and
writes the assignment together with a RotationRecord in one transaction. A dry run does the
very same work and rolls it back, so what it prints is exactly what a real run would
record. Bad input raises before anything is written, and the transaction makes a half-done
rotation impossible.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from facilitator import domain
from facilitator.cadence import parse_time
from facilitator.dates import day_bounds, parse_when
from facilitator.errors import InvalidInput, NotFound
from facilitator.rotation_rule import (
    Person,
    Ruling,
    Standing,
)
from facilitator.services import schedule
from facilitator.services.communities import community_row
from facilitator.services.rotation_facts import (
    held_or_assigned,
    people_with_ids,
    person_named,
    ruling_for,
)
from facilitator.services.sessions import short_id
from facilitator.text import clean_optional
from facilitator.vocabulary import HOSTING, RotationAction, SessionStatus
from store.database import Database
from store.models import (
    Community,
    Member,
    RotationRecord,
    StudySession,
)

NEXT_IN_LINE = 3
MAX_REASON = 300


@dataclass(frozen=True)
class RotationRequest:
    """What the facilitator asks for; the default is "assign by the rule if unassigned"."""

    skip: tuple[str, ...] = ()
    reason: str | None = None
    pick: str | None = None
    co_host: bool = False
    assign: bool = True
    """False only looks (and records skips): the Handoff shows a suggestion to accept."""
    replace_refused: bool = False
    """An assigned host the rule would now refuse gives way to the rule's choice."""
    everyone: bool = False
    """Name everyone left out (`--all`, `--json`), however large the roster: otherwise a
    large roster's are counted by reason."""


class NobodyEligible(InvalidInput):
    pass


def _tz(crow: Community) -> ZoneInfo:
    return ZoneInfo(crow.timezone)


def _reason(value: str | None) -> str | None:
    reason = clean_optional(value, "reason")
    if reason and len(reason) > MAX_REASON:
        raise InvalidInput(f"the reason is longer than {MAX_REASON} characters")
    return reason


def _nobody(ruling: Ruling, at: datetime) -> NobodyEligible:
    role = ruling.role
    if not ruling.not_eligible and not ruling.counted:
        return NobodyEligible(f"nobody can {role} on {at:%Y-%m-%d}: the roster is empty")
    lines = "\n".join(
        [f"  {p.name}: {why}" for p, why in ruling.not_eligible]
        + [f"  {why}: {count} people" for why, count in ruling.counted]
    )
    return NobodyEligible(f"nobody can {role} on {at:%Y-%m-%d}:\n{lines}")


# Choosing the session


def _upcoming(s: Session, crow: Community, now: datetime, when: str | None):
    """The session to rotate for: on the date asked, else the next planned one.

    Returns (row or None, its time, whether it still has to be planned). Past dates and
    sessions already held are refused.
    """
    tz = _tz(crow)
    if when:
        moment = parse_when(when, tz, now, parse_time(crow.meeting_time))
        if moment.date() < now.astimezone(tz).date():
            raise InvalidInput(f"{moment:%Y-%m-%d} is in the past; rotate for today or later")
        start, end = day_bounds(moment.date(), tz)
        row = s.exec(
            held_or_assigned(crow, exclude=None)
            .where(StudySession.scheduled_at >= start)
            .where(StudySession.scheduled_at < end)
            .order_by(StudySession.scheduled_at)
            .limit(1)
        ).first()
        if row is not None and row.status != SessionStatus.PLANNED:
            raise InvalidInput(
                f"the session on {moment:%Y-%m-%d} is {row.status}; hosts are assigned to "
                "planned sessions"
            )
        return row, (row.scheduled_at.astimezone(tz) if row else moment), row is None
    upcoming = schedule.next_session(s, crow, now)
    return upcoming.row, upcoming.at, upcoming.row is None


def _following(s: Session, session_id: str):
    row = s.get(StudySession, session_id)
    if row is None:
        raise NotFound(f"no session {short_id(session_id)}")
    crow = s.get(Community, row.community_id)
    after = schedule.following(s, crow, row)
    if after.row is not None and after.row.status != SessionStatus.PLANNED:
        raise InvalidInput(
            f"the session after this one ({after.at:%Y-%m-%d}) is {after.row.status}; "
            "hosts are assigned to planned sessions"
        )
    return crow, after.row, after.at, after.row is None


# Recording


def _check_can_host(person: Person, at: datetime) -> None:
    if not person.active:
        raise InvalidInput(
            f"{person.name} is not on the active roster (cop roster edit {person.name!r} --active)"
        )
    for period in person.away:
        if period.covers(at.date()):
            raise InvalidInput(
                f"{person.name} is {period.describe()}; remove that with "
                f"`cop roster away-remove {person.name!r}` first"
            )


class _Rotation:
    """One rotation in one transaction: the session is planned only when something is written."""

    def __init__(
        self,
        s: Session,
        crow: Community,
        row,
        at: datetime,
        planned_now: bool,
        everyone: bool = False,
    ):
        self.s = s
        self.crow = crow
        self.row: StudySession | None = row
        self.at = at.astimezone(_tz(crow))
        self.planned_now = planned_now
        self.everyone = everyone
        self.changes: list[str] = []
        self.warnings: list[str] = []

    def member(self, name: str) -> Person:
        return person_named(self.s, self.crow, name)

    def person(self, member_id: str | None) -> Person | None:
        """The member with this id as the rule sees them (None for no one)."""
        found = people_with_ids(self.s, self.crow, [member_id]) if member_id else []
        return found[0] if found else None

    def session(self) -> StudySession:
        if self.row is None:
            self.row = schedule.new_session(self.s, self.crow, self.at)
            self.changes.append(f"planned the session of {self.at:%a %Y-%m-%d %H:%M}")
        return self.row

    def host_id(self) -> str | None:
        return self.row.facilitator_id if self.row else None

    def ruling(self) -> Ruling:
        return ruling_for(self.s, self.crow, self.row, self.at, everyone=self.everyone)

    def record(
        self, row: StudySession, person: Person, action: RotationAction, why: str | None
    ) -> None:
        self.s.add(
            RotationRecord(
                community_id=self.crow.id,
                session_id=row.id,
                member_id=person.id,
                action=action,
                reason=why,
            )
        )

    def set_host(self, person: Person | None) -> None:
        row = self.session()
        row.facilitator_id = person.id if person else None
        if person and row.co_facilitator_id == person.id:
            row.co_facilitator_id = None
            self.changes.append(f"{person.name} no longer co-hosts (now hosting)")
        self.s.add(row)
        self.s.flush()

    def skip(self, names: tuple[str, ...], reason: str | None) -> None:
        if not names:
            return
        if not reason:
            raise InvalidInput("say why with --reason when skipping someone")
        skipped = {p.id: p for p in (self.member(n) for n in names)}
        row = self.session()
        for person in skipped.values():
            self.record(row, person, RotationAction.SKIPPED, reason)
            self.changes.append(f"skipped {person.name}: {reason}")
            if row.facilitator_id == person.id:
                self.set_host(None)
                self.changes.append(f"{person.name} no longer hosts")

    def pick(self, name: str, reason: str | None) -> None:
        person = self.member(name)
        _check_can_host(person, self.at)
        if self.host_id() == person.id:
            return
        choice = self.ruling().choice
        if reason:
            why = f"picked by hand: {reason}"
        elif choice and choice.person.id != person.id:
            why = f"picked by hand (the rule suggested {choice.person.name})"
        else:
            why = "picked by hand (also the rule's choice)"
        self.set_host(person)
        self.record(self.session(), person, RotationAction.PICKED, why)
        self.changes.append(f"{person.name} hosts (picked by hand)")
        if not person.willing:
            self.warnings.append(f"{person.name} is marked as not facilitating")

    def host_conflict(self, ruling: Ruling) -> str | None:
        """Why the rule would refuse the assigned host now, if it would."""
        host = self.host_id()
        return next((why for p, why in ruling.not_eligible if p.id == host), None)

    def replace_refused(self) -> None:
        """An earlier assignment the rule now refuses (say the host of this session was also
        assigned the next one) gives way to the rule's choice, with the reason recorded."""
        host = self.person(self.host_id())
        why = self.host_conflict(self.ruling()) if host else None
        if host is None or why is None:
            return
        self.set_host(None)
        self.changes.append(f"{host.name} no longer hosts: {why}")
        self.choose()

    def choose(self) -> None:
        if self.host_id() is not None:
            return
        ruling = self.ruling()
        if ruling.choice is None:
            raise _nobody(ruling, self.at)
        person = ruling.choice.person
        self.set_host(person)
        why = f"chosen by rule: {ruling.reason()}"
        self.record(self.session(), person, RotationAction.CHOSEN, why)
        self.changes.append(f"{person.name} hosts (chosen by rule)")

    def choose_co_host(self) -> None:
        row = self.session()
        if row.co_facilitator_id is not None:
            return
        host = self.person(row.facilitator_id)
        if host is None:
            raise InvalidInput("the session has no host yet, so no co-host can be paired")
        ruling = ruling_for(self.s, self.crow, row, self.at, host)
        if ruling.choice is None:
            raise _nobody(ruling, self.at)
        person = ruling.choice.person
        row.co_facilitator_id = person.id
        self.s.add(row)
        why = f"chosen by rule: {ruling.reason()}"
        self.record(row, person, RotationAction.CO_HOST, why)
        self.changes.append(f"{person.name} co-hosts (chosen by rule)")

    def swap(
        self, now: datetime, first: str, second: str, why: str | None, force: bool = False
    ) -> None:
        """The host of this session and the other member exchange their next turns."""
        row = self.session()
        giver = self.person(row.facilitator_id)
        assert giver is not None  # the session of a swap is one either of the two hosts
        a, b = self.member(first), self.member(second)
        taker = b if giver.id == a.id else a
        _check_can_host(taker, self.at)
        self._check_willing(taker, force)
        theirs = _next_turn(self.s, self.crow, now, taker, exclude=row.id)
        if theirs is not None:
            _check_can_host(giver, theirs.scheduled_at.astimezone(_tz(self.crow)))
            self._check_willing(giver, force)
        suffix = f": {why}" if why else ""
        self.set_host(taker)
        self.record(row, taker, RotationAction.SWAPPED, f"swapped with {giver.name}{suffix}")
        self.changes.append(f"{taker.name} takes {giver.name}'s turn on {self.at:%Y-%m-%d}")
        if theirs is None:
            self.record(
                row, giver, RotationAction.SWAPPED, f"gave the turn to {taker.name}{suffix}"
            )
            self.changes.append(f"{giver.name} gives the turn away, keeping their place in line")
            return
        theirs.facilitator_id = giver.id
        if theirs.co_facilitator_id == giver.id:
            theirs.co_facilitator_id = None
        self.s.add(theirs)
        self.record(theirs, giver, RotationAction.SWAPPED, f"swapped with {taker.name}{suffix}")
        day = theirs.scheduled_at.astimezone(_tz(self.crow))
        self.changes.append(f"{giver.name} takes {taker.name}'s turn on {day:%Y-%m-%d}")

    def _check_willing(self, person: Person, force: bool) -> None:
        """Someone who does not facilitate hosts only when asked for by --force, said aloud."""
        if person.willing:
            return
        if not force:
            raise InvalidInput(
                f"{person.name} does not facilitate (not willing to host); ask them, then "
                "add --force to swap anyway"
            )
        self.warnings.append(
            f"--force: {person.name} does not facilitate, and hosts this turn anyway"
        )

    def answer(self, dry_run: bool) -> domain.Rotation:
        ruling = self.ruling()
        co_id = self.row.co_facilitator_id if self.row else None
        placed = {p.id: p for p in people_with_ids(self.s, self.crow, [self.host_id(), co_id])}
        host = placed.get(self.host_id() or "")
        co_host = placed.get(co_id or "")
        head = host.id if host else (ruling.choice.person.id if ruling.choice else None)
        return domain.Rotation(
            community=self.crow.name,
            session_id=None if dry_run and self.planned_now else (self.row and self.row.id),
            scheduled_at=self.at,
            planned_now=self.planned_now,
            host=self._placed(host, HOSTING),
            co_host=self._placed(co_host, (RotationAction.CO_HOST,)),
            suggestion=_standing(ruling, ruling.choice, ruling.reason()),
            next_in_line=[
                _standing(ruling, st, ruling.facts(st))
                for st in ruling.line
                if st.person.id != head
            ][:NEXT_IN_LINE],
            not_eligible=[
                domain.Placed(p.name, p.department, why) for p, why in ruling.not_eligible
            ],
            left_out=[domain.LeftOut(why, count) for why, count in ruling.counted],
            changes=list(self.changes),
            warnings=list(self.warnings),
            dry_run=dry_run,
            host_conflict=self.host_conflict(ruling) if host else None,
        )

    def _placed(self, person: Person | None, actions: tuple[str, ...]) -> domain.Placed | None:
        if person is None or self.row is None:  # a person is placed only on a session
            return None
        record = self.s.exec(
            select(RotationRecord)
            .where(RotationRecord.session_id == self.row.id)
            .where(RotationRecord.member_id == person.id)
            .where(col(RotationRecord.action).in_(actions))
            .order_by(col(RotationRecord.created_at).desc(), col(RotationRecord.id))
            .limit(1)
        ).first()
        why = record.reason if record and record.reason else "assigned without the rotation"
        return domain.Placed(person.name, person.department, why)


def _standing(ruling: Ruling, standing: Standing | None, why: str) -> domain.Placed | None:
    if standing is None:
        return None
    return domain.Placed(standing.person.name, standing.person.department, why)


def _run(
    db: Database,
    locate: Callable[[Session], tuple],
    work: Callable[[_Rotation], None],
    dry_run: bool,
    everyone: bool = False,
) -> domain.Rotation:
    """Locate the session, do the work, answer; a dry run rolls everything back."""
    with db.session() as s:
        crow, row, at, planned_now = locate(s)
        rotation = _Rotation(s, crow, row, at, planned_now, everyone)
        work(rotation)
        s.flush()
        answer = rotation.answer(dry_run)
        if dry_run:
            s.rollback()
        return answer


def _apply(request: RotationRequest) -> Callable[[_Rotation], None]:
    reason = _reason(request.reason)
    if request.pick and any(
        " ".join(n.split()).casefold() == " ".join(request.pick.split()).casefold()
        for n in request.skip
    ):
        raise InvalidInput(f"{request.pick} cannot be both skipped and picked")

    def work(rotation: _Rotation) -> None:
        rotation.skip(request.skip, reason)
        if request.replace_refused and not request.pick:
            rotation.replace_refused()
        if request.pick:
            rotation.pick(request.pick, None if request.skip else reason)
        elif request.assign:
            rotation.choose()
        if request.co_host:
            rotation.choose_co_host()

    return work


def rotate(
    db: Database,
    community: str | None,
    now: datetime,
    when: str | None = None,
    request: RotationRequest = RotationRequest(),
    dry_run: bool = False,
) -> domain.Rotation:
    """Assign the host of the next planned session (or the one on `when`) by the rule."""
    work = _apply(request)

    def locate(s: Session):
        crow = community_row(s, community)
        return (crow, *_upcoming(s, crow, now, when))

    return _run(db, locate, work, dry_run, request.everyone)


def rotate_after(
    db: Database, session_id: str, request: RotationRequest, dry_run: bool = False
) -> domain.Rotation:
    """Rotate for the session after this one: what Handoff and the closing screen do."""
    return _run(db, lambda s: _following(s, session_id), _apply(request), dry_run, request.everyone)


def look_after(db: Database, session_id: str) -> domain.Rotation:
    """The next session's host or the rule's suggestion, changing nothing."""
    return rotate_after(db, session_id, RotationRequest(assign=False), dry_run=True)


def look_ahead(db: Database, community: str | None, now: datetime) -> domain.Rotation:
    """The next planned session's host or the rule's suggestion, changing nothing."""
    return rotate(db, community, now, request=RotationRequest(assign=False), dry_run=True)


def swap(
    db: Database,
    community: str | None,
    now: datetime,
    first: str,
    second: str,
    when: str | None = None,
    reason: str | None = None,
    dry_run: bool = False,
    force: bool = False,
    everyone: bool = False,
) -> domain.Rotation:
    """Two members exchange turns; with only one of them assigned, the other takes it.

    The one who gives a turn away keeps their place in line (they did not host). A member
    who does not facilitate takes a turn only with `force`, which says so.
    """
    why = _reason(reason)

    def locate(s: Session):
        crow = community_row(s, community)
        a, b = person_named(s, crow, first), person_named(s, crow, second)
        if a.id == b.id:
            raise InvalidInput(f"cannot swap {a.name} with themselves")
        row = _swap_session(s, crow, now, when, a, b)
        return crow, row, row.scheduled_at.astimezone(_tz(crow)), False

    return _run(
        db,
        locate,
        lambda rotation: rotation.swap(now, first, second, why, force),
        dry_run,
        everyone,
    )


def _planned_from(s: Session, crow: Community, now: datetime) -> list[StudySession]:
    today = now.astimezone(_tz(crow)).date()
    rows = s.exec(
        select(StudySession)
        .where(StudySession.community_id == crow.id)
        .where(StudySession.status == SessionStatus.PLANNED)
        .order_by(StudySession.scheduled_at)
    ).all()
    return [r for r in rows if r.scheduled_at.astimezone(_tz(crow)).date() >= today]


def _swap_session(s, crow, now, when, a: Person, b: Person) -> StudySession:
    pair = {a.id, b.id}
    if when:
        row, at, _ = _upcoming(s, crow, now, when)
        if row is None:
            raise NotFound(f"no planned session on {at:%Y-%m-%d}")
        if row.facilitator_id not in pair:
            host = s.get(Member, row.facilitator_id) if row.facilitator_id else None
            hosted = f"{host.name} hosts it" if host else "it has no host yet"
            raise InvalidInput(
                f"neither {a.name} nor {b.name} hosts the session on {at:%Y-%m-%d} ({hosted})"
            )
        return row
    for row in _planned_from(s, crow, now):
        if row.facilitator_id in pair:
            return row
    raise InvalidInput(
        f"neither {a.name} nor {b.name} hosts a planned session; use --pick to choose a host"
    )


def _next_turn(s, crow, now, person: Person, exclude: str) -> StudySession | None:
    for row in _planned_from(s, crow, now):
        if row.id != exclude and row.facilitator_id == person.id:
            return row
    return None


def choose_host(s: Session, crow: Community, row: StudySession) -> None:
    """Assign a planned session's host by the rule inside an open unit of work."""
    _Rotation(s, crow, row, row.scheduled_at, False).choose()


def record_next_host(s: Session, crow: Community, row: StudySession, member: Member) -> None:
    """The host typed at closing: "chosen" when it is the rule's choice, else "picked"."""
    if row.facilitator_id == member.id:
        return
    rotation = _Rotation(s, crow, row, row.scheduled_at, False)
    choice = rotation.ruling().choice
    if choice is not None and choice.person.id == member.id:
        rotation.set_host(None)
        rotation.choose()
    else:
        rotation.pick(member.name, None)


def history(db: Database, community: str | None) -> list[domain.RotationEntry]:
    """Every rotation record, newest first."""
    with db.session() as s:
        crow = community_row(s, community)
        rows = s.exec(
            select(RotationRecord, StudySession.scheduled_at, Member.name)
            .join(StudySession, StudySession.id == RotationRecord.session_id)
            .join(Member, Member.id == RotationRecord.member_id)
            .where(RotationRecord.community_id == crow.id)
            .order_by(
                col(RotationRecord.created_at).desc(),
                col(StudySession.scheduled_at).desc(),
                col(RotationRecord.id),
            )
        ).all()
        return [
            domain.RotationEntry(
                session_id=record.session_id,
                scheduled_at=at.astimezone(_tz(crow)),
                member=name,
                action=RotationAction(record.action),
                reason=record.reason,
                recorded_at=record.created_at,
            )
            for record, at, name in rows
        ]
