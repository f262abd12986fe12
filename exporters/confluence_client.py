"""A small client for the Confluence REST API, Cloud and Data Center.

Only what publishing needs: read a page's version, create a page under a parent, update it
by id with the next version, add labels. Cloud's pages go through the v2 API
(`/wiki/api/v2/pages`, the space found by its key once); Atlassian is switching Cloud's v1
content API off. Data Center has only v1 (`/rest/api/content`); labels use v1 on both.

Every failure becomes a ConfluenceError whose message says what went wrong and what to do;
no form of the credential is ever part of one (`scrub`). 429 and 503 are retried a bounded
number of times after Retry-After; a 409 never is. Requests go through httpx, which follows
no redirect: a 3xx is refused, since following it would send the credential wherever it
points. Each request has a total deadline however slowly the server trickles its answer.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from exporters.http_send import (
    DEADLINE_SECONDS,
    TIMEOUT_SECONDS,
    Remote,
    send_patiently,
)
from facilitator.errors import EXIT_REMOTE_FAILURE, EXIT_USER_ERROR, CopError
from facilitator.vocabulary import Deployment


class ConfluenceError(CopError):
    """Confluence could not be reached or did not accept the change (exit code 3)."""

    exit_code = EXIT_REMOTE_FAILURE


class ConfluenceRefused(ConfluenceError):
    """A refusal the user has to fix: credentials, permissions, a missing space, a title."""

    exit_code = EXIT_USER_ERROR


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    version: int
    url: str


@dataclass
class Credentials:
    deployment: str  # cloud or datacenter
    token: str
    email: str | None = None

    def header(self) -> str:
        if self.deployment == Deployment.CLOUD:
            pair = f"{self.email}:{self.token}".encode()
            return "Basic " + base64.b64encode(pair).decode("ascii")
        return f"Bearer {self.token}"

    def which(self) -> str:
        if self.deployment == Deployment.CLOUD:
            return f"the e-mail {self.email} and its API token"
        return "the personal access token"

    def forms(self) -> list[str]:
        """Every way the secret can appear in text: the token, `email:token`, their base64,
        the whole header, and each URL-quoted."""
        from urllib.parse import quote

        if not self.token:
            return []
        pair = f"{self.email}:{self.token}"
        encoded = base64.b64encode(pair.encode()).decode("ascii")
        raw = [
            self.header(),
            pair,
            encoded,
            self.token,
            base64.b64encode(self.token.encode()).decode(),
        ]
        found = raw + [quote(form, safe="") for form in raw]
        return sorted({form for form in found if len(form) >= 4}, key=len, reverse=True)


def scrub(text: str, credentials: Credentials | None) -> str:
    """The one function every path that prints a remote answer or an error goes through."""
    if credentials is None:
        return text
    for form in credentials.forms():
        text = text.replace(form, "***")
    return text


class ConfluenceClient:
    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        timeout: float = TIMEOUT_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        deadline: float = DEADLINE_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.api = f"{self.base_url}/rest/api"
        self.api_v2 = f"{self.base_url}/api/v2"
        self.cloud = credentials.deployment == Deployment.CLOUD
        self.space_ids: dict[str, str] = {}
        """Cloud's numeric space ids by key, looked up once per client."""
        self.credentials = credentials
        self.timeout = min(timeout, deadline)
        self.deadline = deadline
        self.sleep = sleep
        self.now = now
        self.monotonic = monotonic

    # Requests

    def _scrub(self, text: str) -> str:
        return scrub(text, self.credentials)

    def _remote(self) -> Remote:
        return Remote(
            site=f"Confluence at {self.base_url}",
            failure=ConfluenceError,
            redirected=self._redirected,
            scrub=self._scrub,
            timeout=self.timeout,
            deadline=self.deadline,
            monotonic=self.monotonic,
        )

    def _redirected(self, status: int, where: str) -> ConfluenceRefused:
        """A 3xx is never followed: the credential would go wherever it points."""
        return ConfluenceRefused(
            f"Confluence at {self.base_url} answered {status}, redirecting to {where}; cop "
            "does not follow redirects with your credentials. If the site moved, set its "
            "address with `cop config confluence --url`; nothing was published"
        )

    def request(
        self, method: str, path: str, body: object | None = None, v2: bool = False
    ) -> tuple[int, dict]:
        """Send to the v1 API (or, with `v2`, Cloud's v2 API), retrying 429/503 after
        Retry-After (bounded); returns (status, JSON)."""
        url = f"{self.api_v2 if v2 else self.api}{path}"
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = {"Authorization": self.credentials.header(), "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        answer = send_patiently(
            self._remote(), method, url, data, headers, now=self.now, sleep=self.sleep
        )
        status, raw = answer.status, answer.body
        try:
            payload = json.loads(raw.decode("utf-8")) if raw else {}
        except (UnicodeDecodeError, json.JSONDecodeError):
            payload = None
        if 200 <= status < 300 and not isinstance(payload, dict):
            raise ConfluenceError(
                f"Confluence answered {status} to {method} {path.split('?')[0]} with something "
                "that is not a JSON object; nothing was recorded, try again later"
            )
        return status, payload if isinstance(payload, dict) else {}

    def _message(self, payload: dict) -> str:
        message = payload.get("message") or ""
        return self._scrub(str(message))[:300]

    def _fail(self, status: int, payload: dict, doing: str) -> ConfluenceError:
        detail = self._message(payload)
        suffix = f": {detail}" if detail else ""
        if status == 401:
            return ConfluenceRefused(
                f"Confluence did not accept {self.credentials.which()} (401) while {doing}; "
                "check them with `cop config confluence`"
            )
        if status == 403:
            return ConfluenceRefused(
                f"the account may not do this (403) while {doing}: it needs permission to "
                f"view the space and add or edit pages in it{suffix}"
            )
        if status >= 500:
            return ConfluenceError(f"Confluence failed ({status}) while {doing}{suffix}")
        return ConfluenceRefused(f"Confluence refused ({status}) while {doing}{suffix}")

    # Operations

    def _page(self, payload: dict) -> Page:
        """A page from an answer, checked: an id, a version number and links as Confluence
        describes them. Anything else is Confluence failing, and nothing is recorded."""
        page_id = payload.get("id")
        version = payload.get("version") or {}
        links = payload.get("_links") or {}
        problem = None
        if not isinstance(page_id, str | int) or not str(page_id).strip().isdigit():
            problem = f"no page id (got {str(page_id)[:40]!r})"
        elif not isinstance(version, dict) or not isinstance(version.get("number"), int):
            problem = "no version number"
        elif not isinstance(links, dict) or not all(
            isinstance(links.get(key, ""), str) for key in ("base", "webui")
        ):
            problem = "malformed links"
        elif links.get("base") and _origin(links["base"]) != _origin(self.base_url):
            problem = f"links to another site ({self._scrub(str(links['base']))[:100]})"
        if problem is not None:
            raise ConfluenceError(
                f"Confluence's answer has {problem}; nothing was recorded as published, "
                "try again later"
            )
        base = links.get("base") or self.base_url
        return Page(
            id=str(page_id).strip(),
            title=str(payload.get("title", "")),
            version=version["number"],
            url=f"{base}{links.get('webui', '')}",
        )

    def get_page(self, page_id: str) -> Page | None:
        if self.cloud:
            status, payload = self.request("GET", f"/pages/{page_id}?body-format=storage", v2=True)
        else:
            status, payload = self.request("GET", f"/content/{page_id}?expand=version")
        if status == 404:
            return None
        if status != 200:
            raise self._fail(status, payload, f"reading page {page_id}")
        return self._page(payload)

    def space_id(self, space: str) -> str:
        """Cloud's v2 API names a space by its numeric id: found by key, once."""
        if space not in self.space_ids:
            status, payload = self.request("GET", f"/spaces?keys={space}", v2=True)
            if status != 200:
                raise self._fail(status, payload, f"looking up space {space}")
            found = [
                s.get("id")
                for s in payload.get("results") or []
                if isinstance(s, dict) and s.get("key") == space
            ]
            if not found or not str(found[0]).isdigit():
                raise ConfluenceRefused(
                    f"Confluence cannot find the space {space} (or this account may not see "
                    "it); check it with `cop config confluence`"
                )
            self.space_ids[space] = str(found[0])
        return self.space_ids[space]

    def create_page(self, space: str, parent_id: str | None, title: str, body: str) -> Page:
        if self.cloud:
            document: dict = {
                "spaceId": self.space_id(space),
                "status": "current",
                "title": title,
                "body": {"representation": "storage", "value": body},
            }
            if parent_id:
                document["parentId"] = parent_id
            status, payload = self.request("POST", "/pages", document, v2=True)
        else:
            document = {
                "type": "page",
                "title": title,
                "space": {"key": space},
                "body": {"storage": {"value": body, "representation": "storage"}},
            }
            if parent_id:
                document["ancestors"] = [{"id": parent_id}]
            status, payload = self.request("POST", "/content", document)
        if status == 200:
            return self._page(payload)
        if status == 404:
            where = f"space {space}" + (f" or parent page {parent_id}" if parent_id else "")
            raise ConfluenceRefused(
                f"Confluence cannot find the {where} (404); check them with `cop config confluence`"
            )
        if status == 400 and "title" in self._message(payload).lower():
            raise ConfluenceRefused(
                f"space {space} already has a page titled {title!r}; cop does not overwrite "
                "pages it did not create: rename or move that page, or change this session's "
                "topic, then publish again"
            )
        raise self._fail(status, payload, f"creating the page in space {space}")

    def update_page(self, page: Page, title: str, body: str) -> Page:
        """Save as version N+1 of the page as it was read; a conflict is refused, not retried."""
        if self.cloud:
            document: dict = {
                "id": page.id,
                "status": "current",
                "title": title,
                "body": {"representation": "storage", "value": body},
                "version": {"number": page.version + 1},
            }
            status, payload = self.request("PUT", f"/pages/{page.id}", document, v2=True)
        else:
            document = {
                "id": page.id,
                "type": "page",
                "title": title,
                "body": {"storage": {"value": body, "representation": "storage"}},
                "version": {"number": page.version + 1},
            }
            status, payload = self.request("PUT", f"/content/{page.id}", document)
        if status == 200:
            return self._page(payload)
        if status == 409:
            current = self.get_page(page.id)
            now = f"; it is at version {current.version}" if current else ""
            raise ConfluenceRefused(
                f"page {page.id} changed in Confluence while publishing (409){now}; nothing "
                "was overwritten: look at the page, then publish again"
            )
        if status == 404:
            raise ConfluenceRefused(f"page {page.id} no longer exists in Confluence (404)")
        raise self._fail(status, payload, f"updating page {page.id}")

    def add_labels(self, page_id: str, labels: list[str]) -> None:
        body = [{"prefix": "global", "name": label} for label in labels]
        status, payload = self.request("POST", f"/content/{page_id}/label", body)
        if status != 200:
            raise self._fail(status, payload, f"labelling page {page_id}")


def _origin(url: str) -> tuple[str, str]:
    """Scheme and host with port: what must match for an answer to be the site's own."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()
