"""What editing a community did, for `cop community edit` (see facilitator.domain): loaded
apart from the community values every launch reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only
    from facilitator.domain.community_values import Community


@dataclass(frozen=True)
class CommunityChange:
    """A community as edited, and the warnings its new minutes deserve."""

    community: Community
    warnings: list[str]
