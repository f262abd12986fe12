"""A ChatMessage as what a Microsoft Teams Workflows webhook takes ("Post to a channel when
a webhook request is received"): an Adaptive Card, version 1.5, wrapped as a message with
one attachment. Office 365 connectors, which took MessageCards, were retired in 2025.

The card's own words (title, summary, headings) are TextBlocks with Adaptive Card
markdown escaped; every line of the user's text is a TextRun in a RichTextBlock, which
Adaptive Cards never read as markdown, so `**`, `[x](y)` or `<at>` arrive as the text they
are. A card larger than Teams takes (about 28 KB) is split into several messages."""

from __future__ import annotations

import json
import re

from exporters.chat_message import ChatMessage

CARD_VERSION = "1.5"
MAX_CARD_BYTES = 20_000
"""Below Teams' limit on a message (about 28 KB) with room for the wrapping."""
CARD_TYPE = "application/vnd.microsoft.card.adaptive"

_SPECIAL = re.compile(r"([\\`*_~\[\]()#<>!|{}])")
_LIST_START = re.compile(r"^(\s*)([-+]|\d+\.)(\s)")


def escape(text: str) -> str:
    """Text for a TextBlock: every markdown character escaped, and a line that would start
    a list kept as text."""
    text = _SPECIAL.sub(r"\\\1", text)
    return "\n".join(_LIST_START.sub(r"\1\\\2\3", line) for line in text.split("\n"))


def payloads(message: ChatMessage) -> list[dict]:
    """One payload per message to send, in order."""
    elements = _elements(message)
    groups: list[list[dict]] = [[]]
    size = 0
    for element in elements:
        length = len(json.dumps(element, ensure_ascii=False).encode("utf-8"))
        if groups[-1] and size + length > MAX_CARD_BYTES:
            groups.append([])
            size = 0
        groups[-1].append(element)
        size += length
    out = []
    for number, group in enumerate(groups, 1):
        part = f" ({number} of {len(groups)})" if len(groups) > 1 else ""
        title = _text(message.title + part, size="Large", weight="Bolder")
        card = {
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard",
            "version": CARD_VERSION,
            "fallbackText": escape(f"{message.title}{part}\n{message.summary}"),
            "body": [title, *group],
        }
        if number == len(groups) and message.links:
            card["actions"] = [
                {"type": "Action.OpenUrl", "title": link.label, "url": link.url}
                for link in message.links
            ]
        out.append(
            {
                "type": "message",
                "attachments": [{"contentType": CARD_TYPE, "contentUrl": None, "content": card}],
            }
        )
    return out


def _elements(message: ChatMessage) -> list[dict]:
    elements = [_text(message.summary, isSubtle=True, spacing="None")]
    for section in message.sections:
        if section.heading:
            elements.append(_text(section.heading, weight="Bolder", spacing="Medium"))
        for index, line in enumerate(section.lines):
            block: dict = {"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": line}]}
            if index:
                block["spacing"] = "Small"
            elements.append(block)
    return elements


def _text(text: str, **style: object) -> dict:
    return {"type": "TextBlock", "text": escape(text), "wrap": True, **style}
