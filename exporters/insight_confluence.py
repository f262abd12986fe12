"""The insights report as a Confluence page in storage format: the same sections as the
Markdown, with attendance per session as a table (a chart needs an app Confluence may not
have) and the warning signs in a warning panel."""

from __future__ import annotations

from exporters.confluence import macro, text
from exporters.insight_headlines import headlines
from facilitator.insight_report_data import InsightReport


def render(report: InsightReport) -> str:
    now, before = report.period, report.before
    out = [
        f"<p>{text(f'{report.first_day:%Y-%m-%d} to {report.last_day:%Y-%m-%d}')}"
        f"{text(f', written {report.generated_on:%Y-%m-%d}.')}</p>",
        "<h2>Headlines</h2>",
        _table(
            ["", now.label, before.label, ""],
            [[h.name, h.now, h.before, h.trend] for h in headlines(now, before)],
        ),
    ]
    if report.turnout_by_session:
        out.append("<h2>Attendance by session</h2>")
        out.append(
            _table(
                ["Session", "People"],
                [[f"{day:%d %b %Y}", str(people)] for day, people in report.turnout_by_session],
            )
        )
    out.append("<h2>Warning signs</h2>")
    if report.warnings:
        items = "".join(
            f"<li><strong>{text(w.evidence)}</strong>: {text(w.next_step)}</li>"
            for w in report.warnings
        )
        out.append(
            macro("warning", {"title": f"{len(report.warnings)} to act on"}, f"<ul>{items}</ul>")
        )
    else:
        out.append(f"<p>{text('None this period.')}</p>")
    if now.applying.stories:
        out.append("<h2>What trying it did</h2>")
        out += [f"<blockquote><p>{text(story)}</p></blockquote>" for story in now.applying.stories]
    if report.most_tried:
        out.append("<h2>Most tried from what was shared</h2>")
        items = "".join(
            f"<li>{text(f'{t} (tried by {tried}, worked for {worked})')}</li>"
            for t, tried, worked in report.most_tried
        )
        out.append(f"<ul>{items}</ul>")
    firsts = [
        ("First talks", now.voices.first_time_presenters),
        ("Hosting for the first time", now.voices.first_time_hosts),
        ("New faces", now.newcomers.names),
    ]
    if any(names for _, names in firsts):
        out.append("<h2>Recognition</h2>")
        items = "".join(
            f"<li>{text(f'{label}: ' + ', '.join(names))}</li>" for label, names in firsts if names
        )
        out.append(f"<ul>{items}</ul>")
    if report.inactive:
        out.append("<h2>Who to invite back</h2>")
        who = ", ".join(report.inactive)
        out.append(f"<p>{text(f'Active members who missed the latest four sessions: {who}')}</p>")
    return "".join(out)


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "<tr>" + "".join(f"<th>{text(c)}</th>" for c in header) + "</tr>"
    body = "".join("<tr>" + "".join(f"<td>{text(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tbody>{head}{body}</tbody></table>"
