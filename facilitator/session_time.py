"""Session time: wall-clock timestamps that advance with the monotonic clock.

The wall clock can jump (NTP, a changed time zone setting); the monotonic clock cannot, but
it means nothing across restarts and, on Linux and macOS, stops while the laptop sleeps.
So the live session takes one wall reading as an anchor and advances it by monotonic time:
stored timestamps are steady within a run and comparable across runs. When the wall clock
has moved well past the anchored time, the laptop slept; the facilitator decides whether
that gap counts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta

from facilitator.clock import utc_now

SLEEP_GAP_SECONDS = 60
"""A wall-clock lead larger than this is a sleep, not clock drift or an NTP correction."""


class SessionTime:
    def __init__(
        self,
        wall: Callable[[], datetime] = utc_now,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.wall = wall
        self.monotonic = monotonic
        self.reanchor()

    def reanchor(self) -> None:
        """Start measuring from the wall clock again (at launch, or once a gap is handled)."""
        self._wall_anchor = self.wall()
        self._mono_anchor = self.monotonic()

    def now(self) -> datetime:
        return self._wall_anchor + timedelta(seconds=self.monotonic() - self._mono_anchor)

    def unexplained_gap(self) -> float:
        """Seconds the wall clock ran ahead of the monotonic one; 0 unless it looks like sleep."""
        wall_passed = (self.wall() - self._wall_anchor).total_seconds()
        mono_passed = self.monotonic() - self._mono_anchor
        gap = wall_passed - mono_passed
        return gap if gap > SLEEP_GAP_SECONDS else 0.0
