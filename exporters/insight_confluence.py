"""The insights report as a Confluence page in storage format: the same sections as the
Markdown, with the trends over the sessions as a table (a chart needs an app Confluence may
not have) and the warning signs in a warning panel."""

from __future__ import annotations

from exporters.confluence import macro, text
from exporters.insight_headlines import (
    IMPACT_COLUMNS,
    ROLLUP_COLUMNS,
    headlines,
    impact_rows,
    inactive_sentence,
    pulse_point,
    recognition,
    rollup,
)
from facilitator.insight_report_data import InsightReport


def page_title(report: InsightReport) -> str:
    return f"{report.community} — Insights {report.period.label}"


def render(report: InsightReport) -> str:
    return "".join(_body(report, level=2))


def render_all(reports: list[InsightReport]) -> str:
    """Several communities rolled up: one table of them all, then each one's report."""
    out = [_table(ROLLUP_COLUMNS, rollup(reports))]
    for report in reports:
        out.append(f"<h2>{text(report.community)}</h2>")
        out += _body(report, level=3)
    return "".join(out)


def _body(report: InsightReport, level: int) -> list[str]:
    now, before = report.period, report.before

    def heading(words: str) -> str:
        return f"<h{level}>{text(words)}</h{level}>"

    out = [
        f"<p>{text(f'{report.first_day:%Y-%m-%d} to {report.last_day:%Y-%m-%d}')}"
        f"{text(f', written {report.generated_on:%Y-%m-%d}.')}</p>",
        heading("Headlines"),
        _table(
            ["", now.label, before.label, ""],
            [[h.name, h.now, h.before, h.trend] for h in headlines(now, before)],
        ),
    ]
    if report.sessions:
        out.append(heading("Trends over the sessions"))
        out.append(
            _table(
                ["Session", "People", "Presenters", "Follow-through", "Pulse"],
                [
                    [
                        f"{p.day:%d %b %Y}",
                        str(p.people),
                        str(p.presenters),
                        "—" if p.follow_through is None else f"{p.follow_through:.0%}",
                        pulse_point(p),
                    ]
                    for p in report.sessions
                ],
            )
        )
    if report.impact:
        out.append(heading("Impact by half-year"))
        out.append(_table(IMPACT_COLUMNS, impact_rows(report)))
    out.append(heading("Warning signs"))
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
        out.append(heading("What trying it did"))
        out += [f"<blockquote><p>{text(story)}</p></blockquote>" for story in now.applying.stories]
    if report.most_tried:
        out.append(heading("Most tried from what was shared"))
        items = "".join(
            f"<li>{text(f'{t} (tried by {tried}, worked for {worked})')}</li>"
            for t, tried, worked in report.most_tried
        )
        out.append(f"<ul>{items}</ul>")
    firsts = recognition(report)
    if firsts:
        out.append(heading("Recognition"))
        items = "".join(
            f"<li>{text(f'{label}: ' + ', '.join(names))}</li>" for label, names in firsts
        )
        out.append(f"<ul>{items}</ul>")
    if report.inactive:
        out.append(heading("Who to invite back"))
        who = inactive_sentence(report) + ", ".join(report.inactive)
        out.append(f"<p>{text(who)}</p>")
    done = sum(line.done for line in report.checklist)
    out.append(heading(f"Launch checklist ({done} of {len(report.checklist)})"))
    out.append(
        _table(
            ["", "Item", "How cop knows"],
            [["✓" if line.done else "✗", line.label, line.evidence] for line in report.checklist],
        )
    )
    return out


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "<tr>" + "".join(f"<th>{text(c)}</th>" for c in header) + "</tr>"
    body = "".join("<tr>" + "".join(f"<td>{text(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tbody>{head}{body}</tbody></table>"
