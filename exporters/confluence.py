"""A session report in Confluence storage format (the XHTML Confluence stores pages in).

Storage format is XML with the `ac:` and `ri:` prefixes left undeclared (Confluence binds
them). Every piece of text goes through `text()`: control characters out, `&`, `<`, `>`
and quotes escaped, never a named HTML entity (XML knows only the five). No CDATA is
written, so `]]>` in a note is ordinary escaped text. Commitments become a task list with
a due date; people with a known Confluence identity become mentions.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from exporters.text import lines, one_line, topic_minutes
from facilitator.pulse_tally import NOTE_QUESTION, QUESTION, SCORES
from facilitator.report_data import (
    KIND_TITLES,
    NOT_NAMED,
    OUTCOME_LABELS,
    ReportPerson,
    SessionReport,
)
from facilitator.vocabulary import Deployment, Outcome, known, plural

STATUS_COLOURS = {
    Outcome.DONE: "Green",
    Outcome.PARTLY: "Yellow",
    Outcome.NOT_TRIED: "Grey",
    Outcome.DROPPED: "Red",
    Outcome.CARRIED: "Blue",
}


def text(value: str) -> str:
    """User text as XML character data; its lines joined with <br />."""
    return "<br />".join(escape(line) for line in lines(value))


def attribute(value: str) -> str:
    return escape(one_line(value), {'"': "&quot;"})


def person(who: ReportPerson, deployment: str) -> str:
    """A mention when the member's identity for this deployment is known, else the name."""
    if deployment == Deployment.CLOUD and who.confluence_account_id:
        user = f'<ri:user ri:account-id="{attribute(who.confluence_account_id)}" />'
    elif deployment == Deployment.DATACENTER and who.confluence_user_key:
        user = f'<ri:user ri:userkey="{attribute(who.confluence_user_key)}" />'
    else:
        return text(who.name)
    return f"<ac:link>{user}</ac:link>"


def macro(name: str, parameters: dict[str, str], body: str | None = None) -> str:
    params = "".join(
        f'<ac:parameter ac:name="{key}">{escape(value)}</ac:parameter>'
        for key, value in parameters.items()
    )
    inner = f"<ac:rich-text-body>{body}</ac:rich-text-body>" if body is not None else ""
    return f'<ac:structured-macro ac:name="{name}">{params}{inner}</ac:structured-macro>'


def status(outcome: Outcome) -> str:
    return macro("status", {"colour": STATUS_COLOURS[outcome], "title": OUTCOME_LABELS[outcome]})


def _row(cells: list[str], header: bool = False) -> str:
    tag = "th" if header else "td"
    return "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"


def _table(header: list[str], rows: list[list[str]]) -> str:
    body = _row(header, header=True) + "".join(_row(r) for r in rows)
    return f"<table><tbody>{body}</tbody></table>"


def _heading(report: SessionReport, deployment: str) -> list[str]:
    facts = [
        f"<strong>When:</strong> {report.scheduled_at:%a %d %b %Y, %H:%M} ({text(report.timezone)})"
    ]
    if report.host:
        facts.append(f"<strong>Host:</strong> {person(report.host, deployment)}")
    if report.co_host:
        facts.append(f"<strong>Co-host:</strong> {person(report.co_host, deployment)}")
    if report.topic:
        facts.append(f"<strong>Topic:</strong> {text(report.topic)}")
    out = ["<p>" + "<br />".join(facts) + "</p>"]
    if report.abandoned:
        out.append(
            macro(
                "note",
                {},
                "<p>The meeting broke up before the closing; what was captured is below.</p>",
            )
        )
    return out


def _agenda(report: SessionReport) -> list[str]:
    if not report.parts:
        return []
    rows = [
        [
            text(p.name),
            p.plan,
            "—" if p.actual_minutes is None else f"{p.actual_minutes:g} min",
        ]
        for p in report.parts
    ]
    return ["<h2>Agenda</h2>", _table(["Part", "Plan", "Actual"], rows)]


def _names(names: list[str]) -> str:
    return ", ".join(text(n) for n in names)


def _attendance(report: SessionReport) -> list[str]:
    out = ["<h2>Attendance</h2>", f"<p><strong>Present ({report.present_count})</strong></p>"]
    items = [f"<li>{text(dept)}: {_names(names)}</li>" for dept, names in report.present]
    out.append("<ul>" + ("".join(items) or "<li>nobody was checked in</li>") + "</ul>")
    for label, count, names in report.attendance_lines():
        listed = _names(names) if names else NOT_NAMED
        out.append(f"<p><strong>{label} ({count}):</strong> {listed}</p>")
    return out


def _talks(report: SessionReport) -> list[str]:
    if not report.talks:
        return []
    items = "".join(
        f"<li>{text(t.presenter)} — {text(t.title)} ({t.status.replace('_', ' ')})</li>"
        for t in report.talks
    )
    return ["<h2>Lightning talks</h2>", f"<ul>{items}</ul>"]


def _takeaways(report: SessionReport) -> list[str]:
    if not report.takeaways:
        return []
    out = ["<h2>Takeaways</h2>"]
    for kind, group in report.takeaways_by_kind():
        items = "".join(
            f"<li>{text(t.text)}" + (f" — <em>{text(t.author)}</em>" if t.author else "") + "</li>"
            for t in group
        )
        out += [f"<h3>{KIND_TITLES[kind]}</h3>", f"<ul>{items}</ul>"]
    return out


def _commitments(report: SessionReport, deployment: str) -> list[str]:
    if not report.commitments:
        return []
    tasks = []
    for number, item in enumerate(report.commitments, start=1):
        state = "complete" if item.outcome == Outcome.DONE else "incomplete"
        outcome = f" ({OUTCOME_LABELS[item.outcome].lower()})" if item.outcome else ""
        outcome += " (carried over)" if item.carried else ""
        body = (
            f"{person(item.owner, deployment)}: {text(item.text)} — due "
            f'<time datetime="{item.due_on.isoformat()}" />{outcome}'
        )
        tasks.append(
            f"<ac:task><ac:task-id>{number}</ac:task-id><ac:task-status>{state}"
            f"</ac:task-status><ac:task-body>{body}</ac:task-body></ac:task>"
        )
    return ["<h2>Commitments</h2>", "<ac:task-list>" + "".join(tasks) + "</ac:task-list>"]


def _follow_up(report: SessionReport, deployment: str) -> list[str]:
    if not report.follow_up:
        return []
    rows = [
        [person(f.owner, deployment), text(f.text), status(f.outcome), text(f.note or "")]
        for f in report.follow_up
    ]
    return [
        "<h2>Follow-up on earlier commitments</h2>",
        _table(["Who", "Commitment", "Outcome", "Note"], rows),
    ]


def _pulse(report: SessionReport) -> list[str]:
    """The distribution and the share of the room that voted, not only the average."""
    pulse = report.pulse
    if pulse is None:
        return []
    out = ["<h2>Pulse</h2>", f"<p>{text(QUESTION)} {text(pulse.headline())}</p>"]
    if pulse.votes:
        rows = [[str(score), str(pulse.count(score))] for score in reversed(SCORES)]
        out.append(_table(["Score", "Votes"], rows))
    if pulse.notes:
        items = "".join(f"<li>{text(note)}</li>" for note in pulse.notes)
        out += [f"<p><strong>{text(NOTE_QUESTION)}</strong></p>", f"<ul>{items}</ul>"]
    return out


def _topics(report: SessionReport) -> list[str]:
    """Dialogue's topics talked through (votes, minutes) and those rolled over."""
    if not report.topics:
        return []
    out = ["<h2>Dialogue topics</h2>"]
    if report.discussed_topics:
        rows = [
            [text(t.text), str(t.votes), text(topic_minutes(t.seconds))]
            for t in report.discussed_topics
        ]
        out.append(_table(["Topic", "Votes", "Minutes"], rows))
    if report.rolled_over_topics:
        items = "".join(
            f"<li>{text(t.text)} ({plural(t.votes, 'vote')})</li>"
            for t in report.rolled_over_topics
        )
        out += ["<p><strong>Rolled over to the next session:</strong></p>", f"<ul>{items}</ul>"]
    return out


def _next(report: SessionReport) -> list[str]:
    upcoming = report.next_session
    if upcoming is None:
        return []
    facts = [f"<strong>Next session:</strong> {upcoming.scheduled_at:%a %d %b %Y, %H:%M}"]
    facts.append(f"Host: {text(upcoming.host)}" if upcoming.host else "Host: not assigned yet")
    if upcoming.topic:
        facts.append(f"Topic: {text(upcoming.topic)}")
    return [macro("info", {}, "<p>" + " · ".join(facts) + "</p>")]


def render(report: SessionReport, deployment: str = Deployment.CLOUD) -> str:
    """The page body; the same report and deployment always give the same bytes."""
    if not known(Deployment, deployment):
        raise ValueError(f"unknown Confluence deployment {deployment!r}")
    parts = [
        *_heading(report, deployment),
        *_agenda(report),
        *_attendance(report),
        *_talks(report),
        *_takeaways(report),
        *_commitments(report, deployment),
        *_follow_up(report, deployment),
        *_topics(report),
        *_pulse(report),
        *_next(report),
    ]
    return "\n".join(parts) + "\n"
