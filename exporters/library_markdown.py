"""The library as one Markdown document: front matter, then entries by kind and tag.

User text goes through the session exporter's escaping (exporters.markdown), so nothing a
person typed becomes Markdown syntax; an entry's lines stay lines.
"""

from __future__ import annotations

import yaml

from exporters.library_groups import groups, provenance, title
from exporters.markdown import escape, heading, inline
from exporters.text import one_line
from facilitator.domain import LibraryDocument


def render(document: LibraryDocument) -> str:
    front = {
        "title": one_line(title(document)),
        "generated": document.generated_on.isoformat(),
        "entries": len(document.entries),
        "kind": str(document.kind) if document.kind else None,
        "status": str(document.status) if document.status else None,
    }
    out = [
        "---",
        yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1_000_000).rstrip(),
        "---",
        "",
        f"# {heading(title(document))}",
        "",
    ]
    if not document.entries:
        out += ["Nothing in the library yet.", ""]
    for kind, tags in groups(document.entries):
        out += [f"## {kind}", ""]
        for tag, entries in tags:
            out += [f"### {heading(tag)}", ""]
            for entry in entries:
                if entry.curation:  # an uncurated entry has no title beyond its text
                    out += [f"#### {heading(entry.curation.title)}", ""]
                out += [inline(entry.text), ""]
                out += [f"*{inline(provenance(entry))}*", ""]
                if entry.curation and entry.curation.tags:
                    out += ["Tags: " + ", ".join(escape(t) for t in entry.curation.tags), ""]
                out += [f"- “{inline(note)}”" for note in entry.notes]
                if entry.notes:
                    out.append("")
    return "\n".join(out).rstrip() + "\n"
