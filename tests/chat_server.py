"""A chat service stand-in on 127.0.0.1 that takes both webhook kinds and checks every
payload the way the real services would refuse it.

`/slack/…` is a Slack incoming webhook: the payload is `text` plus Block Kit blocks, each
block parsed by slack_sdk's block models (which enforce Slack's field limits), at most
50 blocks, sections of at most 3,000 characters. `/teams/…` is a Teams Workflows webhook:
a message with one Adaptive Card attachment, validated against Microsoft's Adaptive Card
1.5 JSON Schema (tests/reference). Faults are injected as for the Confluence stand-in."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SCHEMA = Path(__file__).parent / "reference" / "adaptive-card-1.5.schema.json"
SLACK_KEYS = {"text", "blocks", "unfurl_links"}
MAX_TEAMS_BYTES = 28 * 1024


@cache
def card_validator():
    import jsonschema

    return jsonschema.Draft6Validator(json.loads(SCHEMA.read_text(encoding="utf-8")))


def slack_problems(payload: object) -> list[str]:
    from slack_sdk.errors import SlackObjectFormationError
    from slack_sdk.models.blocks import Block

    if not isinstance(payload, dict) or set(payload) - SLACK_KEYS:
        return [f"not a Slack message: {str(payload)[:100]}"]
    problems = []
    text, blocks = payload.get("text"), payload.get("blocks") or []
    if not isinstance(text, str) or not text or len(text) > 40_000:
        problems.append("no usable `text` fallback")
    if len(blocks) > 50:
        problems.append(f"{len(blocks)} blocks (at most 50)")
    for block in blocks:
        try:
            parsed = Block.parse(block)
            if parsed is None:
                raise SlackObjectFormationError(f"unknown block {block}")
            if parsed.to_dict() != block:
                problems.append(f"block changed when parsed: {block}")
        except SlackObjectFormationError as error:
            problems.append(f"invalid block: {error}")
        if block.get("type") == "section" and len(block["text"]["text"]) > 3000:
            problems.append("a section over 3,000 characters")
    return problems


def teams_problems(payload: object, size: int) -> list[str]:
    if size > MAX_TEAMS_BYTES:
        return [f"{size} bytes: more than Teams takes"]
    if not isinstance(payload, dict) or payload.get("type") != "message":
        return ["not a message"]
    attachments = payload.get("attachments")
    if not isinstance(attachments, list) or len(attachments) != 1:
        return ["not exactly one attachment"]
    attachment = attachments[0]
    if attachment.get("contentType") != "application/vnd.microsoft.card.adaptive":
        return ["not an Adaptive Card"]
    card = attachment.get("content")
    problems = [error.message[:300] for error in card_validator().iter_errors(card)]
    if isinstance(card, dict) and card.get("version") != "1.5":
        problems.append(f"version {card.get('version')}, not 1.5")
    return problems


@dataclass
class Fault:
    """Answer the next post with this status (or hang, or trickle, or redirect)."""

    status: int = 500
    headers: dict = field(default_factory=dict)
    body: bytes = b"server_error"
    hang: float = 0.0
    trickle: float = 0.0
    echo: bool = False
    """Put the request's own address into the answer (as a careless proxy would)."""


@dataclass
class Received:
    kind: str
    path: str
    payload: object


class FakeChat:
    def __init__(self) -> None:
        self.faults: list[Fault] = []
        self.received: list[Received] = []
        self.violations: list[str] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, kind: str, secret: str = "T0001/B0002/XyZsecretTokenAbCd") -> str:
        host, port = self.server.server_address
        return f"http://{host}:{port}/{kind}/{secret}"

    def __enter__(self) -> FakeChat:
        card_validator()  # read the schema before serving
        self.thread.start()
        return self

    def __exit__(self, *_) -> None:
        self.server.shutdown()
        self.server.server_close()

    def taken(self, kind: str | None = None) -> list[object]:
        """The payloads the service took (faults excluded)."""
        return [r.payload for r in self.received if kind in (None, r.kind)]

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_):
                pass

            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                kind = self.path.strip("/").split("/")[0]
                try:
                    payload = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    payload = None
                with fake.lock:
                    fault = fake.faults.pop(0) if fake.faults else None
                    kind_of = (self.headers.get("Content-Type") or "").split(";")[0].strip()
                    if fault is None and kind_of != "application/json":
                        fake.violations.append(f"Content-Type {kind_of!r}, not JSON")
                if fault is not None:
                    self._fault(fault)
                    return
                if kind == "slack":
                    problems = slack_problems(payload)
                elif kind == "teams":
                    problems = teams_problems(payload, len(raw))
                else:
                    self._answer(404, b"no_service")
                    return
                with fake.lock:
                    fake.violations += [f"{kind}: {p}" for p in problems]
                    if problems:
                        self._answer(400, b"invalid_payload")
                        return
                    fake.received.append(Received(kind, self.path, payload))
                self._answer(200, b"ok") if kind == "slack" else self._answer(202, b"")

            def _fault(self, fault: Fault) -> None:
                if fault.hang:
                    time.sleep(fault.hang)
                    return
                body = f"{fault.body.decode()} {self.path}".encode() if fault.echo else fault.body
                if fault.trickle:
                    self.send_response(fault.status)
                    self.send_header("Content-Length", str(len(body.ljust(200))))
                    self.end_headers()
                    try:
                        for byte in body.ljust(200):
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(fault.trickle)
                    except OSError:  # the client gave up, as it should
                        pass
                    return
                self._answer(fault.status, body, fault.headers)

            def _answer(self, status: int, body: bytes, headers: dict | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

        return Handler
