"""Posting JSON to a chat webhook (a Slack incoming webhook, a Teams Workflows webhook).

The address is the secret: whoever has it can post to the channel. It is sent through
exporters.http_send like Confluence's requests (no redirect followed, a total deadline,
429 and 503 retried after Retry-After a bounded number of times), and every message about
it shows it only as `…/last-4`."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import quote

from exporters.http_send import DEADLINE_SECONDS, TIMEOUT_SECONDS, Remote, send_patiently
from facilitator.errors import EXIT_REMOTE_FAILURE, EXIT_USER_ERROR, CopError


class ChatError(CopError):
    """The chat service could not be reached or failed (exit code 3)."""

    exit_code = EXIT_REMOTE_FAILURE


class ChatRefused(ChatError):
    """A refusal the user has to fix: a wrong or revoked address, an archived channel."""

    exit_code = EXIT_USER_ERROR


def hidden(url: str) -> str:
    """How a webhook address is shown anywhere: its last four characters."""
    return f"…/{url.rstrip('/')[-4:]}"


def scrub(text: str, url: str) -> str:
    """The text with every form of the address hidden, and each of its secret parts on its
    own (a Slack address's `T…/B…/token` path, a Teams address's `sig=` and other query
    values): a proxy or a redirect may quote them under another path or host."""
    from urllib.parse import parse_qsl, urlsplit

    parts = urlsplit(url)
    pieces = [*parts.path.split("/"), *(value for _, value in parse_qsl(parts.query))]
    words = [piece for piece in pieces if piece.isalpha() and piece.islower()]  # "services"
    secret = [piece for piece in pieces if len(piece) >= 8 and piece not in words]
    forms = {url, url.rstrip("/"), quote(url, safe=""), parts.path, *secret}
    forms |= {quote(form, safe="") for form in secret}
    for form in sorted((f for f in forms if len(f) >= 8), key=len, reverse=True):
        text = text.replace(form, hidden(url))
    return text


class WebhookClient:
    def __init__(
        self,
        url: str,
        name: str,
        timeout: float = TIMEOUT_SECONDS,
        deadline: float = DEADLINE_SECONDS,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self.remote = Remote(
            site=f"the chat channel {name} ({hidden(url)})",
            failure=ChatError,
            redirected=self._redirected,
            scrub=lambda text: scrub(text, url),
            timeout=timeout,
            deadline=deadline,
            monotonic=monotonic,
        )
        self.sleep = sleep
        self.now = now

    def _redirected(self, status: int, where: str) -> ChatRefused:
        return ChatRefused(
            f"{self.remote.site} answered {status}, redirecting to {where}; cop does not "
            "follow redirects with a webhook address. Check the address and add the channel "
            "again (cop chat add); nothing was posted"
        )

    def post(self, payload: dict) -> int:
        """Send one payload; the answer's status when the service took it (2xx)."""
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8"}
        answer = send_patiently(
            self.remote, "POST", self.url, data, headers, now=self.now, sleep=self.sleep
        )
        if 200 <= answer.status < 300:
            return answer.status
        said = self.remote.scrub(answer.body[:200].decode("utf-8", "replace")).strip()
        detail = f": {' '.join(said.split())}" if said else ""
        site = self.remote.site
        if answer.status >= 500:
            raise ChatError(f"{site} failed ({answer.status}){detail}; try again later")
        if answer.status in (401, 403, 404, 410):
            raise ChatRefused(
                f"{site} refused the post ({answer.status}){detail}: the webhook may have been "
                "removed or the channel archived; create a new one and add it again with "
                "cop chat add"
            )
        raise ChatRefused(f"{site} refused the post ({answer.status}){detail}")
