"""Appending agenda clock events; shared by the clock itself and the talk sub-timer."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from facilitator.agenda_clock import ClockEvent
from store.locks import lock_parent
from store.models import StudySession, TimerEvent


def append_events(
    s: Session, session_id: str, events: list[ClockEvent], monotonic: float | None
) -> None:
    """Add events after the session's last one, inside the caller's transaction; the
    session stays locked until it ends, so two writers never share a `seq` (store.locks)."""
    lock_parent(s, StudySession, session_id)
    last = s.exec(select(func.max(TimerEvent.seq)).where(TimerEvent.session_id == session_id)).one()
    seq = (last or 0) + 1
    for event in events:
        s.add(
            TimerEvent(
                session_id=session_id,
                part_id=event.part_id,
                seq=seq,
                kind=event.kind,
                at=event.at,
                monotonic=monotonic,
                delta_seconds=event.delta_seconds,
                ref_id=event.ref_id,
            )
        )
        seq += 1
    s.flush()
