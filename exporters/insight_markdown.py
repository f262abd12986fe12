"""The insights report as Markdown: a page a busy leader reads in two minutes.

Headline numbers beside the period before (▲ up, ▼ down), attendance per session as a
Unicode sparkline, the warning signs with their next steps, what people tried and what it
did for them, who spoke for the first time, and who to invite back. Deterministic: the same
report renders to the same bytes.
"""

from __future__ import annotations

import yaml

from exporters.insight_headlines import headlines
from exporters.markdown import cell, inline
from exporters.text import one_line
from facilitator.insight_report_data import InsightReport

BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[int]) -> str:
    """One block per value, scaled from zero to the largest."""
    top = max(values, default=0)
    if not top:
        return BARS[0] * len(values)
    return "".join(BARS[round(v / top * (len(BARS) - 1))] for v in values)


def render(report: InsightReport) -> str:
    now, before = report.period, report.before
    front = {
        "title": one_line(f"{report.community} — {now.label}"),
        "community": report.community,
        "from": report.first_day.isoformat(),
        "to": report.last_day.isoformat(),
        "generated": report.generated_on.isoformat(),
        "warnings": len(report.warnings),
    }
    out = [
        "---",
        yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1_000_000).rstrip(),
        "---",
        "",
        f"# {inline(report.community)} — {now.label}",
        "",
        "## Headlines",
        "",
        f"| | {now.label} | {before.label} | |",
        "|---|---|---|---|",
        *(f"| {cell(h.name)} | {h.now} | {h.before} | {h.trend} |" for h in headlines(now, before)),
        "",
    ]
    if report.turnout_by_session:
        counts = [people for _, people in report.turnout_by_session]
        days = ", ".join(f"{d:%d %b} {n}" for d, n in report.turnout_by_session)
        out += ["## Attendance by session", "", f"`{sparkline(counts)}` {days}", ""]
    out += ["## Warning signs", ""]
    if not report.warnings:
        out += ["None this period.", ""]
    for warning in report.warnings:
        out.append(f"- **{inline(warning.evidence)}**: {inline(warning.next_step)}")
    if report.warnings:
        out.append("")
    stories = now.applying.stories
    if stories:
        out += ["## What trying it did", "", *(f"> {inline(s)}\n" for s in stories)]
    if report.most_tried:
        out += ["## Most tried from what was shared", ""]
        out += [
            f"- {inline(text)} (tried by {tried}, worked for {worked})"
            for text, tried, worked in report.most_tried
        ]
        out.append("")
    firsts = [
        ("First talks", now.voices.first_time_presenters),
        ("Hosting for the first time", now.voices.first_time_hosts),
        ("New faces", now.newcomers.names),
    ]
    if any(names for _, names in firsts):
        out += ["## Recognition", ""]
        out += [
            f"- {label}: {', '.join(inline(n) for n in names)}" for label, names in firsts if names
        ]
        out.append("")
    if report.inactive:
        out += [
            "## Who to invite back",
            "",
            "Active members who missed the latest four sessions: "
            + ", ".join(inline(n) for n in report.inactive),
            "",
        ]
    return "\n".join(out).rstrip() + "\n"
