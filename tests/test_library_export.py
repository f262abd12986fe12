"""The library as one document: golden files for Markdown and Confluence, and the command."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, example, given, settings
from markdown_it import MarkdownIt
from test_exporters import USER_TEXT, inline_text, text_with_breaks

from exporters import library_confluence, library_markdown
from exporters.text import lines, one_line
from facilitator.domain import Curation, LibraryDocument, LibraryEntry
from facilitator.vocabulary import LibraryStatus, TakeawayKind

GOLDEN = Path(__file__).parent / "golden"
LONG_PROMPT = (
    "You are a careful reviewer.\n"
    "Read the plan below and list the three riskiest assumptions, each with one question "
    "that would test it cheaply. Then suggest the first experiment to run this week, with "
    "what result would change your mind. Keep it under 200 words; use [brackets] for "
    "anything you had to guess, and never invent numbers."
)


def entry(n: int, kind: TakeawayKind, text: str, **fields) -> LibraryEntry:
    defaults = dict(
        id=f"{n:032x}",
        kind=kind,
        text=text,
        author="Ana Lima",
        department="Engineering",
        community="AI Circle",
        session_id="s" * 32,
        session_day=date(2026, 11, 19 - n),
        topic="Measuring time saved",
        tried=0,
        worked=0,
        notes=(),
        matched=(),
        curation=None,
    )
    return LibraryEntry(**{**defaults, **fields})


def document() -> LibraryDocument:
    return LibraryDocument(
        community="AI Circle",
        generated_on=date(2026, 11, 22),
        entries=[
            entry(
                1,
                TakeawayKind.PROMPT,
                LONG_PROMPT,
                tried=3,
                worked=2,
                notes=("Saved an hour on the *Q3* plan", "<b>too</b> long for emails"),
                curation=Curation(
                    title="Riskiest assumptions first",
                    tags=("review", "planning"),
                    tool="ChatGPT",
                    model="gpt-5",
                    owner="Chen Wei",
                    status=LibraryStatus.IN_DAILY_USE,
                    verified_at=datetime(2026, 11, 1, 9, 0, tzinfo=UTC),
                    verified_by="Ana Lima",
                ),
            ),
            entry(2, TakeawayKind.TIP, "# Not a heading: paste the style guide once", author=None),
            entry(3, TakeawayKind.RISK, "Never paste customer data & IDs into a chat"),
        ],
    )


RENDERINGS = {
    "library.md": library_markdown.render,
    "library.storage.xml": library_confluence.render,
}


@pytest.mark.parametrize("name", list(RENDERINGS))
def test_golden_files(name):
    """Set COP_UPDATE_GOLDEN=1 to rewrite them on purpose, then review the diff."""
    rendered = RENDERINGS[name](document())
    path = GOLDEN / name
    if os.environ.get("COP_UPDATE_GOLDEN"):
        path.write_text(rendered, encoding="utf-8")
    assert rendered == path.read_text(encoding="utf-8")


def test_the_markdown_has_front_matter_and_keeps_user_text_as_text():
    rendered = library_markdown.render(document())
    front = yaml.safe_load(rendered.split("---\n")[1])
    assert front == {
        "title": "AI Circle — Library",
        "generated": "2026-11-22",
        "entries": 3,
        "kind": None,
        "status": None,
    }
    assert "\\# Not a heading" in rendered and "\\*Q3\\*" in rendered
    assert rendered.index("## Tips") < rendered.index("## Prompts") < rendered.index("## Risks")
    assert "- “Saved an hour on the \\*Q3\\* plan”" in rendered


def test_the_confluence_page_is_well_formed_and_folds_long_entries():
    rendered = library_confluence.render(document())
    root = ET.fromstring(
        '<root xmlns:ac="http://atlassian.com/content" '
        f'xmlns:ri="http://atlassian.com/resource/identifier">{rendered}</root>'
    )
    expands = root.findall(".//{http://atlassian.com/content}structured-macro")
    assert [m.get("{http://atlassian.com/content}name") for m in expands] == ["expand"]
    assert "&lt;b&gt;too&lt;/b&gt;" in rendered and "&amp; IDs" in rendered


def test_the_command_writes_the_document(cop, db, tmp_path):
    from facilitator.services.demo import load_demo

    from conftest import FROZEN_NOW

    load_demo(db, FROZEN_NOW)
    target = tmp_path / "library.md"
    done = cop("library", "export", "-o", str(target), "--kind", "prompt")
    assert done.code == 0, done.err
    text = target.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: AI Practice Circle — Library\n")
    assert "## Prompts" in text and "## Tips" not in text
    again = cop("library", "export", "-o", str(target), "--kind", "prompt")
    assert "Already up to date" in again.out
    bad = cop("library", "export", "-f", "pdf")
    assert bad.code == 2 and "choose markdown or confluence" in bad.err
    xml = cop("library", "export", "-f", "confluence")
    assert xml.out.startswith("<p>") and "<h2>Prompts</h2>" in xml.out


def _curated(text: str) -> LibraryDocument:
    one = one_line(text)
    curation = Curation(
        title=one,
        tags=(one,),
        tool=None,
        model=None,
        owner=None,
        status=LibraryStatus.REVIEWED,
        verified_at=None,
        verified_by=None,
    )
    return LibraryDocument(
        community="AI Circle",
        generated_on=date(2026, 11, 22),
        entries=[entry(1, TakeawayKind.PROMPT, text, notes=(one,), curation=curation)],
    )


@settings(max_examples=120, deadline=None)
@given(USER_TEXT)
@example("C# tips # ")  # a heading's closing run of # is dropped unless escaped
def test_the_library_keeps_any_tag_title_and_note_as_text(text):
    """Parsed back by real parsers (markdown-it, an XML parser), the tag heading, the title
    and the note read exactly as typed, whatever characters they hold."""
    one = one_line(text)
    assume(one.strip() and lines(text))
    document = _curated(text)
    body = library_markdown.render(document).split("---\n", 2)[2]
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    assert not [t for t in tokens if t.type.startswith("html")]
    headings = {
        tokens[i].tag: inline_text(tokens[i + 1])
        for i, t in enumerate(tokens)
        if t.type == "heading_open"
    }
    assert headings["h3"] == one and headings["h4"] == one
    page = ET.fromstring(
        '<root xmlns:ac="http://atlassian.com/content" '
        f'xmlns:ri="http://atlassian.com/resource/identifier">'
        f"{library_confluence.render(document)}</root>"
    )
    assert text_with_breaks(page.find("h3")) == one
    assert text_with_breaks(page.find("h4")) == one
    assert text_with_breaks(page.find("ul/li")) == one
