"""One live session as the agenda screen drives it: the clock, the talks, the captures.

It keeps the session's parts and clock events in memory (the clock is re-read from them,
never counted) and writes every change to the database before returning, so the screen
only ever shows what is stored.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from functools import wraps
from zoneinfo import ZoneInfo

from facilitator import domain
from facilitator.agenda_clock import (
    MIN_BUDGET_SECONDS,
    ClockEvent,
    ClockReading,
    PartPlan,
    Rebalance,
    propose_rebalance,
    read_clock,
)
from facilitator.errors import InvalidInput
from facilitator.pulse_tally import Pulse
from facilitator.services import (
    captures,
    drafts,
    followup,
    live,
    rotation,
    session_pulse,
    talks,
    topics,
)
from facilitator.session_time import SessionTime
from facilitator.vocabulary import AttendanceStatus, EventKind, TalkStatus
from store.database import Database, reads
from store.errors import ServerUnreachable

TALK_PART = 1
DIALOGUE_PART = 2
"""Lightning talks run during Practice sharing."""


def remembered(method: Callable) -> Callable:
    """A list the forms are built from (who is here, the talks, the takeaways): when the
    database server cannot be reached, the last one read is used, so `t`, `c` and `a`
    still open and what is typed stays in the form until saving works again. Saving is
    never faked: it fails with the store's one-line message. (A failing disk is not
    papered over: that is reported as it happens.)"""

    @wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            value = method(self, *args, **kwargs)
        except ServerUnreachable:
            if method.__name__ not in self.last_read:
                raise
            return self.last_read[method.__name__]
        self.last_read[method.__name__] = value
        return value

    return wrapper


def shorter_timebox(seconds: int) -> int:
    """When the room goes on with a topic: half its last timebox, in whole minutes, one
    minute at least (5 → 3 → 2 → 1)."""
    return max(60, math.ceil(seconds / 120) * 60)


def talk_seconds_left(talk: domain.Talk, reading: ClockReading) -> float:
    """A running talk's own countdown (negative: overtime)."""
    return talk.minutes * 60 - reading.talk_elapsed_seconds


class LiveSession:
    def __init__(self, db: Database, session_id: str, time: SessionTime) -> None:
        self.db = db
        self.id = session_id
        self.time = time
        self.info = live.session_info(db, session_id)
        self.parts: list[PartPlan]
        self.events: list[ClockEvent]
        self.parts, self.events = live.clock_inputs(db, session_id)
        self._running: domain.Talk | None = None
        self._topic: domain.Topic | None = None
        self.last_read: dict[str, object] = {}
        """What each remembered list read last (see `remembered`)."""

    def today(self) -> date:
        """The day where the community meets, from the session's own clock and time zone:
        no database read, so the forms that need it open even when it is out of reach."""
        return self.time.now().astimezone(ZoneInfo(self.info.timezone)).date()

    # The clock

    def reading(self) -> ClockReading:
        return read_clock(self.parts, self.events, self.time.now())

    def _record(self, *events: ClockEvent) -> ClockReading:
        live.record_events(self.db, self.id, list(events), self.time.monotonic())
        self.events.extend(events)
        return self.reading()

    def _event(self, kind: EventKind, **fields) -> ClockEvent:
        return ClockEvent(kind, self.time.now(), **fields)

    def start(self) -> ClockReading:
        """Start the clock in Input (once; later calls just read it)."""
        reading = self.reading()
        if reading.started:
            return reading
        return self._record(self._event(EventKind.START, part_id=self.parts[0].id))

    def toggle_pause(self) -> ClockReading:
        reading = self.reading()
        if not reading.started:
            return self.start()
        return self._record(self._event(EventKind.PAUSE if reading.running else EventKind.RESUME))

    def goto(self, offset: int) -> tuple[ClockReading, domain.Talk | None]:
        """Move to the next (+1) or previous (-1) part; a running talk is marked given."""
        reading = self.reading()
        target = reading.current + offset
        if not 0 <= target < len(self.parts):
            edge = "last" if offset > 0 else "first"
            raise InvalidInput(f"{reading.part.name} is the {edge} part")
        finished = None
        if reading.talk_id is not None:
            finished = self.finish_talk(reading.talk_id, TalkStatus.GIVEN)
        if reading.topic_id is not None:  # leaving Dialogue: the topic was talked through
            self._end_topic(reading)
        return self._record(self._event(EventKind.GOTO, part_id=self.parts[target].id)), finished

    def adjust(self, seconds: int) -> ClockReading:
        part = self.reading().part
        if seconds < 0 and part.budget_seconds + seconds < MIN_BUDGET_SECONDS:
            raise InvalidInput(f"{part.name} is already down to one minute")
        return self._record(self._event(EventKind.ADJUST, part_id=part.id, delta_seconds=seconds))

    def rebalance_proposal(self) -> Rebalance | None:
        return propose_rebalance(self.reading())

    def apply_rebalance(self, proposal: Rebalance) -> ClockReading:
        at = self.time.now()
        return self._record(
            *(
                ClockEvent(EventKind.ADJUST, at, part_id=self.parts[i].id, delta_seconds=-seconds)
                for i, seconds in proposal.cuts
            )
        )

    def notice_sleep(self) -> float:
        """Seconds the laptop seems to have slept while the clock ran; they count until
        `discount` says otherwise. Zero when nothing happened or the clock was paused."""
        gap = self.time.unexplained_gap()
        if not gap:
            return 0.0
        running = self.reading().running
        self.time.reanchor()
        return gap if running else 0.0

    def discount(self, seconds: float) -> ClockReading:
        return self._record(self._event(EventKind.SLEEP, delta_seconds=round(seconds)))

    # Lightning talks

    @remembered
    @reads
    def talks(self) -> list[domain.Talk]:
        return talks.list_session_talks(self.db, self.id)

    def add_talk(self, presenter: str, title: str, minutes: int | None = None) -> domain.Talk:
        talk, _ = talks.add_talk(
            self.db,
            self.info.community,
            presenter,
            title,
            self.time.now(),
            minutes=minutes,
            session_id=self.id,
        )
        return talk

    @reads
    def running_talk(self, reading: ClockReading) -> domain.Talk | None:
        """The talk running at this reading; read once per talk, not at every repaint of
        the agenda, presentation mode and every dialog's clock line."""
        if reading.talk_id is None:
            return None
        if self._running is None or self._running.id != reading.talk_id:
            self._running = next((t for t in self.talks() if t.id == reading.talk_id), None)
        return self._running

    def move_talk(self, talk_id: str, offset: int) -> None:
        talks.move_talk(self.db, talk_id, offset)

    def start_talk(self, talk_id: str) -> domain.Talk:
        reading = self.reading()
        if reading.current != TALK_PART:
            raise InvalidInput(
                f"talks run during {self.parts[TALK_PART].name}; it is {reading.part.name} now"
            )
        if not reading.running:
            raise InvalidInput("the clock is paused; resume it (space) to start a talk")
        at = self.time.now()
        talk = talks.start_talk(self.db, self.id, talk_id, at, self.time.monotonic())
        self.events.append(ClockEvent(EventKind.TALK_START, at, ref_id=talk_id))
        return talk

    def finish_talk(self, talk_id: str, status: str) -> domain.Talk:
        at = self.time.now()
        talk = talks.finish_talk(self.db, self.id, talk_id, status, at, self.time.monotonic())
        if self.reading().talk_id == talk_id:
            self.events.append(ClockEvent(EventKind.TALK_END, at, ref_id=talk_id))
        return talk

    # Attendance

    @remembered
    @reads
    def attendance(self) -> list[domain.AttendanceRow]:
        return live.attendance(self.db, self.id)

    def set_attendance(self, member_id: str, status: AttendanceStatus) -> domain.AttendanceRow:
        return live.set_attendance(self.db, self.id, member_id, status)

    def add_newcomer(self, name: str, department: str | None, today: date) -> domain.AttendanceRow:
        return live.add_newcomer(self.db, self.id, name, department, today)

    # Takeaways and commitments

    @remembered
    @reads
    def takeaways(self) -> list[domain.TakeawayItem]:
        return captures.list_takeaways(self.db, self.id)

    def revisit(self, takeaway_id: str) -> domain.TakeawayItem:
        """Link an earlier takeaway, found in the library, to this session's discussion."""
        return captures.revisit(self.db, self.id, takeaway_id)

    def add_takeaway(self, text: str, kind: str, author: str | None) -> domain.TakeawayItem:
        """Linked to the Dialogue topic being talked through, if one is."""
        topic_id = self.reading().topic_id
        return captures.add_takeaway(self.db, self.id, text, kind, author, topic_id=topic_id)

    def edit_takeaway(
        self, takeaway_id: str, text: str, kind: str, author: str | None
    ) -> domain.TakeawayItem:
        return captures.edit_takeaway(self.db, takeaway_id, text, kind, author)

    def delete_takeaway(self, takeaway_id: str) -> None:
        captures.delete_takeaway(self.db, takeaway_id)

    @remembered
    @reads
    def commitments(self) -> list[domain.CommitmentItem]:
        return captures.list_commitments(self.db, self.id)

    def add_commitment(
        self,
        owner: str,
        text: str,
        due_on: date,
        talk_id: str | None = None,
        takeaway_id: str | None = None,
        mark_present: bool = False,
    ) -> domain.CommitmentItem:
        return captures.add_commitment(
            self.db, self.id, owner, text, due_on, talk_id, takeaway_id, mark_present
        )

    def pass_commitment(self, member_id: str) -> None:
        captures.pass_commitment(self.db, self.id, member_id)

    @reads
    def handoff_queue(self) -> list[domain.AttendanceRow]:
        return captures.handoff_queue(self.db, self.id)

    # Drafts of half-typed notes

    def save_draft(self, form: str, fields: dict[str, str]) -> None:
        drafts.save_draft(self.db, self.id, form, fields)

    @reads
    def load_draft(self, form: str) -> dict[str, str] | None:
        return drafts.load_draft(self.db, self.id, form)

    def clear_draft(self, form: str) -> None:
        drafts.clear_draft(self.db, self.id, form)

    # The opening check-in on earlier commitments

    @reads
    def open_follow_ups(self, today: date) -> list[domain.FollowUpItem]:
        return followup.open_for_check_in(self.db, self.id, today)

    def review(self, commitment_id: str, outcome: str, note: str | None) -> domain.MarkResult:
        """Record an outcome as this session's follow-up, reviewed by its host."""
        return followup.check_in(self.db, self.id, commitment_id, outcome, note)

    def undo_reviews(self, review_ids: list[str]) -> int:
        return followup.undo_reviews(self.db, review_ids)

    # The next host

    def next_host(self) -> domain.Rotation:
        """The next session's host, or the rotation's suggestion; changes nothing."""
        return rotation.look_after(self.db, self.id)

    def accept_next_host(self) -> domain.Rotation:
        """The rule's suggestion hosts next; an assignment the rule now refuses gives way."""
        request = rotation.RotationRequest(replace_refused=True)
        return rotation.rotate_after(self.db, self.id, request)

    def pick_next_host(self, name: str) -> domain.Rotation:
        return rotation.rotate_after(self.db, self.id, rotation.RotationRequest(pick=name))

    def skip_next_host(self, name: str, reason: str) -> domain.Rotation:
        """Leave someone out of the next session with a reason; the suggestion moves on."""
        request = rotation.RotationRequest(skip=(name,), reason=reason, assign=False)
        return rotation.rotate_after(self.db, self.id, request)

    # The pulse ("was it worth your time?", tallied at Handoff)

    def pulse(self) -> Pulse:
        return session_pulse.pulse_of(self.db, self.id)

    def vote(self, score: int, over_present: bool = False) -> Pulse:
        """One more vote; MoreVotesThanPresent past the number checked in, unless confirmed."""
        return session_pulse.add_vote(self.db, self.id, score, over_present)

    def take_back_vote(self, score: int) -> Pulse:
        return session_pulse.take_back(self.db, self.id, score)

    def add_pulse_note(self, text: str) -> Pulse:
        return session_pulse.add_note(self.db, self.id, text)

    # Dialogue topics (Lean Coffee)

    @reads
    def topic_board(self) -> domain.TopicBoard:
        return topics.board(self.db, self.id)

    def add_topic(self, text: str) -> domain.Topic:
        return topics.add_topic(self.db, self.info.community, text, live_session_id=self.id)

    def vote_topic(self, topic_id: str, delta: int) -> domain.TopicBoard:
        return topics.vote(self.db, self.id, topic_id, delta)

    @reads
    def running_topic(self, reading: ClockReading) -> domain.Topic | None:
        """The topic being talked through at this reading; read once per topic."""
        if reading.topic_id is None:
            return None
        if self._topic is None or self._topic.id != reading.topic_id:
            board = self.topic_board().topics
            self._topic = next((t for t in board if t.id == reading.topic_id), None)
        return self._topic

    def _dialogue_seconds(self, reading: ClockReading) -> int:
        """Whole minutes left in Dialogue, as seconds: what a timebox may take."""
        dialogue = self.parts[DIALOGUE_PART].name
        if reading.current != DIALOGUE_PART:
            raise InvalidInput(
                f"topics are talked through during {dialogue}; it is {reading.part.name} now"
            )
        if not reading.running:
            raise InvalidInput("the clock is paused; resume it (space) to start a topic")
        left = int(max(0.0, reading.remaining_seconds)) // 60 * 60
        if left < topics.MIN_TIMEBOX_SECONDS:
            raise InvalidInput(
                f"{dialogue} has no whole minute left: + adds one, or n on the agenda goes on"
            )
        return left

    def start_next_topic(self) -> domain.Topic:
        """The most voted waiting topic, for the community's timebox (or what is left of
        Dialogue, if less)."""
        reading = self.reading()
        if reading.topic_id is not None:
            raise InvalidInput("a topic is being talked through: y goes on, n moves on")
        left = self._dialogue_seconds(reading)
        board = self.topic_board()
        topic = board.next_topic
        if topic is None:
            raise InvalidInput("no topic is waiting: a adds one")
        seconds = min(board.topic_minutes * 60, left)
        at = self.time.now()
        event = topics.timebox(self.db, self.id, topic.id, seconds, at, self.time.monotonic())
        self.events.append(event)
        return topic

    def continue_topic(self) -> int:
        """The room goes on: a shorter timebox (see shorter_timebox), within Dialogue."""
        reading = self.reading()
        if reading.topic_id is None:
            raise InvalidInput("no topic is being talked through: enter starts the most voted")
        left = self._dialogue_seconds(reading)
        seconds = min(shorter_timebox(self.last_timebox(reading.topic_id)), left)
        at, monotonic = self.time.now(), self.time.monotonic()
        event = topics.timebox(
            self.db, self.id, reading.topic_id, seconds, at, monotonic, going_on=True
        )
        self.events.append(event)
        return seconds

    def last_timebox(self, topic_id: str) -> int:
        """The length of the topic's latest timebox (its first, or the latest extension)."""
        return next(
            (
                e.delta_seconds or 0
                for e in reversed(self.events)
                if e.ref_id == topic_id
                and e.kind in (EventKind.TOPIC_START, EventKind.TOPIC_EXTEND)
            ),
            0,
        )

    def move_on(self) -> domain.Topic | None:
        """The room moves on: this topic is talked through, and the next most voted starts
        when there is one and Dialogue has a minute for it."""
        reading = self.reading()
        if reading.topic_id is None:
            raise InvalidInput("no topic is being talked through: enter starts the most voted")
        self._end_topic(reading)
        try:
            return self.start_next_topic()
        except InvalidInput:
            return None

    def _end_topic(self, reading: ClockReading) -> None:
        assert reading.topic_id is not None
        at = self.time.now()
        event = topics.end_topic(
            self.db,
            self.id,
            reading.topic_id,
            reading.topic_elapsed_seconds,
            at,
            self.time.monotonic(),
        )
        self.events.append(event)

    # Closing

    def summary(self) -> domain.ClosingSummary:
        return live.closing_summary(self.db, self.id, self.reading())

    def end(self, next_topic: str | None, next_host: str | None) -> None:
        """One transaction: a running talk counts as given, and a refusal changes nothing.
        A topic still being talked through counts as talked through."""
        reading = self.reading()
        if reading.topic_id is not None:
            self._end_topic(reading)
        live.end_session(
            self.db, self.id, self.time.now(), self.time.monotonic(), next_topic, next_host
        )

    def abandon(self) -> None:
        live.abandon_session(self.db, self.id, self.time.now(), self.time.monotonic())

    def cancel(self, reason: str | None) -> None:
        live.cancel_live_session(self.db, self.id, self.time.now(), self.time.monotonic(), reason)
