"""What the space key does to the agenda clock right now, so every screen names it alike."""

from __future__ import annotations

from enum import StrEnum

from facilitator.agenda_clock import ClockReading


class ClockState(StrEnum):
    IDLE = "idle"
    """Not started: space starts it."""
    RUNNING = "running"
    PAUSED = "paused"

    @classmethod
    def of(cls, reading: ClockReading) -> ClockState:
        if not reading.started:
            return cls.IDLE
        return cls.RUNNING if reading.running else cls.PAUSED


SPACE_ACTIONS = {
    "start_clock": ClockState.IDLE,
    "pause": ClockState.RUNNING,
    "resume": ClockState.PAUSED,
}
"""The action space runs in each state: the key bar shows only the one that applies."""
