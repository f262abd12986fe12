"""A ChatMessage as what a Microsoft Teams Workflows webhook takes ("Post to a channel when
a webhook request is received"): an Adaptive Card, version 1.5, wrapped as a message with
one attachment. Office 365 connectors, which took MessageCards, were retired in 2025.

Every text of the card is a TextRun in a RichTextBlock, which Adaptive Cards never read as
markdown (a TextBlock would, and backslash escapes are not rendered alike by every Teams
client), so `**`, `[x](y)` or `<at>` in what members typed arrive as the text they are.
A card larger than Teams takes (about 28 KB) is split into several messages."""

from __future__ import annotations

import json

from exporters.chat_message import ChatMessage

CARD_VERSION = "1.5"
MAX_CARD_BYTES = 20_000
"""Below Teams' limit on a message (about 28 KB) with room for the wrapping."""
CARD_TYPE = "application/vnd.microsoft.card.adaptive"


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
        title = _run(message.title + part, size="Large", weight="Bolder")
        card = {
            "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
            "type": "AdaptiveCard",
            "version": CARD_VERSION,
            "fallbackText": f"{message.title}{part}\n{message.summary}",
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
    elements = [_run(message.summary, spacing="None", isSubtle=True)]
    for section in message.sections:
        if section.heading:
            elements.append(_run(section.heading, spacing="Medium", weight="Bolder"))
        for index, line in enumerate(section.lines):
            elements.append(_run(line, spacing="Small") if index else _run(line))
    return elements


def _run(text: str, spacing: str | None = None, **style: object) -> dict:
    """One paragraph of text, never read as markdown; `style` is the TextRun's."""
    block: dict = {"type": "RichTextBlock", "inlines": [{"type": "TextRun", "text": text, **style}]}
    if spacing:
        block["spacing"] = spacing
    return block
