"""The library as one Confluence page in storage format: a heading per kind and tag, each
entry's text in an expand macro when it is long, so the page stays scannable."""

from __future__ import annotations

from exporters.confluence import macro, text
from exporters.library_groups import groups, provenance, title
from facilitator.domain import LibraryDocument

LONG = 300
"""Characters beyond which an entry's text folds into an expand macro."""


def render(document: LibraryDocument) -> str:
    out = [f"<p>{text(f'{len(document.entries)} entries, {document.generated_on:%Y-%m-%d}.')}</p>"]
    if not document.entries:
        out.append(f"<p>{text('Nothing in the library yet.')}</p>")
    for kind, tags in groups(document.entries):
        out.append(f"<h2>{text(kind)}</h2>")
        for tag, entries in tags:
            out.append(f"<h3>{text(tag)}</h3>")
            for entry in entries:
                if entry.curation:  # an uncurated entry has no title beyond its text
                    out.append(f"<h4>{text(entry.curation.title)}</h4>")
                body = f"<p>{text(entry.text)}</p>"
                if len(entry.text) > LONG:
                    body = macro("expand", {"title": "The whole entry"}, body)
                out.append(body)
                out.append(f"<p><em>{text(provenance(entry))}</em></p>")
                if entry.notes:
                    items = "".join(f"<li>{text(note)}</li>" for note in entry.notes)
                    out.append(f"<ul>{items}</ul>")
    return "".join(out)


def page_title(document: LibraryDocument) -> str:
    return title(document)
