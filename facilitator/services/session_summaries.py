"""Sessions as lists show them: each with its hosts' names and its counts.

Read on store.light_tables, not the mapped tables, so that home's first frame (which lists
the next, missed and recent sessions) builds no mapped table; every other list of sessions
uses the same reads. A session row may be the mapped one or one read on the light clause:
both name the same columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnClause, func, literal_column, select, union_all

from facilitator import converters, domain
from facilitator.vocabulary import AttendanceStatus
from store import light_tables
from store.light_tables import read

MAX_LISTED_IDS = 50
"""Up to this many sessions are counted by id; more (a whole history) by community, so no
statement carries a list that grows with the history."""

COUNTED = {
    "takeaways": light_tables.takeaway.c.session_id,
    "commitments": light_tables.commitment.c.session_id,
    "talks": light_tables.lightning_talk.c.session_id,
    "attendees": light_tables.attendance.c.session_id,
}
"""What a listed session counts, each by its table's session index."""


def member_names(s, ids: Iterable[str | None]) -> dict[str, str]:
    """Member id → name for the members a view names (inactive ones too: history keeps
    them), read by id: never the whole roster, which in a large community is thousands."""
    wanted = sorted({member_id for member_id in ids if member_id})
    if not wanted:
        return {}
    member = light_tables.member.c
    return dict(read(s, select(member.id, member.name).where(member.id.in_(wanted))).all())


def session_counts(s, community_id: str, session_ids: list[str]) -> dict[str, dict[str, int]]:
    """Each session's takeaways, commitments, talks and attendees: one statement, each
    count grouped on its own table's session index."""
    counts: dict[str, dict[str, int]] = {sid: {} for sid in session_ids}
    if not session_ids:
        return counts
    sessions = light_tables.study_session.c
    of_community = select(sessions.id).where(sessions.community_id == community_id)
    parts = []
    for key, column in COUNTED.items():
        only = (
            column.in_(session_ids)
            if len(session_ids) <= MAX_LISTED_IDS
            else column.in_(of_community)
        )
        kind: ColumnClause[Any] = literal_column(f"'{key}'")  # one of COUNTED's own names
        part = select(kind, column, func.count()).where(only)
        if key == "attendees":
            part = part.where(light_tables.attendance.c.status == AttendanceStatus.PRESENT)
        parts.append(part.group_by(column))
    for key, sid, n in read(s, union_all(*parts)).all():
        if sid in counts:
            counts[sid][key] = n
    return counts


def summaries(s, community: Any, rows: Sequence[Any]) -> list[domain.SessionSummary]:
    """`rows` (mapped or read) of `community` as listed: hosts by name, with their counts."""
    names = member_names(s, [i for r in rows for i in (r.facilitator_id, r.co_facilitator_id)])
    counts = session_counts(s, community.id, [r.id for r in rows])
    return [converters.session(r, community, names, counts[r.id]) for r in rows]
