"""The insights report as Markdown: a page a busy leader reads in two minutes.

Headline numbers beside the period before (▲ up, ▼ down), attendance per session as a
Unicode sparkline, the warning signs with their next steps, what people tried and what it
did for them, who spoke for the first time, and who to invite back. Deterministic: the same
report renders to the same bytes.
"""

from __future__ import annotations

import yaml

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
from exporters.markdown import cell, inline
from exporters.text import one_line
from facilitator.insight_report_data import InsightReport

BARS = "▁▂▃▄▅▆▇█"
GAP = "·"
"""A session with nothing to plot (no commitment resolved yet)."""


def sparkline(values: list[float | None], top: float | None = None) -> str:
    """One block per value, scaled from zero to `top` (the largest value by default)."""
    top = top if top is not None else max((v for v in values if v is not None), default=0)
    if not top:
        return "".join(GAP if v is None else BARS[0] for v in values)
    return "".join(
        GAP if v is None else BARS[round(min(v, top) / top * (len(BARS) - 1))] for v in values
    )


def render(report: InsightReport) -> str:
    """One community's report, with front matter for a static site or a wiki import."""
    front = {
        "title": one_line(f"{report.community} — {report.period.label}"),
        "community": report.community,
        "from": report.first_day.isoformat(),
        "to": report.last_day.isoformat(),
        "generated": report.generated_on.isoformat(),
        "warnings": len(report.warnings),
    }
    body = _body(report, f"{inline(report.community)} — {report.period.label}", level=1)
    return _document(front, body)


def render_all(reports: list[InsightReport]) -> str:
    """Several communities rolled up: one table of them all, then each one's report."""
    first = reports[0]
    label = first.period.label
    front = {
        "title": f"Communities of practice — {label}",
        "communities": [r.community for r in reports],
        "from": first.first_day.isoformat(),
        "to": first.last_day.isoformat(),
        "generated": first.generated_on.isoformat(),
        "warnings": sum(len(r.warnings) for r in reports),
    }
    rows = rollup(reports)
    out = [
        f"# Communities of practice — {label}",
        "",
        "| " + " | ".join(ROLLUP_COLUMNS) + " |",
        "|" + "---|" * len(ROLLUP_COLUMNS),
        *(f"| {cell(name)} | " + " | ".join(figures) + " |" for name, *figures in rows),
        "",
    ]
    for report in reports:
        out += _body(report, inline(report.community), level=2)
    return _document(front, out)


def _document(front: dict, body: list[str]) -> str:
    out = [
        "---",
        yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1_000_000).rstrip(),
        "---",
        "",
        *body,
    ]
    return "\n".join(out).rstrip() + "\n"


def _body(report: InsightReport, title: str, level: int) -> list[str]:
    now, before = report.period, report.before
    h1, h2 = "#" * level, "#" * (level + 1)
    out = [
        f"{h1} {title}",
        "",
        f"{h2} Headlines",
        "",
        f"| | {now.label} | {before.label} | |",
        "|---|---|---|---|",
        *(f"| {cell(h.name)} | {h.now} | {h.before} | {h.trend} |" for h in headlines(now, before)),
        "",
    ]
    if report.sessions:
        out += [f"{h2} Trends over the sessions", ""]
        out += [f"- {name} `{line}` {figures}" for name, line, figures in trends(report)]
        out += ["", "Sessions: " + ", ".join(f"{p.day:%d %b}" for p in report.sessions) + ".", ""]
    if report.impact:
        out += [f"{h2} Impact by half-year", ""]
        out += ["| " + " | ".join(IMPACT_COLUMNS) + " |", "|" + "---|" * len(IMPACT_COLUMNS)]
        out += ["| " + " | ".join(row) + " |" for row in impact_rows(report)]
        out.append("")
    out += [f"{h2} Warning signs", ""]
    if not report.warnings:
        out += ["None this period.", ""]
    for warning in report.warnings:
        out.append(f"- **{inline(warning.evidence)}**: {inline(warning.next_step)}")
    if report.warnings:
        out.append("")
    stories = now.applying.stories
    if stories:
        out += [f"{h2} What trying it did", "", *(f"> {inline(s)}\n" for s in stories)]
    if report.most_tried:
        out += [f"{h2} Most tried from what was shared", ""]
        out += [
            f"- {inline(text)} (tried by {tried}, worked for {worked})"
            for text, tried, worked in report.most_tried
        ]
        out.append("")
    firsts = recognition(report)
    if firsts:
        out += [f"{h2} Recognition", ""]
        out += [f"- {label}: {', '.join(inline(n) for n in names)}" for label, names in firsts]
        out.append("")
    if report.inactive:
        out += [
            f"{h2} Who to invite back",
            "",
            inactive_sentence(report) + ", ".join(inline(n) for n in report.inactive),
            "",
        ]
    done = sum(line.done for line in report.checklist)
    out += [f"{h2} Launch checklist ({done} of {len(report.checklist)})", ""]
    out += [
        f"- [{'x' if line.done else ' '}] {inline(line.label)}: {inline(line.evidence)}"
        for line in report.checklist
    ]
    out.append("")
    return out


def trends(report: InsightReport) -> list[tuple[str, str, str]]:
    """(name, sparkline, the figures) for attendance, presenters, follow-through and the
    pulse (its bars scaled from 1 to 5)."""
    points = report.sessions
    rates = [p.follow_through for p in points]
    pulses = [p.pulse_average for p in points]
    return [
        ("Attendance", sparkline([p.people for p in points]), _listed(p.people for p in points)),
        (
            "Presenters",
            sparkline([p.presenters for p in points]),
            _listed(p.presenters for p in points),
        ),
        (
            "Follow-through",
            sparkline(rates, top=1.0),
            ", ".join("—" if r is None else f"{r:.0%}" for r in rates),
        ),
        (
            "Pulse",
            sparkline([None if a is None else a - 1 for a in pulses], top=4.0),
            ", ".join(pulse_point(p) for p in points),
        ),
    ]


def _listed(values) -> str:
    return ", ".join(str(v) for v in values)
