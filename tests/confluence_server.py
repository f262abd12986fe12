"""A Confluence stand-in on 127.0.0.1 that behaves like the real one where publishing cares.

It keeps pages with versions per space, enforces unique titles per space and optimistic
versions (an update must be version N+1), checks credentials the way Cloud (Basic e-mail +
API token) or Data Center (Bearer personal access token) does, can inject faults, and
validates every request it receives against Atlassian's OpenAPI description of the v1 API.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import yaml

SPEC = Path(__file__).parent / "reference" / "confluence-cloud-rest-v1.openapi.yml"
SPEC_V2 = Path(__file__).parent / "reference" / "confluence-cloud-rest-v2.openapi.json"
CLOUD_PREFIX = "/wiki/rest/api"
CLOUD_V2_PREFIX = "/wiki/api/v2"
CENTER_PREFIX = "/rest/api"
PARENT_ID = "1000"
SPACE_ID = "98304"
"""The numeric id Cloud's v2 API knows the space AI by."""


@cache
def openapi():
    """Atlassian's v1 description, with its known defects fixed in memory (see README)."""
    from openapi_core import Config, OpenAPI

    spec = yaml.load(SPEC.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    spec["servers"] = [{"url": "https://{site}", "variables": {"site": {"default": "x.test"}}}]

    def move_enums(node):
        if isinstance(node, dict):
            if node.get("type") == "array" and "enum" in node:
                node.setdefault("items", {})["enum"] = node.pop("enum")
            for value in node.values():
                move_enums(value)
        elif isinstance(node, list):
            for value in node:
                move_enums(value)

    move_enums(spec)
    return OpenAPI.from_dict(spec, config=Config(spec_validator_cls=None))


@cache
def openapi_v2():
    """Atlassian's v2 description, the page body's ambiguous `oneOf` fixed in memory."""
    from openapi_core import Config, OpenAPI

    spec = json.loads(SPEC_V2.read_text(encoding="utf-8"))
    bodies = spec["components"]["requestBodies"]
    for name in ("PageCreateRequest", "PageUpdateRequest"):
        schema = bodies[name]["content"]["application/json"]["schema"]
        schema["properties"]["body"] = {"$ref": "#/components/schemas/PageBodyWrite"}
    spec["servers"] = [{"url": "https://x.test/wiki/api/v2"}]
    return OpenAPI.from_dict(spec, config=Config(spec_validator_cls=None))


@dataclass
class Fault:
    """Answer the next matching request with this status (or hang for `hang` seconds)."""

    status: int = 500
    method: str | None = None
    headers: dict = field(default_factory=dict)
    body: object = field(default_factory=dict)
    hang: float = 0.0
    raw: bytes | None = None
    """Bytes to answer with instead of `body` as JSON (a broken answer)."""
    echo: bool = False
    """Put the request's headers (the credential among them) into the answer's message."""
    trickle: float = 0.0
    """Send the answer one byte every this many seconds (headers at once)."""


@dataclass
class Received:
    method: str
    path: str
    headers: dict
    body: object


class FakeConfluence:
    def __init__(self, deployment: str = "cloud", email: str = "ana@example.com", token="t0k3n"):
        self.deployment = deployment
        self.email = email
        self.token = token
        self.prefix = CLOUD_PREFIX if deployment == "cloud" else CENTER_PREFIX
        self.spaces = {"AI"}
        self.pages: dict[str, dict] = {
            PARENT_ID: {
                "id": PARENT_ID,
                "title": "Community notes",
                "space": "AI",
                "body": "",
                "version": 1,
                "labels": [],
                "ancestors": [],
            }
        }
        self.next_id = 2000
        self.faults: list[Fault] = []
        self.received: list[Received] = []
        self.violations: list[str] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address
        base = f"http://{host}:{port}"
        return f"{base}/wiki" if self.deployment == "cloud" else base

    def __enter__(self) -> FakeConfluence:
        # Read Atlassian's description before serving, not inside the first request: on a
        # busy machine parsing it took longer than the client waits for an answer.
        openapi()
        openapi_v2()
        self.thread.start()
        return self

    def __exit__(self, *_) -> None:
        self.server.shutdown()
        self.server.server_close()

    # What the handler does

    def _authorised(self, header: str | None) -> bool:
        if self.deployment == "cloud":
            pair = f"{self.email}:{self.token}".encode()
            return header == "Basic " + base64.b64encode(pair).decode("ascii")
        return header == f"Bearer {self.token}"

    def _validate(self, method: str, path: str, query: str, headers: dict, raw: bytes) -> None:
        from openapi_core.testing import MockRequest

        spec_path = path if self.deployment == "cloud" else "/wiki" + path
        args = {k: v[0] for k, v in parse_qs(query).items()}
        described = openapi()
        if path.startswith(CLOUD_V2_PREFIX):
            described = openapi_v2()
        if self.deployment == "cloud" and path.startswith(CLOUD_PREFIX + "/content"):
            parts = path.removeprefix(CLOUD_PREFIX).strip("/").split("/")
            if parts[-1] != "label":  # Cloud pages go through v2; only labels stay on v1
                self.violations.append(f"{method} {path}: the deprecated v1 content API")
        request = MockRequest(
            "https://x.test",
            method.lower(),
            spec_path,
            args=args,
            data=raw or None,
            headers=headers,
            content_type=headers.get("Content-Type") or "application/json",
        )
        result = described.unmarshal_request(request)
        for error in result.errors:
            cause = getattr(error, "__cause__", None)
            self.violations.append(f"{method} {path}: {error!r} {cause!r}")
        if self.deployment == "cloud" and "basicAuth" not in (result.security or {}):
            self.violations.append(f"{method} {path}: no basicAuth")

    def _page_json(self, page: dict) -> dict:
        return {
            "id": page["id"],
            "type": "page",
            "status": "current",
            "title": page["title"],
            "space": {"key": page["space"]},
            "version": {"number": page["version"]},
            "_links": {"base": self.url, "webui": f"/spaces/{page['space']}/pages/{page['id']}"},
        }

    def _page_json_v2(self, page: dict) -> dict:
        return {
            "id": page["id"],
            "status": "current",
            "title": page["title"],
            "spaceId": SPACE_ID,
            "parentId": (page["ancestors"] or [None])[-1],
            "version": {"number": page["version"]},
            "body": {"storage": {"value": page["body"], "representation": "storage"}},
            "_links": {
                "base": self.url,
                "webui": f"/spaces/{page['space']}/pages/{page['id']}",
            },
        }

    def handle_v2(self, method: str, path: str, query: str, body) -> tuple[int, object]:
        parts = path.removeprefix(CLOUD_V2_PREFIX).strip("/").split("/")
        if parts == ["spaces"] and method == "GET":
            keys = parse_qs(query).get("keys", [""])[0].split(",")
            found = [{"id": SPACE_ID, "key": k, "name": k} for k in keys if k in self.spaces]
            return 200, {"results": found, "_links": {}}
        if parts == ["pages"] and method == "POST":
            if body.get("spaceId") != SPACE_ID:
                return 404, {"errors": [{"status": 404, "title": "space not found"}]}
            v1 = {
                "title": body["title"],
                "space": {"key": "AI"},
                "body": {"storage": body["body"]},
                "ancestors": [{"id": body["parentId"]}] if body.get("parentId") else [],
            }
            status, answer = self._create(v1)
            if status != 200:
                return status, answer
            return 200, self._page_json_v2(self.pages[answer["id"]])
        if len(parts) == 2 and parts[0] == "pages":
            page = self.pages.get(parts[1])
            if page is None:
                return 404, {"errors": [{"status": 404, "title": "Not Found"}]}
            if method == "GET":
                return 200, self._page_json_v2(page)
            if method == "PUT":
                v1 = {"title": body["title"], "body": {"storage": body["body"]}}
                v1["version"] = body["version"]
                status, answer = self._update(page, v1)
                return (200, self._page_json_v2(page)) if status == 200 else (status, answer)
        return 404, {"message": f"no route {method} {path}"}

    def _title_taken(self, space: str, title: str, other_than: str | None = None) -> bool:
        return any(
            p["space"] == space and p["title"] == title and p["id"] != other_than
            for p in self.pages.values()
        )

    def handle(self, method: str, path: str, body) -> tuple[int, object]:
        parts = path.removeprefix(self.prefix).strip("/").split("/")
        if parts == ["content"] and method == "POST":
            return self._create(body)
        if len(parts) == 2 and parts[0] == "content":
            page = self.pages.get(parts[1])
            if page is None:
                return 404, {"message": f"No content found with id: {parts[1]}"}
            if method == "GET":
                return 200, self._page_json(page)
            if method == "PUT":
                return self._update(page, body)
        if len(parts) == 3 and parts[0] == "content" and parts[2] == "label" and method == "POST":
            page = self.pages.get(parts[1])
            if page is None:
                return 404, {"message": "No content found"}
            for label in body:
                if label["name"] not in page["labels"]:
                    page["labels"].append(label["name"])
            return 200, {"results": [{"prefix": "global", "name": n} for n in page["labels"]]}
        return 404, {"message": f"no route {method} {path}"}

    def _create(self, body: dict) -> tuple[int, object]:
        space = body["space"]["key"]
        if space not in self.spaces:
            return 404, {"message": f"No space with key : {space}"}
        ancestors = [a["id"] for a in body.get("ancestors", [])]
        if any(a not in self.pages for a in ancestors):
            return 404, {"message": "Could not find the parent page"}
        if self._title_taken(space, body["title"]):
            return 400, {
                "message": "A page with this title already exists: A page already exists with "
                f"the title {body['title']} in this space"
            }
        page_id = str(self.next_id)
        self.next_id += 1
        self.pages[page_id] = {
            "id": page_id,
            "title": body["title"],
            "space": space,
            "body": body["body"]["storage"]["value"],
            "version": 1,
            "labels": [],
            "ancestors": ancestors,
        }
        return 200, self._page_json(self.pages[page_id])

    def _update(self, page: dict, body: dict) -> tuple[int, object]:
        wanted = body["version"]["number"]
        if wanted != page["version"] + 1:
            return 409, {
                "message": f"Version must be incremented on update. Current version is: "
                f"{page['version']}"
            }
        if self._title_taken(page["space"], body["title"], other_than=page["id"]):
            return 400, {"message": "A page with this title already exists"}
        page.update(title=body["title"], body=body["body"]["storage"]["value"], version=wanted)
        return 200, self._page_json(page)

    def edit_in_browser(self, page_id: str) -> None:
        """Someone edits the page in Confluence: a new version cop did not write."""
        self.pages[page_id]["version"] += 1
        self.pages[page_id]["body"] += "<p>edited by hand</p>"

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_):
                pass

            def _serve(self, method: str) -> None:
                split = urlsplit(self.path)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = dict(self.headers)
                body = json.loads(raw) if raw else None
                with fake.lock:
                    fake.received.append(Received(method, split.path, headers, body))
                    fake._validate(method, split.path, split.query, headers, raw)
                    fault = next((f for f in fake.faults if f.method in (None, method)), None)
                    if fault is not None:
                        fake.faults.remove(fault)
                if fault is not None and fault.hang:
                    time.sleep(fault.hang)
                    return
                if fault is not None and fault.echo:
                    self._answer(fault.status, {"message": f"bad request {headers}"})
                    return
                if fault is not None and fault.trickle:
                    self._trickle(fault)
                    return
                if fault is not None:
                    self._answer(fault.status, fault.body, fault.headers, fault.raw)
                    return
                v2 = fake.deployment == "cloud" and split.path.startswith(CLOUD_V2_PREFIX)
                if not (v2 or split.path.startswith(fake.prefix)):
                    self._answer(404, {"message": "not here"})
                    return
                if not fake._authorised(headers.get("Authorization")):
                    self._answer(401, {"message": "Unauthorized; scope does not match"})
                    return
                with fake.lock:
                    if v2:
                        status, answer = fake.handle_v2(method, split.path, split.query, body)
                    else:
                        status, answer = fake.handle(method, split.path, body)
                self._answer(status, answer)

            def _answer(
                self, status: int, body: object, headers: dict | None = None, raw=None
            ) -> None:
                data = json.dumps(body).encode() if raw is None else raw
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def _trickle(self, fault: Fault) -> None:
                data = json.dumps(fault.body).encode().ljust(200)
                self.send_response(fault.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    for byte in data:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(fault.trickle)
                except OSError:  # the client gave up, as it should
                    return

            def do_GET(self):
                self._serve("GET")

            def do_POST(self):
                self._serve("POST")

            def do_PUT(self):
                self._serve("PUT")

        return Handler
