"""Plain data the services hand to the CLI, the screens and the exporters.

Nothing here touches the database, so these values are safe to keep in a widget.

The values live in a module per subject and each module loads the first time one of its
names is read (as the tables of store.models do): creating a frozen dataclass costs about
a millisecond and a half, and home is painted with four of the 36 rather than all of them.
"""

from __future__ import annotations

import importlib
from typing import Any

HOMES = {
    "AgendaPartSpec": "community_values",
    "AGENDA": "community_values",
    "Community": "community_values",
    "Member": "roster_values",
    "MemberPage": "roster_values",
    "ImportProblem": "roster_import_values",
    "ImportReport": "roster_import_values",
    "SessionSummary": "session_values",
    "HomeOverview": "session_values",
    "StartProposal": "planning_values",
    "PlannedPeriod": "planning_values",
    "AttendanceRow": "live_values",
    "Talk": "live_values",
    "TakeawayItem": "live_values",
    "CommitmentItem": "live_values",
    "LiveSessionInfo": "live_values",
    "ClosingSummary": "live_values",
    "Placed": "rotation_values",
    "LeftOut": "rotation_values",
    "Rotation": "rotation_values",
    "RotationEntry": "rotation_values",
    "AwayItem": "rotation_values",
    "FollowUpItem": "followup_values",
    "MarkResult": "followup_values",
    "Rate": "followup_values",
    "FollowThrough": "followup_values",
    "PersonHistory": "followup_values",
    "Nudge": "followup_values",
    "Curation": "library_values",
    "LibraryEntry": "library_values",
    "LibraryResults": "library_values",
    "LibraryDocument": "library_values",
    "SessionDetail": "session_detail_values",
    "CommunityChange": "community_change_values",
    "Topic": "topic_values",
    "TopicBoard": "topic_values",
}
"""Each name's module."""


def __getattr__(name: str) -> Any:
    module = HOMES.get(name)
    if module is None:
        raise AttributeError(f"module 'facilitator.domain' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"facilitator.domain.{module}"), name)
    globals()[name] = value
    return value
