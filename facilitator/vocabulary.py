"""The words cop stores for statuses, outcomes, kinds and roles.

Each is a StrEnum: a member compares equal to the text stored in the database (the columns
stay plain strings, readable with any SQLite tool), prints as that text, and a typo in the
code is an AttributeError at once instead of a comparison that is silently never true.
This module imports nothing, so every layer (store excepted) and the exporters can use it.
"""

from __future__ import annotations

from enum import StrEnum


class SessionStatus(StrEnum):
    PLANNED = "planned"
    LIVE = "live"
    ENDED = "ended"
    CANCELLED = "cancelled"


HELD = (SessionStatus.ENDED, SessionStatus.LIVE)
"""Sessions that took place (or are taking place): what attendance and turns count."""


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"


class TalkStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    GIVEN = "given"
    SKIPPED = "skipped"
    WITHDRAWN = "withdrawn"
    ROLLED_OVER = "rolled_over"
    """Not given at its session; carried to the next one's queue."""


class Outcome(StrEnum):
    """What came of a commitment, recorded by a review."""

    DONE = "done"
    PARTLY = "partly"
    NOT_TRIED = "not_tried"
    DROPPED = "dropped"
    CARRIED = "carried"
    """Carried over: a successor commitment is made for the next session."""


TRIED = frozenset({Outcome.DONE, Outcome.PARTLY})
RESOLVED = frozenset({Outcome.DONE, Outcome.PARTLY, Outcome.NOT_TRIED, Outcome.DROPPED})
"""Outcomes that close a commitment for good (carried ones live on in their successor)."""


class RotationAction(StrEnum):
    CHOSEN = "chosen"
    """The rule's pick, accepted."""
    PICKED = "picked"
    """Someone else, picked by the facilitator."""
    SKIPPED = "skipped"
    SWAPPED = "swapped"
    CO_HOST = "co_host"


HOSTING = (RotationAction.CHOSEN, RotationAction.PICKED, RotationAction.SWAPPED)
"""Actions that give someone the host's turn."""


class EventKind(StrEnum):
    """What a timer event records; the agenda clock is replayed from these."""

    START = "start"
    """The clock starts in a part."""
    PAUSE = "pause"
    RESUME = "resume"
    GOTO = "goto"
    """Move to another part (next or back)."""
    ADJUST = "adjust"
    """Change a part's budget by delta_seconds."""
    TALK_START = "talk_start"
    """A lightning talk's sub-timer starts (ref_id: the talk)."""
    TALK_END = "talk_end"
    TOPIC_START = "topic_start"
    """A Dialogue topic's timebox starts (ref_id: the topic; delta_seconds: its length)."""
    TOPIC_EXTEND = "topic_extend"
    """The room chose to go on: delta_seconds more for the running topic."""
    TOPIC_END = "topic_end"
    SLEEP = "sleep"
    """delta_seconds of running time before this event did not count."""
    END = "end"


class TopicStatus(StrEnum):
    """Where a Dialogue topic stands (Lean Coffee)."""

    OPEN = "open"
    """Proposed; on the board of its session (or of the next one, without a session)."""
    DISCUSSED = "discussed"
    WITHDRAWN = "withdrawn"
    ROLLED_OVER = "rolled_over"
    """Not discussed at its session; carried to the next one's board."""


class TakeawayKind(StrEnum):
    TIP = "tip"
    PROMPT = "prompt"
    WORKFLOW = "workflow"
    TOOL = "tool"
    RISK = "risk"
    QUESTION = "question"
    RESOURCE = "resource"


class LibraryStatus(StrEnum):
    """Where a curated library entry stands; retiring keeps it (and its history) findable."""

    DRAFT = "draft"
    REVIEWED = "reviewed"
    IN_DAILY_USE = "in-daily-use"
    RETIRED = "retired"

    @property
    def label(self) -> str:
        return self.value.replace("-", " ")


class Role(StrEnum):
    MEMBER = "member"
    CHAMPION = "champion"
    LEAD = "lead"


class CommunityKind(StrEnum):
    COMPANY_WIDE = "company-wide"
    TOPIC_FOCUSED = "topic-focused"
    CHAMPIONS_NETWORK = "champions-network"


class Deployment(StrEnum):
    """Which Confluence a community publishes to: they differ in URLs and mentions."""

    CLOUD = "cloud"
    DATACENTER = "datacenter"


class PublishOutcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    """The page already held exactly this summary: nothing was sent."""


class ChatPlatform(StrEnum):
    """Where a chat channel lives: each takes its own payload (Block Kit, Adaptive Card)."""

    SLACK = "slack"
    TEAMS = "teams"


class PostSubject(StrEnum):
    """What `cop post` sends to a channel."""

    ANNOUNCE = "announce"
    """The call for talks of the next session (what `cop announce` prints)."""
    SUMMARY = "summary"
    NUDGES = "nudges"
    REPORT = "report"


def known(vocabulary: type[StrEnum], word: str) -> bool:
    """Whether `word` is one of the vocabulary's values (on Python 3.11, `word in Role`
    raises TypeError for a plain string instead of answering)."""
    return word in {member.value for member in vocabulary}


def listed(vocabulary: type[StrEnum]) -> str:
    """The accepted words, for a message: "tip, prompt, workflow"."""
    return ", ".join(vocabulary)


_IRREGULAR = {
    "person": "people",
    "summary": "summaries",
    "entry": "entries",
    "library entry": "library entries",
    "session hosted": "sessions hosted",
}


def plural(count: int, noun: str) -> str:
    """ "1 takeaway", "2 takeaways", "0 takeaways": the one rule every output counts with."""
    return f"{count} {noun if count == 1 else _IRREGULAR.get(noun, noun + 's')}"
