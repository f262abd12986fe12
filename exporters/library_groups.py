"""How both library documents are laid out: by kind (in the agenda's order of kinds), then
by tag (an entry appears under its first tag; untagged entries last), newest first."""

from __future__ import annotations

from collections import defaultdict

from facilitator.domain import LibraryDocument, LibraryEntry
from facilitator.report_data import KIND_TITLES
from facilitator.vocabulary import TakeawayKind

UNTAGGED = "Other"


def title(document: LibraryDocument) -> str:
    return f"{document.community} — Library"


def groups(
    entries: list[LibraryEntry],
) -> list[tuple[str, list[tuple[str, list[LibraryEntry]]]]]:
    """[(kind heading, [(tag heading, entries)])], kinds in order, tags alphabetically."""
    by_kind: dict[TakeawayKind, dict[str, list[LibraryEntry]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for entry in sorted(entries, key=lambda e: e.session_day, reverse=True):
        tags = entry.curation.tags if entry.curation else ()
        by_kind[entry.kind][tags[0] if tags else UNTAGGED].append(entry)
    laid_out = []
    for kind in TakeawayKind:
        if kind not in by_kind:
            continue
        tags = sorted(t for t in by_kind[kind] if t != UNTAGGED)
        if UNTAGGED in by_kind[kind]:
            tags.append(UNTAGGED)
        laid_out.append((KIND_TITLES[kind], [(t, by_kind[kind][t]) for t in tags]))
    return laid_out


def provenance(entry: LibraryEntry) -> str:
    """Where it came from and what came of it, in words."""
    parts = [f"{entry.session_day:%Y-%m-%d}"]
    if entry.topic:
        parts.append(entry.topic)
    if entry.author:
        parts.append(entry.author + (f" ({entry.department})" if entry.department else ""))
    if entry.tried:
        parts.append(f"tried by {entry.tried}, worked for {entry.worked}")
    if entry.curation:
        c = entry.curation
        parts.append(c.status.label)
        if c.tool or c.model:
            parts.append("tested with " + " / ".join(x for x in (c.tool, c.model) if x))
        if c.verified_at:
            parts.append(f"verified {c.verified_at:%Y-%m-%d}")
    return " · ".join(parts)
