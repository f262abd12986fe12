"""The four things cop posts to a chat channel, built from the same plain values the
other exporters get: the call for talks, an ended session's summary, the follow-up nudges
and a report's headlines. People are named in plain text, never mentioned."""

from __future__ import annotations

from datetime import date

from exporters.announcement import sign_up
from exporters.announcement import when as announced_when
from exporters.chat_message import ChatLink, ChatMessage, ChatSection
from exporters.insight_headlines import headlines
from exporters.text import topic_minutes
from facilitator.announcement_data import Announcement
from facilitator.domain import FollowUpItem
from facilitator.insight_report_data import InsightReport
from facilitator.pulse_tally import QUESTION
from facilitator.report_data import KIND_TITLES, SessionReport
from facilitator.vocabulary import TalkStatus, plural


def announcement(a: Announcement) -> ChatMessage:
    facts = (
        f"When: {announced_when(a)}",
        f"Topic: {a.topic or 'to be announced'}",
        f"Host: {a.host or 'to be announced'}",
        "Agenda: " + " · ".join(f"{name} {m} min" for name, m in a.agenda),
    )
    sections = [ChatSection(None, facts)]
    if a.talks:
        talks = tuple(
            f"{i}. {who} — {title} ({m} min)" for i, (who, title, m) in enumerate(a.talks, 1)
        )
        sections.append(ChatSection(f"Lightning talks ({len(a.talks)})", talks))
        summary = f"{a.start:%a %d %b}: {plural(len(a.talks), 'lightning talk')} so far"
    else:
        ask = "Five minutes on something you tried is enough. Sign up with:"
        sections.append(ChatSection("No lightning talk yet", (ask, sign_up(a))))
        summary = f"{a.start:%a %d %b}: no lightning talk yet — who shares something?"
    if a.topics:
        topics = tuple(text + (f" ({by})" if by else "") for text, by, _ in a.topics)
        sections.append(ChatSection(f"Topics for Dialogue ({len(a.topics)})", topics))
    if a.due:
        due = tuple(f"{who}: {what}" for who, what in a.due)
        sections.append(ChatSection("Due at this session (bring how it went)", due))
    return ChatMessage(f"{a.community} — next session", summary, tuple(sections))


def summary(report: SessionReport, page_url: str | None) -> ChatMessage:
    """Talks given, takeaways by kind, how many commitments, the pulse, and the page."""
    sections = []
    given = [t for t in report.talks if t.status == TalkStatus.GIVEN]
    if given:
        sections.append(
            ChatSection("Lightning talks", tuple(f"{t.presenter} — {t.title}" for t in given))
        )
    for kind, items in report.takeaways_by_kind():
        lines = tuple(t.text + (f" ({t.author})" if t.author else "") for t in items)
        sections.append(ChatSection(KIND_TITLES[kind], lines))
    if report.discussed_topics:
        talked = tuple(
            f"{t.text} ({plural(t.votes, 'vote')}, {topic_minutes(t.seconds)} min)"
            for t in report.discussed_topics
        )
        sections.append(ChatSection("Dialogue topics", talked))
    if report.rolled_over_topics:
        later = tuple(t.text for t in report.rolled_over_topics)
        sections.append(ChatSection("Rolled over to the next session", later))
    new = [c for c in report.commitments if not c.carried]
    if new:
        people = len({c.owner.name for c in new})
        tried = f"{plural(len(new), 'commitment')} to try by {plural(people, 'person')}"
        sections.append(ChatSection("Try this week", (tried,)))
    if report.pulse is not None and report.pulse.votes:
        sections.append(ChatSection("Pulse", (f"{QUESTION} {report.pulse.headline()}",)))
    counted = [
        plural(report.present_count, "person"),
        plural(len(report.takeaways), "takeaway"),
        plural(len(new), "commitment"),
    ]
    links = (ChatLink("The notes in Confluence", page_url),) if page_url else ()
    return ChatMessage(report.title, " · ".join(counted), tuple(sections), links)


def nudges(community: str, items: list[FollowUpItem], next_day: date | None) -> ChatMessage:
    """One message for the channel: each person's open commitments under their name."""
    by_owner: dict[str, list[FollowUpItem]] = {}
    for item in items:
        by_owner.setdefault(item.owner, []).append(item)
    sections = tuple(
        ChatSection(
            owner,
            tuple(
                f"{item.text} (due {item.due_on:%a %d %b}{', overdue' if item.overdue else ''})"
                for item in mine
            ),
        )
        for owner, mine in sorted(by_owner.items(), key=lambda kv: kv[0].casefold())
    )
    ask = "How did it go? One line is plenty"
    ask += f"; we'll ask at the next session on {next_day:%a %d %b}." if next_day else "."
    people = plural(len(by_owner), "person")
    return ChatMessage(
        f"{community} — how did your try go?",
        f"{people} with {plural(len(items), 'open commitment')}. {ask}",
        sections,
    )


def report(r: InsightReport, period_label: str, page_url: str | None) -> ChatMessage:
    """The headline figures against the period before, and the warning signs."""
    lines = tuple(
        f"{h.name}: {h.now}{' ' + h.trend if h.trend else ''} (before: {h.before})"
        for h in headlines(r.period, r.before)
    )
    sections = [ChatSection(None, lines)]
    if r.warnings:
        sections.append(
            ChatSection("Warning signs", tuple(f"{w.evidence}: {w.next_step}" for w in r.warnings))
        )
    links = (ChatLink("The full report in Confluence", page_url),) if page_url else ()
    days = f"{r.first_day:%d %b %Y} – {r.last_day:%d %b %Y}"
    return ChatMessage(f"{r.community} — Insights {period_label}", days, tuple(sections), links)
