"""One HTTP request, sent the way every remote call of cop is: a redirect is never followed
(it would carry the credential, or the secret address, wherever it points), one total
deadline holds however slowly the answer trickles in, an answer bigger than any cop asks
for is refused, and no message ever holds a form of the secret (the caller's `scrub`).

Confluence publishing and chat posting both send through here, so they fail alike."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

from facilitator.errors import CopError

TIMEOUT_SECONDS = 20.0
"""The longest silence between two reads (or to connect)."""
DEADLINE_SECONDS = 30.0
"""The longest one request may take from sending to the last byte of its answer."""
MAX_ANSWER_BYTES = 8 * 1024 * 1024
"""More than any answer cop asks for: a bigger one is not an answer to cop."""


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


@dataclass(frozen=True)
class Remote:
    """Who is asked and how each failure is told: `site` names it in messages ("Confluence
    at https://…"), `failure` is the error a remote failure raises (exit 3), and
    `redirected` builds the refusal of a 3xx (status, Location already scrubbed)."""

    site: str
    failure: type[CopError]
    redirected: Callable[[int, str], CopError]
    scrub: Callable[[str], str]
    timeout: float = TIMEOUT_SECONDS
    deadline: float = DEADLINE_SECONDS
    monotonic: Callable[[], float] = time.monotonic


def send(
    remote: Remote, method: str, url: str, data: bytes | None, headers: dict[str, str]
) -> Answer:
    import httpx  # only when something is sent: the rest of cop never loads it

    started = remote.monotonic()
    try:
        with (
            httpx.Client(
                follow_redirects=False, timeout=min(remote.timeout, remote.deadline)
            ) as http,
            http.stream(method, url, content=data, headers=headers) as answer,
        ):
            if answer.is_redirect:
                where = remote.scrub(answer.headers.get("Location") or "nowhere")[:200]
                raise remote.redirected(answer.status_code, where)
            received = bytearray()
            for chunk in answer.iter_bytes():
                received += chunk
                if remote.monotonic() - started > remote.deadline:
                    raise remote.failure(
                        f"{remote.site} had not finished answering after "
                        f"{remote.deadline:g} s; nothing was recorded, try again later"
                    )
                if len(received) > MAX_ANSWER_BYTES:
                    raise remote.failure(
                        f"{remote.site} sent more than {MAX_ANSWER_BYTES // 1024 // 1024} MB; "
                        "that is not an answer cop asked for, nothing was recorded"
                    )
            return Answer(answer.status_code, dict(answer.headers), bytes(received))
    except httpx.TimeoutException:
        raise remote.failure(
            f"{remote.site} did not answer within {min(remote.timeout, remote.deadline):g} s"
        ) from None
    except httpx.HTTPError as error:
        raise remote.failure(f"cannot reach {remote.site}: {remote.scrub(str(error))}") from None


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    from datetime import UTC

    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


MAX_RETRIES = 3
MAX_WAIT_SECONDS = 120


def send_patiently(
    remote: Remote,
    method: str,
    url: str,
    data: bytes | None,
    headers: dict[str, str],
    now: Callable[[], datetime],
    sleep: Callable[[float], None] = time.sleep,
    busy: tuple[int, ...] = (429, 503),
) -> Answer:
    """`send`, and when the answer is one of `busy`, again after the Retry-After it asked
    for: at most MAX_RETRIES times, and never when it asks for more than MAX_WAIT_SECONDS
    (or says no time at all), so nothing waits unbounded on a server's say-so."""
    for attempt in range(MAX_RETRIES + 1):
        answer = send(remote, method, url, data, headers)
        if answer.status not in busy:
            return answer
        wait = retry_after_seconds(answer.header("Retry-After"), now())
        if attempt == MAX_RETRIES or wait is None or wait > MAX_WAIT_SECONDS:
            later = f" (it asked to wait {wait:g} s)" if wait is not None else ""
            raise remote.failure(
                f"{remote.site} is busy or rate-limiting ({answer.status}) after "
                f"{attempt + 1} attempts{later}; nothing was recorded, try again later"
            )
        sleep(wait)
    raise AssertionError("unreachable: the last attempt returns or raises")
