"""Members who may be one person entered twice: the same e-mail, or names that are equal
once case and accents are set aside ("Zoë Quist" and "zoe quist").

cop never joins these by itself (two people can share a name); it lists them after an
archive merge and in `cop roster duplicates`, and `cop roster merge KEEP DROP` joins them.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection, select

from store.models import Community, Member


@dataclass(frozen=True)
class Twin:
    id: str
    name: str
    email: str | None


@dataclass(frozen=True)
class PossibleDuplicate:
    """Two members of one community who may be one person, and why."""

    community: str
    first: Twin
    second: Twin
    reason: str


REASONS = {
    "name": "the same name but for case or accents",
    "email": "the same e-mail",
    "both": "the same e-mail, and the same name but for case or accents",
}


def folded(name: str) -> str:
    """A name with case, accents and spacing set aside."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def possible_duplicates(
    conn: Connection, community_id: str | None = None
) -> list[PossibleDuplicate]:
    """Every pair of current members (not forgotten) of a community who share an e-mail or a
    folded name, in a stable order (community, then names)."""
    query = (
        select(Community.name, Member.id, Member.name, Member.email)
        .join(Community, Community.id == Member.community_id)
        .where(Member.forgotten_at.is_(None))
        .order_by(Community.name, Member.name_key, Member.id)
    )
    if community_id is not None:
        query = query.where(Member.community_id == community_id)
    groups: dict[tuple[str, str, str], list[Twin]] = defaultdict(list)
    for community, member_id, name, email in conn.execute(query):
        twin = Twin(member_id, name, email)
        groups[(community, "name", folded(name))].append(twin)
        if email and email.strip():
            groups[(community, "email", email.strip().casefold())].append(twin)
    found: dict[tuple[str, str, str], PossibleDuplicate] = {}
    for (community, kind, _), twins in groups.items():
        for index, first in enumerate(twins):
            for second in twins[index + 1 :]:
                low, high = sorted((first.id, second.id))
                pair = (community, low, high)
                reason = REASONS[kind]
                if pair in found and found[pair].reason != reason:
                    reason = REASONS["both"]
                found[pair] = PossibleDuplicate(community, first, second, reason)
    return sorted(
        found.values(),
        key=lambda d: (d.community, folded(d.first.name), d.first.id, d.second.id),
    )
