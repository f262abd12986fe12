"""A ChatMessage as what a Slack incoming webhook takes: a `text` fallback (the
notification, and what clients without blocks show) and Block Kit blocks.

Slack's limits are kept by construction: a header's text is at most 150 characters, a
section's at most 3,000 (long sections and long lines are split, never cut), a message at
most 50 blocks (a longer summary goes out as several messages, each saying which part it
is). The user's text is escaped for mrkdwn (`&`, `<`, `>`), so `<!channel>` or a link
written in a takeaway arrives as the text it is, never as a mention or a link."""

from __future__ import annotations

from exporters.chat_message import ChatMessage

MAX_BLOCKS = 50
MAX_SECTION = 3000
MAX_HEADER = 150


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def payloads(message: ChatMessage) -> list[dict]:
    """One payload per message to send, in order."""
    blocks = _body_blocks(message)
    per_message = MAX_BLOCKS - 1  # each message starts with its header
    groups = [blocks[i : i + per_message] for i in range(0, len(blocks), per_message)]
    out = []
    for number, group in enumerate(groups, 1):
        part = f" ({number} of {len(groups)})" if len(groups) > 1 else ""
        title = _header_text(message.title, part)
        fallback = escape(f"{title}\n{message.summary}")
        header = {"type": "header", "text": {"type": "plain_text", "text": title}}
        out.append({"text": fallback, "blocks": [header, *group], "unfurl_links": False})
    return out


def _header_text(title: str, part: str) -> str:
    room = MAX_HEADER - len(part)
    shown = title if len(title) <= room else title[: room - 1] + "…"
    return shown + part


def _body_blocks(message: ChatMessage) -> list[dict]:
    blocks: list[dict] = [_context(message.summary)]
    for section in message.sections:
        lines = [escape(line) for line in section.lines]
        if section.heading:
            lines.insert(0, f"*{escape(section.heading)}*")
        blocks += [_section(text) for text in _chunks(lines)]
    for link in message.links:
        blocks.append(_section(f"<{_link_url(link.url)}|{escape(link.label)}>"))
    return blocks


def _context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _pieces(escape(text))[0]}]}


def _section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _chunks(lines: list[str]) -> list[str]:
    """The lines (already escaped) joined into texts of at most MAX_SECTION characters,
    breaking between lines, and inside a line only when it alone is longer."""
    out: list[str] = []
    current = ""
    for line in lines:
        for piece in _pieces(line):
            joined = f"{current}\n{piece}" if current else piece
            if len(joined) <= MAX_SECTION:
                current = joined
            else:
                out.append(current)
                current = piece
    if current:
        out.append(current)
    return out


def _pieces(escaped: str) -> list[str]:
    """An escaped line in pieces of at most MAX_SECTION characters, never splitting an
    entity such as `&amp;` in two."""
    pieces = []
    while len(escaped) > MAX_SECTION:
        cut = MAX_SECTION
        entity = escaped.rfind("&", cut - 5, cut)
        if entity != -1 and ";" not in escaped[entity:cut]:
            cut = entity
        pieces.append(escaped[:cut])
        escaped = escaped[cut:]
    return [*pieces, escaped]


def _link_url(url: str) -> str:
    """A link's address inside `<url|label>`: `|` and `>` would end it early."""
    return escape(url).replace("|", "%7C")
