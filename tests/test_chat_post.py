"""Posting to chat end to end: `cop chat` and `cop post` against a real HTTP server on
127.0.0.1 that takes Slack and Teams webhooks and checks every payload (Block Kit through
slack_sdk's models, Adaptive Cards against Microsoft's schema), its faults, and the
address kept secret throughout."""

from __future__ import annotations

import json

import pytest
from chat_server import FakeChat, Fault
from sqlmodel import select
from test_chat_payloads import HOSTILE

from exporters.webhook_client import ChatError, ChatRefused, WebhookClient
from facilitator.chat_config import ChatChannel
from facilitator.services import chat_posting
from facilitator.vocabulary import ChatPlatform, PostSubject
from store.models import ChatPost

SECRET = "T0001/B0002/XyZsecretTokenAbCd"
PLATFORMS = ["slack", "teams"]


@pytest.fixture
def chat():
    with FakeChat() as server:
        yield server
        assert server.violations == []  # every payload was one the service takes


def never_shown(secret_path: str, *texts: str) -> None:
    for text in texts:
        assert secret_path not in text and "secretToken" not in text


def add(cop, chat, platform: str, name: str = "ai", secret: str = SECRET):
    result = cop("chat", "add", name, f"--{platform}", chat.url(platform, secret))
    assert result.code == 0, result.err
    never_shown(secret, result.out, result.err)
    return result


def posts(db) -> list[ChatPost]:
    with db.session() as s:
        return list(s.exec(select(ChatPost)).all())


@pytest.mark.parametrize("platform", PLATFORMS)
def test_add_list_test_post_and_post_again(cop, demo_db, chat, memory_keyring, platform):
    added = add(cop, chat, platform)
    assert "…/AbCd" in added.out
    listed = cop("chat", "list")
    assert "ai" in listed.out and platform in listed.out and "…/AbCd" in listed.out
    assert "system keyring" in listed.out
    tested = cop("chat", "test", "ai")
    assert tested.code == 0 and "Posted a test message to ai" in tested.out
    summary = cop("post", "summary", "--to", "ai")
    assert summary.code == 0, summary.err
    assert "Posted the summary of AI Practice Circle — " in summary.out
    (recorded,) = posts(demo_db)
    assert (recorded.subject, recorded.channel, recorded.platform) == ("summary", "ai", platform)
    assert recorded.status == (200 if platform == "slack" else 202) and recorded.messages == 1
    again = cop("post", "summary", "--to", "ai")
    assert again.code == 2 and "went to ai on" in again.err and "--again" in again.err
    assert len(posts(demo_db)) == 1
    forced = cop("post", "summary", "--to", "ai", "--again")
    assert forced.code == 0 and len(posts(demo_db)) == 2
    for what in ("announce", "nudges", "report"):
        done = cop("post", what, "--to", "ai")
        assert done.code == 0, (what, done.err)
    assert len(chat.taken(platform)) == 6  # the test, the summary twice, the other three
    every = [listed, tested, summary, again, forced]
    never_shown(SECRET, *(r.out + r.err for r in every))
    with open(demo_db.location.path, "rb") if demo_db.location.path else _nothing() as file:
        assert SECRET.encode() not in file.read()


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *_):
        return False

    def read(self) -> bytes:
        return b""


@pytest.mark.parametrize("platform", PLATFORMS)
def test_dry_run_prints_the_exact_json_and_sends_nothing(
    cop, demo_db, chat, memory_keyring, platform
):
    add(cop, chat, platform)
    shown = cop("post", "summary", "--to", "ai", "--dry-run")
    assert shown.code == 0
    payload = json.loads(shown.out)
    assert chat.received == [] and posts(demo_db) == []
    cop("post", "summary", "--to", "ai")
    assert chat.taken() == [payload]  # what --dry-run printed is what was sent


def test_the_summary_links_the_published_page(cop, demo_db, chat, memory_keyring):
    from datetime import UTC, datetime

    from facilitator.services.export import session_report
    from store.models import PublishRecord

    report = session_report(demo_db, None, None)
    with demo_db.session() as s:
        s.add(
            PublishRecord(
                session_id=report.session_id,
                target="confluence-cloud",
                location="https://example.atlassian.net/wiki/spaces/AI/pages/77",
                page_id="77",
                page_version=1,
                content_hash="x",
                published_at=datetime(2026, 11, 20, tzinfo=UTC),
            )
        )
    add(cop, chat, "teams")
    assert cop("post", "summary", "--to", "ai").code == 0
    (card,) = [p["attachments"][0]["content"] for p in chat.taken()]
    assert card["actions"][0]["url"] == "https://example.atlassian.net/wiki/spaces/AI/pages/77"


FAULTS = {
    "bad request": (Fault(400, body=b"invalid_payload"), 2, "refused the post (400)"),
    "gone": (Fault(404, body=b"channel_not_found"), 2, "create a new one and add it again"),
    "archived": (Fault(410, body=b"channel_is_archived"), 2, "refused the post (410)"),
    "server error": (Fault(500, echo=True), 3, "failed (500)"),
    "rate limit": (
        Fault(429, headers={"Retry-After": "0"}),
        3,
        "busy or rate-limiting (429) after 4 attempts",
    ),
    "redirect": (
        Fault(302, headers={"Location": "https://elsewhere.test/slack/" + SECRET}),
        2,
        "does not follow redirects",
    ),
    "hang": (Fault(hang=3), 3, "did not answer within 1 s"),
    "trickle": (Fault(200, trickle=0.05), 3, "had not finished answering after 1 s"),
}


@pytest.mark.parametrize("fault", list(FAULTS))
@pytest.mark.parametrize("platform", PLATFORMS)
def test_faults_are_one_line_nothing_is_recorded_and_the_address_never_shows(
    cop, demo_db, chat, memory_keyring, monkeypatch, platform, fault
):
    given, code, said = FAULTS[fault]
    add(cop, chat, platform)
    monkeypatch.setenv("COP_CHAT_DEADLINE", "1")
    chat.faults += [given] * (4 if fault == "rate limit" else 1)
    failed = cop("post", "summary", "--to", "ai")
    assert failed.code == code and said in failed.err, failed.err
    assert failed.err.count("\n") == 1 and "Traceback" not in failed.err
    never_shown(SECRET, failed.out, failed.err)
    assert posts(demo_db) == []


def test_a_429_is_retried_after_the_wait_it_asks_for(cop, demo_db, chat, memory_keyring):
    add(cop, chat, "slack")
    chat.faults.append(Fault(429, headers={"Retry-After": "0"}))
    done = cop("post", "summary", "--to", "ai")
    assert done.code == 0 and len(chat.taken()) == 1 and len(posts(demo_db)) == 1


def test_a_later_message_failing_says_how_many_went_and_records_nothing(demo_db, chat):
    channel = ChatChannel("ai", ChatPlatform.SLACK, "AI Practice Circle", "…/AbCd")
    client = WebhookClient(chat.url("slack"), "ai", sleep=lambda _: None)
    composed = chat_posting.compose(demo_db, PostSubject.SUMMARY, None, channel, _now())
    long = chat_posting.Composed(
        composed.subject,
        composed.subject_key,
        composed.what,
        composed.community_id,
        composed.session_id,
        _long(composed.message),
    )
    chat.faults.append(Fault(200))  # the first message goes through
    chat.faults.append(Fault(500))
    with pytest.raises(ChatError, match=r"1 of \d messages had been posted; nothing was recorded"):
        chat_posting.post(demo_db, long, channel, client)
    assert posts(demo_db) == []


def _now():
    from conftest import FROZEN_NOW

    return FROZEN_NOW


def _long(message):
    from dataclasses import replace

    from exporters.chat_message import ChatSection

    return replace(message, sections=tuple(ChatSection(None, ("x" * 2900,)) for _ in range(60)))


@pytest.mark.parametrize("platform", PLATFORMS)
def test_hostile_text_arrives_as_text(demo_db, chat, platform):
    """Every hostile text as a takeaway of the summary, through the real server."""
    from dataclasses import replace

    from exporters.chat_message import ChatSection

    channel = ChatChannel("ai", ChatPlatform(platform), "AI Practice Circle", "…/AbCd")
    composed = chat_posting.compose(demo_db, PostSubject.SUMMARY, None, channel, _now())
    hostile = replace(composed.message, sections=tuple(ChatSection("Tips", (t,)) for t in HOSTILE))
    client = WebhookClient(chat.url(platform), "ai")
    for body in chat_posting.payloads(channel.platform, hostile):
        client.post(body)
    taken = json.dumps(chat.taken(platform), ensure_ascii=False)
    if platform == "teams":
        for text in HOSTILE:
            assert json.dumps(text, ensure_ascii=False)[1:-1] in taken
    else:
        assert "<!channel>" not in taken and "<script>" not in taken
        assert "&lt;!channel&gt;" in taken


def test_without_a_keyring_the_variable_is_the_way(cop, demo_db, chat, monkeypatch):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    import keyring
    from keyring.backends.null import Keyring

    previous = keyring.get_keyring()
    keyring.set_keyring(Keyring())
    try:
        refused = cop("chat", "add", "ai", "--slack", chat.url("slack"))
        assert refused.code == 2 and "COP_CHAT_WEBHOOK_AI" in refused.err
        missing = cop("post", "summary", "--to", "ai")
        assert missing.code == 2 and "COP_CHAT_WEBHOOK_AI" in missing.err
        monkeypatch.setenv("COP_CHAT_WEBHOOK_AI", chat.url("slack"))
        assert "from COP_CHAT_WEBHOOK_AI" in cop("chat", "list").out
        assert cop("post", "summary", "--to", "ai").code == 0
    finally:
        keyring.set_keyring(previous)


def test_removing_a_channel_forgets_its_address(cop, demo_db, chat, memory_keyring):
    add(cop, chat, "slack")
    assert memory_keyring.secrets
    removed = cop("chat", "remove", "AI")
    assert removed.code == 0 and memory_keyring.secrets == {}
    assert "No chat channel yet" in cop("chat", "list").out


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["chat", "add", "ai"], "either --slack URL or --teams URL"),
        (
            ["chat", "add", "ai", "--slack", "x", "--teams", "y"],
            "either --slack URL or --teams URL",
        ),
        (["chat", "add", "a b", "--slack", "https://h.test/a/b"], "is not a channel name"),
        (["chat", "add", "ai", "--slack", "http://h.test/a/b"], "must not travel unencrypted"),
        (["chat", "add", "ai", "--slack", "hooks.slack.com/x"], "not a webhook address"),
        (["chat", "add", "ai", "--teams", "https://h.test/a", "--community", "Nope"], "Nope"),
        (["post", "summary", "--to", "nope"], "no chat channel named 'nope'"),
        (["post", "summary", "2026-12-03", "--to", "ai"], "only ended sessions have a summary"),
        (["post", "report", "2026Q9", "--to", "ai"], "2026Q9"),
        (["chat", "test", "nope"], "no chat channel"),
    ],
)
def test_bad_input_is_a_clear_message_and_exit_2(cop, demo_db, chat, memory_keyring, args, said):
    add(cop, chat, "slack")
    result = cop(*args)
    assert result.code == 2 and said in result.err, result.err
    assert "Traceback" not in result.err and posts(demo_db) == []


def test_debug_output_never_shows_the_address(cop, demo_db, chat, memory_keyring):
    import traceback

    from facilitator.cli import main

    add(cop, chat, "slack")
    chat.faults.append(Fault(500, echo=True))
    where = ["--db", str(demo_db.location.path)] if demo_db.location.path else []
    with pytest.raises(ChatError) as failed:
        main([*where, "--debug", "post", "summary", "--to", "ai"])
    never_shown(SECRET, "".join(traceback.format_exception(failed.value)))


def test_a_redirect_is_refused_without_following_it(demo_db, chat):
    client = WebhookClient(chat.url("slack"), "ai")
    chat.faults.append(Fault(301, headers={"Location": chat.url("slack", "other/secret")}))
    with pytest.raises(ChatRefused, match="does not follow redirects"):
        client.post({"text": "hello", "blocks": []})
    assert chat.received == [] or all(r.path.endswith(SECRET) for r in chat.received)


def test_the_address_can_come_from_standard_input_out_of_the_shell_history(
    cop, demo_db, chat, memory_keyring, monkeypatch
):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(chat.url("teams") + "\n"))
    added = cop("chat", "add", "ai", "--teams", "-")
    assert added.code == 0 and "teams" in added.out
    assert cop("post", "announce", "--to", "ai").code == 0
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    empty = cop("chat", "add", "ai", "--teams", "-")
    assert empty.code == 2 and "no webhook address on standard input" in empty.err


def test_an_archive_carries_the_posts_but_never_an_address(
    cop, demo_db, chat, memory_keyring, tmp_path
):
    add(cop, chat, "slack")
    assert cop("post", "summary", "--to", "ai").code == 0
    listed = cop("chat", "list", "--json")
    assert json.loads(listed.out) == [
        {
            "name": "ai",
            "platform": "slack",
            "community": "AI Practice Circle",
            "address": "…/AbCd",
            "kept": "system keyring",
        }
    ]
    archive = tmp_path / "all.coparchive"
    assert cop("archive", "export", str(archive)).code == 0
    import zipfile

    with zipfile.ZipFile(archive) as opened:
        members = {name: opened.read(name).decode("utf-8") for name in opened.namelist()}
    (row,) = [json.loads(line) for line in members["tables/chat_post.jsonl"].splitlines()]
    assert (row["subject"], row["channel"], row["platform"]) == ("summary", "ai", "slack")
    never_shown(SECRET, *members.values())


# The client alone: every message in full, and every form of the address hidden


def test_an_address_is_shown_by_its_last_four_characters_only():
    from exporters.webhook_client import hidden, scrub

    assert hidden("https://hooks.slack.test/services/T1/B2/abcdWXYZ/") == "…/WXYZ"
    url = "https://x.test/services/T00012345/B00067890/Ab12Cd34?api-version=1&sig=S1g%2Bvalue99"
    said = (
        f"failed at {url} (quoted {__import__('urllib.parse').parse.quote(url, safe='')}); "
        "the token Ab12Cd34 and T00012345 and the sig S1g+value99 and S1g%2Bvalue99; "
        "services stay"
    )
    cleaned = scrub(said, url)
    for secret in ("Ab12Cd34", "T00012345", "B00067890", "S1g+value99", "S1g%2Bvalue99", "sig="):
        assert secret not in cleaned, secret
    assert "services stay" in cleaned and "…/ue99" in cleaned


def test_every_failure_is_said_in_full(chat):
    client = WebhookClient(chat.url("slack"), "ai")
    site = "the chat channel ai (…/AbCd)"
    cases = [
        (
            Fault(404, body=b"channel_not_found"),
            ChatRefused,
            f"{site} refused the post (404): channel_not_found: the webhook may have been removed "
            "or the channel archived; create a new one and add it again with cop chat add",
        ),
        (Fault(401, body=b"no"), ChatRefused, f"{site} refused the post (401): no: the webhook"),
        (Fault(403, body=b"no"), ChatRefused, f"{site} refused the post (403): no: the webhook"),
        (
            Fault(410, body=b"gone"),
            ChatRefused,
            f"{site} refused the post (410): gone: the webhook",
        ),
        (
            Fault(400, body=b"  invalid \\n payload  "),
            ChatRefused,
            f"{site} refused the post (400): invalid \\n payload",
        ),
        (Fault(402, body=b""), ChatRefused, f"{site} refused the post (402)"),
        (Fault(418, body=b"\xff\xfe teapot"), ChatRefused, f"{site} refused the post (418): "),
        (Fault(300, body=b"choose"), ChatRefused, f"{site} answered 300, redirecting to nowhere"),
        (
            Fault(502, body=b"bad\\ngateway " + b"x" * 300),
            ChatError,
            f"{site} failed (502): bad\\ngateway " + "x" * 187 + "; try again later",
        ),
        (
            Fault(301, headers={"Location": "https://elsewhere.test/"}),
            ChatRefused,
            f"{site} answered 301, redirecting to https://elsewhere.test/; cop does not follow "
            "redirects with a webhook address. Check the address and add the channel again "
            "(cop chat add); nothing was posted",
        ),
    ]
    for fault, kind, message in cases:
        chat.faults.append(fault)
        with pytest.raises(kind) as failed:
            client.post({"text": "x", "blocks": []})
        assert str(failed.value).startswith(message), str(failed.value)
        if message.endswith(
            (
                "archived; create a new one and add it again with cop chat add",
                "try again later",
                "nothing was posted",
                "(402)",
            )
        ):
            assert str(failed.value) == message
        assert type(failed.value) is kind


def test_a_429_waits_as_long_as_it_was_asked(chat):
    waited: list[float] = []
    client = WebhookClient(chat.url("slack"), "ai", sleep=waited.append)
    chat.faults.append(Fault(429, headers={"Retry-After": "2"}))
    assert client.post({"text": "x", "blocks": [{"type": "divider"}]}) == 200
    assert waited == [2.0]


def test_a_large_card_in_any_script_is_measured_in_the_bytes_sent(chat):
    """Hebrew is two bytes a character in UTF-8 and six as \\u escapes: the card is split
    by the bytes Teams receives, and sent as UTF-8."""
    from exporters import teams_payload
    from exporters.chat_message import ChatMessage, ChatSection

    client = WebhookClient(chat.url("teams"), "ai")
    message = ChatMessage("כותרת", "סיכום", (ChatSection(None, ("ש" * 4000,) * 4),))
    for body in teams_payload.payloads(message):
        assert client.post(body) == 202
    assert len(chat.taken("teams")) >= 2
