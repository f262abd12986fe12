"""What the app needs from the domain, bundled so the CLI can inject it.

The App and its screens call these methods and receive plain dataclasses; each call is
one short transaction, committed before it returns, so anything the UI shows as saved is
on disk.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator import domain
from facilitator.clock import utc_now
from facilitator.session_time import SessionTime
from facilitator.vocabulary import SessionStatus
from store.database import Database, reads

if TYPE_CHECKING:  # the insights load when they are first asked for, not at start-up
    from facilitator.chat_config import ChatChannel
    from facilitator.insight_period import Period
    from facilitator.insight_report_data import InsightReport
    from facilitator.live_session import LiveSession
    from facilitator.services.demo import DemoLoaded
    from facilitator.services.forget_member import ForgetPlan
    from facilitator.services.library_curation import EntryFields
    from facilitator.services.publish import Published
    from facilitator.services.roster import MemberFields
    from facilitator.warning_signs import Warning


class _OnFirstUse:
    """A service module imported the first time the app reads one of its names.

    Home is painted with the one service it reads (home_overview, on the light tables); the rotation
    and the insights load in its after-paint worker, and exporting, publishing, the
    library, onboarding, the sample and forgetting when their key is first pressed.
    """

    def __init__(self, name: str) -> None:
        self._module = f"facilitator.services.{name}"

    def __getattr__(self, attribute: str):
        return getattr(importlib.import_module(self._module), attribute)


chat_posting = _OnFirstUse("chat_posting")
communities = _OnFirstUse("communities")
community_choice = _OnFirstUse("community_choice")
demo = _OnFirstUse("demo")
export = _OnFirstUse("export")
followup = _OnFirstUse("followup")
forget_member = _OnFirstUse("forget_member")
home_overview = _OnFirstUse("home_overview")
library = _OnFirstUse("library")
library_curation = _OnFirstUse("library_curation")
live = _OnFirstUse("live")
onboarding = _OnFirstUse("onboarding")
publish = _OnFirstUse("publish")
roster = _OnFirstUse("roster")
roster_pages = _OnFirstUse("roster_pages")
rotation = _OnFirstUse("rotation")
sessions = _OnFirstUse("sessions")


@dataclass
class Workspace:
    db: Database
    clock: Callable[[], datetime] = utc_now
    community: str | None = None
    """The community on screen; None means the default (`cop community use`), else the
    first by name."""
    time: SessionTime | None = field(default=None)
    """The live session's clock; built from `clock` unless a test injects a fake one."""

    def __post_init__(self) -> None:
        if self.time is None:
            self.time = SessionTime(self.clock)

    @reads
    def is_empty(self) -> bool:
        return home_overview.is_empty(self.db)

    @reads
    def community_names(self) -> list[str]:
        return [c.name for c in communities.list_communities(self.db)]

    @reads
    def current_community(self) -> str | None:
        if self.community is None:
            self.community = community_choice.shown_first(self.db)
        return self.community

    def use_community(self, name: str) -> None:
        """Switch the app to another community and make it the default for commands too."""
        self.community = communities.use_community(self.db, name).name

    @reads
    def overview(self) -> domain.HomeOverview:
        return home_overview.home_overview(self.db, self.current_community(), self.clock())

    @reads
    def upcoming_host(self) -> domain.Rotation:
        """The next session's host, or the rotation's suggestion when none is assigned."""
        return rotation.look_ahead(self.db, self.current_community(), self.clock())

    @reads
    def member_page(
        self, include_inactive: bool, first: int, size: int, matching: str = ""
    ) -> domain.MemberPage:
        """A page of the roster with its figures (a roster of thousands is never read whole)."""
        return roster_pages.member_page(
            self.db, self.current_community(), include_inactive, first, size, matching
        )

    @reads
    def people(self) -> list[domain.Member]:
        """The active roster without attendance figures: for pickers and name completion."""
        return roster_pages.list_members(self.db, self.current_community(), figures=False)

    @reads
    def today(self) -> date:
        return communities.local_today(self.db, self.current_community(), self.clock())

    def add_member(self, fields: MemberFields) -> domain.Member:
        return roster.add_member(self.db, self.current_community(), fields, self.today())

    def edit_member(self, name: str, fields: MemberFields) -> domain.Member:
        return roster.edit_member(self.db, self.current_community(), name, fields)

    def deactivate_member(self, name: str) -> domain.Member:
        return roster.deactivate_member(self.db, self.current_community(), name)

    def forget_plan(self, name: str, keep_department: bool) -> ForgetPlan:
        return forget_member.plan_forget(self.db, self.current_community(), name, keep_department)

    def forget_member(self, name: str, keep_department: bool) -> ForgetPlan:
        return forget_member.forget(
            self.db, self.current_community(), name, keep_department, now=self.clock()
        )

    def onboard(
        self, name: str, cadence: str, meeting_time: str, timezone: str, members: str
    ) -> domain.Community:
        created = onboarding.onboard(
            self.db, name, cadence, meeting_time, timezone, members, self.clock()
        )
        self.community = created.name
        return created

    def load_demo(self) -> DemoLoaded:
        loaded = demo.load_demo(self.db, self.clock())
        self.community = loaded.community
        return loaded

    @reads
    def live_session_id(self) -> str | None:
        """A session left live (after a crash, or still running); switches to its community."""
        found = home_overview.left_live(self.db)
        if found is None:
            return None
        session_id, self.community = found
        return session_id

    @reads
    def next_meeting(self) -> datetime:
        """When the next session would be planned from the cadence."""
        return sessions.next_meeting(self.db, self.current_community(), self.clock())

    def plan_session(self, when: str | None, topic: str | None) -> domain.SessionSummary:
        return sessions.plan_session(
            self.db, self.current_community(), self.clock(), when=when or None, topic=topic
        )

    def plan_period(self, typed: str) -> domain.PlannedPeriod:
        """Every free cadence date of a period typed as 2027Q1 or two days."""
        quarter, first, last = sessions.period_typed(typed)
        return sessions.plan_period(
            self.db, self.current_community(), self.clock(), quarter, first, last
        )

    @reads
    def has_live_session(self) -> bool:
        """Whether any community has a session live (reads only; switches nothing)."""
        return home_overview.left_live(self.db) is not None

    @reads
    def start_proposal(self, when: str | None = None) -> domain.StartProposal:
        return live.start_proposal(self.db, self.current_community(), self.clock(), when)

    def begin_session(self, host: str | None, topic: str | None, when: str | None = None) -> str:
        return live.begin_session(
            self.db, self.current_community(), self.clock(), host, topic, when
        )

    def open_live(self, session_id: str) -> LiveSession:
        from facilitator.live_session import LiveSession  # the live services, when live

        assert self.time is not None  # set in __post_init__
        return LiveSession(self.db, session_id, self.time)

    # Follow-up

    @reads
    def open_commitments(self) -> list[domain.FollowUpItem]:
        return followup.list_open(self.db, self.current_community(), self.today())

    def mark_commitments(
        self, ids: list[str], outcome: str, reviewer: str | None
    ) -> list[domain.MarkResult]:
        return followup.mark(self.db, self.current_community(), ids, outcome, None, reviewer)

    def undo_reviews(self, review_ids: list[str]) -> int:
        return followup.undo_reviews(self.db, review_ids)

    @reads
    def follow_through(self) -> domain.FollowThrough:
        return followup.follow_through(self.db, self.current_community(), self.today())

    @reads
    def person_history(self, name: str) -> domain.PersonHistory:
        return followup.history(self.db, self.current_community(), name, self.today())

    @reads
    def nudge_for(self, name: str) -> domain.Nudge | None:
        every = followup.nudges(self.db, self.current_community(), self.today())
        return next((n for n in every if n.owner == name), None)

    # History and exports

    @reads
    def ended_sessions(self, offset: int, limit: int) -> tuple[list[domain.SessionSummary], int]:
        """A page of the sessions that have a summary, newest first, and how many there are."""
        return sessions.recent_sessions(
            self.db, self.current_community(), limit, offset, status=SessionStatus.ENDED
        )

    @reads
    def library(
        self, query: str, kind: str | None = None, department: str | None = None
    ) -> domain.LibraryResults:
        """The community's library searched as someone types (the best 100)."""
        return library.search(
            self.db,
            query,
            community=self.current_community(),
            kind=kind,
            department=department,
            limit=100,
        )

    @reads
    def library_stale(self, days: int = 90) -> list[domain.LibraryEntry]:
        """The review queue: curated entries nobody verified in `days` days."""
        return library_curation.stale_entries(self.db, self.current_community(), self.clock(), days)

    def verify_library_entry(self, entry_id: str, by: str) -> domain.LibraryEntry:
        return self.curate_library_entry(entry_id, library_curation.EntryFields(verified_by=by))

    def curate_library_entry(self, entry_id: str, fields: EntryFields) -> domain.LibraryEntry:
        return library_curation.edit_entry(self.db, entry_id, fields, self.clock())

    @reads
    def library_departments(self) -> list[str]:
        return library.departments(self.db, self.current_community())

    @reads
    def summary_markdown(self, session_id: str) -> str:
        """The session's Markdown export without its front matter, for reading on screen."""
        from exporters import markdown

        return markdown.body(export.report_by_id(self.db, session_id))

    @reads
    def default_export_path(self, session_id: str) -> Path:
        report = export.report_by_id(self.db, session_id)
        return publish.exports_folder(self.db) / export.file_name(report, "markdown")

    def export_markdown(self, session_id: str, path: Path) -> bool:
        """Write the Markdown summary; False when the file already held exactly that."""
        report = export.report_by_id(self.db, session_id)
        return export.write_file(path, export.render(report, "markdown"))

    @reads
    def insights(self, period: Period) -> InsightReport:
        """The community's measures, warning signs and checklist over `period`."""
        from facilitator.services import insight_report

        return insight_report.insight_report(
            self.db, self.current_community(), period, self.clock()
        )

    @reads
    def active_warnings(self) -> list[Warning]:
        """The warning signs of the current quarter, for the count on home."""
        from facilitator.services import insight_report

        return insight_report.active_warnings(self.db, self.current_community(), self.clock())

    def current_quarter(self) -> Period:
        from facilitator.insight_period import quarter_of

        return quarter_of(self.today())

    def default_insights_path(self, report: InsightReport) -> Path:
        name = f"{export.slug(report.community)}-insights-{export.slug(report.period.label)}.md"
        return publish.exports_folder(self.db) / name

    def write_insights(self, report: InsightReport, path: Path) -> bool:
        """Write the report as Markdown; False when the file already held exactly that."""
        from exporters import insight_markdown

        return export.write_file(path, insight_markdown.render(report))

    def publish_insights(self, period: Period) -> Published:
        """Create or update the period's insights page (blocking: run it in a worker)."""
        config, token = publish.preflight()
        client = publish.client_for(config, token)
        return publish.publish_insights(
            self.db,
            self.current_community(),
            period,
            self.clock(),
            config,
            client,
            publish.exports_folder(self.db),
        )

    def default_invitation_path(self, session: domain.SessionSummary) -> Path:
        day = session.scheduled_at.date().isoformat()
        return publish.exports_folder(self.db) / f"{day}-{export.slug(session.community)}.ics"

    def write_invitation(self, path: Path) -> bool:
        """The next planned session's own invitation; False when the file already held it."""
        from facilitator.services.invitations import session_invitation

        _, written = session_invitation(self.db, self.current_community(), None, self.clock())
        return export.write_file(path, written.text)

    @reads
    def room_view(self, following: str | None = None):
        """The live session as the room view shows it (read only)."""
        from facilitator.services.room import room_view

        return room_view(self.db, self.community, self.clock(), following)

    def chat_channels(self) -> list[ChatChannel]:
        """The chat channels of the community on screen (cop chat add sets them up)."""
        from facilitator.chat_config import load_channels

        shown = (self.current_community() or "").casefold()
        return [c for c in load_channels() if c.community.casefold() == shown]

    def post_to_chat(
        self, subject: str, target: str | None, channel: ChatChannel, again: bool = False
    ) -> str:
        """Compose, send and record a post (blocking: run it in a worker); says what went
        where. Raises chat_posting.AlreadyPosted when it went there before, unless `again`."""
        from facilitator.chat_config import read_webhook
        from facilitator.vocabulary import PostSubject

        composed = chat_posting.compose(
            self.db, PostSubject(subject), target, channel, self.clock()
        )
        client = chat_posting.client_for(channel, read_webhook(channel))
        posted = chat_posting.post(self.db, composed, channel, client, again=again)
        parts = f" in {posted.messages} messages" if posted.messages > 1 else ""
        return f"Posted {composed.what} to {channel.name}{parts}"

    def publish(self, session_id: str) -> Published:
        """Create or update the session's Confluence page (blocking: run it in a worker)."""
        config, token = publish.preflight()
        report = export.report_by_id(self.db, session_id)
        client = publish.client_for(config, token)
        return publish.publish(self.db, report, config, client, publish.exports_folder(self.db))
