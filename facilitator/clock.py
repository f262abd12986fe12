"""The current time, in one replaceable place.

COP_NOW (an ISO timestamp with offset) pins the clock for demos, end-to-end tests and
screenshots; otherwise it is the real UTC time.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime


def utc_now() -> datetime:
    pinned = os.environ.get("COP_NOW")
    if pinned:
        moment = datetime.fromisoformat(pinned)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.now(UTC)
