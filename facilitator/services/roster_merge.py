"""Two roster entries that are one person: list them, and join them with their history.

`cop roster duplicates` lists members who share an e-mail or whose names differ only in
case or accents (store.member_twins); `cop roster merge KEEP DROP` makes DROP part of KEEP:
attendance, commitments, takeaways, talks, hosting turns and away periods all move to KEEP
(store.record_joining), KEEP's details stay and what only DROP had is added (an e-mail,
a department, a role). DROP's tombstone names KEEP, so an archive from a laptop that still
has DROP brings its history to KEEP (store.archive_merge).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from facilitator.errors import InvalidInput
from facilitator.services.communities import community_row
from facilitator.services.roster import member_row, parse_roles
from facilitator.vocabulary import plural
from store.archive_format import archived_tables
from store.database import Database
from store.member_twins import PossibleDuplicate, possible_duplicates
from store.models import Member
from store.record_joining import filled, join_rows
from store.types import utcnow

SHOWN = {
    "attendance": "attendance record",
    "commitment": "commitment",
    "commitment_review": "follow-up review",
    "takeaway": "takeaway",
    "lightning_talk": "talk",
    "study_session": "session hosted",
    "rotation_record": "rotation record",
    "member_unavailability": "away period",
    "library_entry": "library entry",
}
"""The words for what moves, by table (a table not named here is shown by its name)."""


@dataclass(frozen=True)
class MemberMerge:
    """What joining DROP into KEEP moved (or, in a dry run, would move)."""

    community: str
    keep: str
    drop: str
    moved: dict[str, int]
    dry_run: bool

    def lines(self) -> list[str]:
        moved = sorted((t, n) for t, n in self.moved.items() if n)
        if not moved:
            return [f"{self.drop} has no history yet; only the roster entry goes."]
        return [plural(count, SHOWN.get(table, table)) for table, count in moved]


def duplicates(db: Database, community: str | None) -> list[PossibleDuplicate]:
    """Members of the community who may be one person entered twice."""
    with db.session() as s:
        crow = community_row(s, community)
    with db.snapshot() as conn:
        return possible_duplicates(conn, crow.id)


def merge_members(
    db: Database, community: str | None, keep: str, drop: str, dry_run: bool = False
) -> MemberMerge:
    """Join the member `drop` into `keep` with all their history, in one transaction."""
    with db.session() as s:
        crow = community_row(s, community)
        keep_row, drop_row = member_row(s, crow.id, keep), member_row(s, crow.id, drop)
        if keep_row.id == drop_row.id:
            raise InvalidInput(f"{keep_row.name} and {drop} are the same member")
        keep_values, drop_values = keep_row.model_dump(), drop_row.model_dump()
        names = crow.name, keep_row.name, drop_row.name
    now = utcnow()
    survivor = filled(keep_values, drop_values, keep_values["id"])
    survivor["roles"] = parse_roles([keep_values["roles"], drop_values["roles"]])
    survivor["joined_on"] = min(keep_values["joined_on"], drop_values["joined_on"])
    survivor["active"] = keep_values["active"] or drop_values["active"]
    survivor["changed_at"] = now
    moved: Counter[str] = Counter()
    with db.transaction(keep=not dry_run) as conn:
        join_rows(
            conn, Member.__table__, survivor, drop_values["id"], now, archived_tables(), moved
        )
    return MemberMerge(*names, moved=dict(moved), dry_run=dry_run)
