"""Build a session's report (facilitator.report_data) from the database, for every exporter."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import exists, func
from sqlmodel import Session, col, select

from facilitator.agenda_clock import ClockEvent, ClockReading, PartPlan, read_clock
from facilitator.pulse_tally import Pulse
from facilitator.report_data import (
    ABSENT_NAMED_UP_TO,
    ReportCommitment,
    ReportFollowUp,
    ReportNext,
    ReportPart,
    ReportPerson,
    ReportTakeaway,
    ReportTalk,
    ReportTopic,
    SessionReport,
)
from facilitator.services import schedule
from facilitator.services.rows import existing
from facilitator.services.session_pulse import read_pulse
from facilitator.services.sessions import outcome_of
from facilitator.vocabulary import (
    AttendanceStatus,
    EventKind,
    Outcome,
    SessionStatus,
    TakeawayKind,
    TalkStatus,
    TopicStatus,
)
from store.models import (
    AgendaPart,
    Attendance,
    Commitment,
    CommitmentReview,
    Community,
    LightningTalk,
    Member,
    StudySession,
    Takeaway,
    TimerEvent,
)

OTHER_DEPARTMENT = "Other"


def _host(member: Member | None) -> ReportPerson | None:
    """The host or co-host, when the session has one."""
    return None if member is None else _person(member)


def _person(member: Member) -> ReportPerson:
    return ReportPerson(
        member.name,
        member.department,
        member.confluence_account_id,
        member.confluence_user_key,
    )


def _parts(s: Session, row: StudySession) -> list[ReportPart]:
    parts = s.exec(
        select(AgendaPart).where(AgendaPart.session_id == row.id).order_by(AgendaPart.position)
    ).all()
    events = s.exec(
        select(TimerEvent).where(TimerEvent.session_id == row.id).order_by(TimerEvent.seq)
    ).all()
    if not parts:
        return []
    plans = [PartPlan(p.id, p.name, p.planned_seconds) for p in parts]
    if not events:
        return [ReportPart(p.name, p.planned_seconds // 60, None) for p in parts]
    clock = [
        ClockEvent(EventKind(e.kind), e.at, e.part_id, e.delta_seconds, e.ref_id) for e in events
    ]
    return parts_as_run(read_clock(plans, clock, row.ended_at or events[-1].at))


def parts_as_run(reading: ClockReading) -> list[ReportPart]:
    """Each part's plan as it was run (with the original where it changed) and its actual
    minutes: the closing summary and every export read them the same way."""
    return [
        ReportPart(
            p.name,
            round(p.budget_seconds / 60),
            round(p.elapsed_seconds / 60, 1),
            None if p.budget_seconds == p.planned_seconds else p.planned_seconds // 60,
        )
        for p in reading.parts
    ]


def _attendance(s: Session, crow: Community, row: StudySession):
    """Present by department, excused, absent and newcomers. Absent means a member of the
    community on that day who did not come: someone who joined later was not missing.
    The absent are (names, None), or ([], how many) when there are more than
    ABSENT_NAMED_UP_TO.

    Read from this session's attendance and, for the absent, a count over the roster's
    index and, when they are few enough to name, one anti-join: never the whole history,
    never every member into Python."""
    marks = s.exec(
        select(Attendance, Member)
        .join(Member, Member.id == Attendance.member_id)
        .where(Attendance.session_id == row.id)
    ).all()
    by_department: dict[str, list[str]] = {}
    for mark, member in marks:
        if mark.status == AttendanceStatus.PRESENT:
            by_department.setdefault(member.department or OTHER_DEPARTMENT, []).append(member.name)
    present = sorted(
        ((dept, sorted(names, key=str.casefold)) for dept, names in by_department.items()),
        key=lambda item: (item[0] == OTHER_DEPARTMENT, item[0].casefold()),
    )
    excused = [m.name for a, m in marks if a.status == AttendanceStatus.EXCUSED]
    newcomers = [m.name for a, m in marks if a.newcomer]
    marked_absent = [m.name for a, m in marks if a.status == AttendanceStatus.ABSENT]
    held_on = row.scheduled_at.astimezone(ZoneInfo(crow.timezone)).date()
    on_roster = (
        Member.community_id == crow.id,
        col(Member.active).is_(True),
        Member.joined_on <= held_on,
    )
    roster = s.exec(select(func.count()).select_from(Member).where(*on_roster)).one()
    unmarked = roster - sum(1 for _, m in marks if m.active and m.joined_on <= held_on)
    if len(marked_absent) + unmarked > ABSENT_NAMED_UP_TO:  # counted, not named
        return present, sorted(excused), ([], len(marked_absent) + unmarked), sorted(newcomers)
    not_marked = s.exec(
        select(Member.name)
        .where(*on_roster)
        .where(~exists().where(Attendance.session_id == row.id, Attendance.member_id == Member.id))
    ).all()
    absent = marked_absent + list(not_marked)
    return present, sorted(excused), (sorted(absent), None), sorted(newcomers)


def _members(s: Session, ids: set[str | None]) -> dict[str, Member]:
    """The members a report names (hosts, presenters, authors, owners): a session's few,
    read by id."""
    wanted = sorted(i for i in ids if i)
    if not wanted:
        return {}
    return {m.id: m for m in s.exec(select(Member).where(col(Member.id).in_(wanted))).all()}


def _next(
    crow: Community, row: StudySession, later: StudySession | None, members: dict[str, Member]
) -> ReportNext | None:
    if later is None:
        return None
    host = members.get(later.facilitator_id or "")
    return ReportNext(
        later.scheduled_at.astimezone(ZoneInfo(crow.timezone)),
        host.name if host else None,
        later.topic or row.next_topic,
    )


def follow_up_at(s: Session, session_id: str) -> list[ReportFollowUp]:
    """Earlier commitments reviewed at this session (its opening check-in), in that order."""
    reviews = s.exec(
        select(CommitmentReview, Commitment, Member)
        .join(Commitment, Commitment.id == CommitmentReview.commitment_id)
        .join(Member, Member.id == Commitment.member_id)
        .where(CommitmentReview.session_id == session_id)
        .where(col(Commitment.session_id) != session_id)
        .order_by(CommitmentReview.reviewed_at, CommitmentReview.id)
    ).all()
    return [
        ReportFollowUp(_person(owner), c.text, Outcome(r.outcome), r.note)
        for r, c, owner in reviews
    ]


def told_pulse(s: Session, row: StudySession) -> Pulse | None:
    """The session's pulse for its summary: none when nobody voted or left a note."""
    pulse = read_pulse(s, row)
    return pulse if pulse.votes or pulse.notes else None


def build_report(s: Session, row: StudySession) -> SessionReport:
    """Everything recorded about one session, in a fixed order (so exports are stable)."""
    crow = existing(s, Community, row.community_id, "community")
    present, excused, (absent, absent_count), newcomers = _attendance(s, crow, row)
    talks = s.exec(
        select(LightningTalk)
        .where(LightningTalk.session_id == row.id)
        .order_by(LightningTalk.position, LightningTalk.created_at)
    ).all()
    takeaways = s.exec(
        select(Takeaway)
        .where(Takeaway.session_id == row.id)
        .order_by(Takeaway.created_at, Takeaway.id)
    ).all()
    commitments = s.exec(
        select(Commitment)
        .where(Commitment.session_id == row.id)
        .order_by(Commitment.created_at, Commitment.id)
    ).all()
    following = schedule.following(s, crow, row).row  # the schedule's answer, no other
    members = _members(
        s,
        {row.facilitator_id, row.co_facilitator_id}
        | {t.presenter_id for t in talks}
        | {t.author_id for t in takeaways}
        | {c.member_id for c in commitments}
        | {following.facilitator_id if following else None},
    )
    return SessionReport(
        session_id=row.id,
        community=crow.name,
        scheduled_at=row.scheduled_at.astimezone(ZoneInfo(crow.timezone)),
        timezone=crow.timezone,
        status=SessionStatus(row.status),
        topic=row.topic,
        host=_host(members.get(row.facilitator_id or "")),
        co_host=_host(members.get(row.co_facilitator_id or "")),
        abandoned=row.abandoned,
        present=present,
        excused=excused,
        absent=absent,
        absent_count=absent_count,
        newcomers=newcomers,
        parts=_parts(s, row),
        talks=[
            ReportTalk(members[t.presenter_id].name, t.title, TalkStatus(t.status)) for t in talks
        ],
        takeaways=[
            ReportTakeaway(
                TakeawayKind(t.kind), t.text, members[t.author_id].name if t.author_id else None
            )
            for t in takeaways
        ],
        commitments=[
            ReportCommitment(
                _person(members[c.member_id]),
                c.text,
                c.due_on,
                outcome_of(c),
                carried=c.carried_from_id is not None,
            )
            for c in sorted(commitments, key=lambda c: c.carried_from_id is not None)
        ],
        follow_up=follow_up_at(s, row.id),
        next_session=_next(crow, row, following, members),
        pulse=told_pulse(s, row),
        topics=_topics(s, row.id),
    )


def _topics(s: Session, session_id: str) -> list[ReportTopic]:
    from facilitator.services.topics import session_topics

    return [
        ReportTopic(t.text, t.votes, t.seconds, t.status == TopicStatus.DISCUSSED)
        for t in session_topics(s, session_id)
    ]
