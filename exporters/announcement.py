"""The call for talks as text to paste into a chat or a mailing list, plain or Markdown.

When the queue is empty it asks for a talk and gives the exact command to sign up, so
nobody has to look up how."""

from __future__ import annotations

import shlex
from datetime import timedelta

from exporters.markdown import inline
from facilitator.announcement_data import Announcement


def plain(a: Announcement) -> str:
    lines = [f"{a.community} — next session", "", f"When:  {when(a)}"]
    lines += [f"Topic: {a.topic or 'to be announced'}", f"Host:  {a.host or 'to be announced'}"]
    lines += ["", "Agenda: " + " · ".join(f"{name} {m} min" for name, m in a.agenda), ""]
    if a.talks:
        lines.append(f"Lightning talks ({len(a.talks)}):")
        lines += [
            f"  {i}. {who} — {title} ({m} min)" for i, (who, title, m) in enumerate(a.talks, 1)
        ]
    else:
        lines += [
            "No lightning talk yet. Five minutes on something you tried is enough. Sign up with:",
            f"  {sign_up(a)}",
        ]
    lines += ["", *_topics_plain(a)]
    if a.due:
        lines += ["", "Due at this session (bring how it went):"]
        lines += [f"  - {who}: {what}" for who, what in a.due]
    return "\n".join(lines) + "\n"


def _topics_plain(a: Announcement) -> list[str]:
    if not a.topics:
        return ["No topic for Dialogue yet. Propose one with:", f"  {propose(a)}"]
    lines = [f"Topics for Dialogue ({len(a.topics)}):"]
    lines += [f"  - {text}{_by(by)}" for text, by, _ in a.topics]
    return [*lines, f"Propose another with: {propose(a)}"]


def _by(by: str | None) -> str:
    return f" ({by})" if by else ""


def propose(a: Announcement) -> str:
    return f'cop topic add "Your topic" --session {a.day.isoformat()}' + (
        f" --community {shlex.quote(a.community)}" if a.community else ""
    )


def markdown(a: Announcement) -> str:
    lines = [f"**{inline(a.community)} — next session**", ""]
    lines += [f"- **When:** {when(a)}"]
    lines += [f"- **Topic:** {inline(a.topic or 'to be announced')}"]
    lines += [f"- **Host:** {inline(a.host or 'to be announced')}"]
    lines += ["- **Agenda:** " + " · ".join(f"{name} {m} min" for name, m in a.agenda), ""]
    if a.talks:
        lines.append(f"**Lightning talks ({len(a.talks)})**")
        lines.append("")
        lines += [
            f"{i}. {inline(who)} — {inline(title)} ({m} min)"
            for i, (who, title, m) in enumerate(a.talks, 1)
        ]
    else:
        lines += [
            "**No lightning talk yet.** Five minutes on something you tried is enough. "
            "Sign up with:",
            "",
            f"`{sign_up(a)}`",
        ]
    if a.topics:
        lines += ["", f"**Topics for Dialogue ({len(a.topics)})**", ""]
        lines += [
            f"- {inline(text)}" + (f" ({inline(by)})" if by else "") for text, by, _ in a.topics
        ]
        lines += ["", f"Propose another with: `{propose(a)}`"]
    else:
        lines += ["", "**No topic for Dialogue yet.** Propose one with:", "", f"`{propose(a)}`"]
    if a.due:
        lines += ["", "**Due at this session** (bring how it went):", ""]
        lines += [f"- {inline(who)}: {inline(what)}" for who, what in a.due]
    return "\n".join(lines) + "\n"


def sign_up(a: Announcement) -> str:
    return f'cop talk add "Your Name" "Your title" --date {a.day.isoformat()}' + (
        f" --community {shlex.quote(a.community)}" if a.community else ""
    )


def when(a: Announcement) -> str:
    end = a.start + timedelta(minutes=a.minutes)
    utc, utc_end = a.start_utc, a.start_utc + timedelta(minutes=a.minutes)
    return (
        f"{a.start:%A %d %B %Y}, {a.start:%H:%M}–{end:%H:%M} {a.timezone} "
        f"({utc:%H:%M}–{utc_end:%H:%M} UTC)"
    )
