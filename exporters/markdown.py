"""A session report as Markdown: YAML front matter, then the summary in GitHub's dialect.

User text is backslash-escaped where Markdown would read it as syntax (CommonMark allows a
backslash before any ASCII punctuation), so a name or a note cannot open a list, close a
table cell, start emphasis or a link, or smuggle HTML in; ordinary punctuation stays as
typed so the file reads well. Multi-line notes keep their lines as hard breaks.
"""

from __future__ import annotations

import re

import yaml

from exporters.text import lines, one_line, topic_minutes
from facilitator.pulse_tally import NOTE_QUESTION, QUESTION, SCORES
from facilitator.report_data import (
    KIND_TITLES,
    NOT_NAMED,
    OUTCOME_LABELS,
    ReportCommitment,
    SessionReport,
)
from facilitator.vocabulary import Outcome, plural

_ANYWHERE = frozenset("\\`*_[]<>|~&$")
"""Syntax wherever it stands: escapes, code, emphasis, links, HTML, cells, entities, math."""
_LINE_START = re.compile(r"^(\d{1,9})([.)])|^([#>+=-])")
"""Syntax only at the start of a line: headings, quotes, list markers, underlines."""


def escape(text: str, also: frozenset[str] = frozenset()) -> str:
    """One line of user text with every Markdown-significant character escaped (and those
    in `also`)."""
    special = _ANYWHERE | also
    escaped = "".join("\\" + char if char in special else char for char in text)
    return _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped, 1)


def heading(text: str) -> str:
    """User text as a heading: one line, escaped, with every `#` escaped too, since a
    heading's closing run of `#` is dropped ("Tips #" would read "Tips")."""
    return escape(one_line(text), also=frozenset("#"))


def inline(text: str) -> str:
    """User text inside a paragraph or list item: escaped, lines joined by hard breaks."""
    return "\\\n  ".join(escape(line) for line in lines(text))


def cell(text: str) -> str:
    """User text inside a table cell: one line, escaped (including `|`)."""
    return escape(one_line(text))


def _minutes(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g} min"


def _front_matter(report: SessionReport) -> str:
    data = {
        "community": one_line(report.community),
        "date": report.scheduled_at.date().isoformat(),
        "time": report.scheduled_at.strftime("%H:%M"),
        "timezone": report.timezone,
        "host": one_line(report.host.name) if report.host else None,
        "co_host": one_line(report.co_host.name) if report.co_host else None,
        "topic": one_line(report.topic) if report.topic else None,
        "status": "abandoned" if report.abandoned else str(report.status),
        "counts": {
            "present": report.present_count,
            "talks": len(report.talks),
            "takeaways": len(report.takeaways),
            "commitments": sum(1 for c in report.commitments if not c.carried),
            **_carried_count(report),
        },
        "session_id": report.session_id,
    }
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)
    return f"---\n{body}---\n"


def _carried_count(report: SessionReport) -> dict[str, int]:
    carried = sum(1 for c in report.commitments if c.carried)
    return {"carried_over": carried} if carried else {}


def _heading(report: SessionReport) -> list[str]:
    out = [f"# {heading(report.title)}", ""]
    facts = [f"{report.scheduled_at:%a %d %b %Y, %H:%M} ({escape(report.timezone)})"]
    if report.host:
        facts.append(f"Host: {inline(report.host.name)}")
    if report.co_host:
        facts.append(f"Co-host: {inline(report.co_host.name)}")
    out.append(" · ".join(facts))
    if report.abandoned:
        out += ["", "*The meeting broke up before the closing; what was captured is below.*"]
    return [*out, ""]


def _agenda(report: SessionReport) -> list[str]:
    if not report.parts:
        return []
    out = ["## Agenda", "", "| Part | Plan | Actual |", "| --- | ---: | ---: |"]
    for part in report.parts:
        out.append(f"| {cell(part.name)} | {part.plan} | {_minutes(part.actual_minutes)} |")
    return [*out, ""]


def _attendance(report: SessionReport) -> list[str]:
    out = ["## Attendance", "", f"**Present ({report.present_count})**", ""]
    if not report.present:
        out.append("- nobody was checked in")
    for department, names in report.present:
        out.append(f"- {inline(department)}: {', '.join(inline(n) for n in names)}")
    for label, count, names in report.attendance_lines():
        listed = ", ".join(inline(n) for n in names) if names else NOT_NAMED
        out += ["", f"**{label} ({count}):** {listed}"]
    return [*out, ""]


def _talks(report: SessionReport) -> list[str]:
    if not report.talks:
        return []
    out = ["## Lightning talks", ""]
    for talk in report.talks:
        status = talk.status.replace("_", " ")
        out.append(f"- {inline(talk.presenter)} — {inline(talk.title)} ({status})")
    return [*out, ""]


def _takeaways(report: SessionReport) -> list[str]:
    if not report.takeaways:
        return []
    out = ["## Takeaways", ""]
    for kind, items in report.takeaways_by_kind():
        out += [f"### {KIND_TITLES[kind]}", ""]
        for item in items:
            by = f" — *{inline(item.author)}*" if item.author else ""
            out.append(f"- {inline(item.text)}{by}")
        out.append("")
    return out


CARRIED = ", carried over"
"""A commitment carried from an earlier session: listed, not counted as this week's."""


def _task(commitment: ReportCommitment) -> str:
    box = "x" if commitment.outcome == Outcome.DONE else " "
    outcome = commitment.outcome
    state = f", {OUTCOME_LABELS[outcome].lower()}" if outcome and outcome != Outcome.DONE else ""
    return (
        f"- [{box}] **{inline(commitment.owner.name)}**: {inline(commitment.text)} "
        f"(due {commitment.due_on.isoformat()}{state}{CARRIED if commitment.carried else ''})"
    )


def _commitments(report: SessionReport) -> list[str]:
    if not report.commitments:
        return []
    return ["## Commitments", "", *(_task(c) for c in report.commitments), ""]


def _follow_up(report: SessionReport) -> list[str]:
    if not report.follow_up:
        return []
    out = [
        "## Follow-up on earlier commitments",
        "",
        "| Who | Commitment | Outcome | Note |",
        "| --- | --- | --- | --- |",
    ]
    for item in report.follow_up:
        out.append(
            f"| {cell(item.owner.name)} | {cell(item.text)} | {OUTCOME_LABELS[item.outcome]} | "
            f"{cell(item.note or '')} |"
        )
    return [*out, ""]


def _pulse(report: SessionReport) -> list[str]:
    """The distribution and the share of the room that voted, not only the average."""
    pulse = report.pulse
    if pulse is None:
        return []
    out = ["## Pulse", "", f"{QUESTION} {pulse.headline()}", ""]
    if pulse.votes:
        out += ["| Score | Votes |", "| ---: | ---: |"]
        out += [f"| {score} | {pulse.count(score)} |" for score in reversed(SCORES)]
        out.append("")
    if pulse.notes:
        out += [f"**{NOTE_QUESTION}**", "", *(f"- {inline(note)}" for note in pulse.notes), ""]
    return out


def _topics(report: SessionReport) -> list[str]:
    """Dialogue's topics talked through, with their votes and minutes, and those the room
    did not reach (they roll over to the next session)."""
    if not report.topics:
        return []
    out = ["## Dialogue topics", ""]
    if report.discussed_topics:
        out += ["| Topic | Votes | Minutes |", "| --- | ---: | ---: |"]
        out += [
            f"| {cell(t.text)} | {t.votes} | {topic_minutes(t.seconds)} |"
            for t in report.discussed_topics
        ]
        out.append("")
    if report.rolled_over_topics:
        out += ["**Rolled over to the next session:**", ""]
        out += [
            f"- {inline(t.text)} ({plural(t.votes, 'vote')})" for t in report.rolled_over_topics
        ]
        out.append("")
    return out


def _next(report: SessionReport) -> list[str]:
    upcoming = report.next_session
    if upcoming is None:
        return []
    facts = [f"{upcoming.scheduled_at:%a %d %b %Y, %H:%M}"]
    facts.append(f"Host: {inline(upcoming.host)}" if upcoming.host else "Host: not assigned yet")
    if upcoming.topic:
        facts.append(f"Topic: {inline(upcoming.topic)}")
    return ["## Next session", "", " · ".join(facts), ""]


def body(report: SessionReport) -> str:
    """The document without its front matter: what a reader sees (the app shows this)."""
    sections = [
        _heading(report),
        _agenda(report),
        _attendance(report),
        _talks(report),
        _takeaways(report),
        _commitments(report),
        _follow_up(report),
        _topics(report),
        _pulse(report),
        _next(report),
    ]
    return "\n".join(line for section in sections for line in section).rstrip("\n") + "\n"


def render(report: SessionReport) -> str:
    """The whole document; the same report always gives the same bytes."""
    return f"{_front_matter(report)}\n{body(report)}"
