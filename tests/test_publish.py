"""Publishing to a real HTTP server on 127.0.0.1 that keeps pages like Confluence does."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from confluence_server import PARENT_ID, FakeConfluence, Fault
from sqlmodel import select

from exporters.confluence_client import ConfluenceError, ConfluenceRefused
from exporters.http_send import retry_after_seconds
from facilitator.config import ConfluenceConfig
from facilitator.errors import InvalidInput
from facilitator.services import publish
from facilitator.services.export import session_report
from store.models import PublishRecord, StudySession, Takeaway

from conftest import stored_bytes

TITLE = "AI Practice Circle — 2026-11-19: Measuring time saved"


def secret_forms() -> list[str]:
    """Every way the test credential can appear: the token, e-mail:token, both in base64."""
    import base64

    plain = [SENTINEL, f"ana@example.com:{SENTINEL}"]
    return plain + [base64.b64encode(form.encode()).decode() for form in plain]


SENTINEL = "s3ntinel-T0KEN-never-shown"


@pytest.fixture(params=["cloud", "datacenter"])
def fake(request):
    with FakeConfluence(request.param, token=SENTINEL) as server:
        yield server
        assert server.violations == []  # every request matched Atlassian's OpenAPI


@pytest.fixture
def demo(demo_db):
    return demo_db


def config_for(fake: FakeConfluence, **changes) -> ConfluenceConfig:
    fields = {
        "url": fake.url,
        "deployment": fake.deployment,
        "space": "AI",
        "parent_id": PARENT_ID,
        "email": "ana@example.com" if fake.deployment == "cloud" else None,
    }
    return ConfluenceConfig(**{**fields, **changes})


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def run(db, fake, tmp_path, token=SENTINEL, sleeps=None, timeout=5.0, **changes):
    config = config_for(fake, **changes)
    sleep = sleeps if sleeps is not None else Sleeps()
    client = publish.client_for(config, token, timeout=timeout, sleep=sleep)
    report = session_report(db, None, None)
    return publish.publish(db, report, config, client, tmp_path / "exports")


def records(db) -> list[PublishRecord]:
    with db.session() as s:
        return list(s.exec(select(PublishRecord).order_by(PublishRecord.published_at)).all())


def test_first_publish_creates_the_page_under_the_parent_with_labels(demo, fake, tmp_path):
    result = run(demo, fake, tmp_path)
    assert result.outcome == "created" and result.version == 1
    page = fake.pages[result.page_id]
    assert page["title"] == TITLE and page["space"] == "AI" and page["ancestors"] == [PARENT_ID]
    assert page["labels"] == ["cop-session", "ai-practice-circle"]
    assert "<ac:task-list>" in page["body"]
    assert result.url == f"{fake.url}/spaces/AI/pages/{result.page_id}"
    assert result.local_file.read_text(encoding="utf-8") == page["body"]
    [record] = records(demo)
    assert (record.page_id, record.page_version, record.location) == (
        result.page_id,
        1,
        result.url,
    )
    auth = fake.received[0].headers["Authorization"]
    assert auth.startswith("Basic " if fake.deployment == "cloud" else "Bearer ")


def test_unchanged_content_is_not_published_again(demo, fake, tmp_path):
    first = run(demo, fake, tmp_path)
    sent = len(fake.received)
    again = run(demo, fake, tmp_path)
    assert again.outcome == "unchanged" and again.page_id == first.page_id
    assert len(fake.received) == sent  # not a single request


def test_changed_content_updates_the_same_page_as_the_next_version(demo, fake, tmp_path):
    first = run(demo, fake, tmp_path)
    with demo.session() as s:
        latest = s.exec(select(StudySession).where(StudySession.status == "ended")).all()[-1]
        s.add(Takeaway(session_id=latest.id, kind="tip", text="Added after the meeting"))
    second = run(demo, fake, tmp_path)
    assert second.outcome == "updated" and second.page_id == first.page_id
    assert second.version == 2 and fake.pages[first.page_id]["version"] == 2
    assert "Added after the meeting" in fake.pages[first.page_id]["body"]
    put = next(r for r in fake.received if r.method == "PUT")
    where = "/wiki/api/v2/pages" if fake.deployment == "cloud" else "/rest/api/content"
    assert put.body["version"] == {"number": 2} and put.path == f"{where}/{first.page_id}"
    assert len([p for p in fake.pages.values() if p["title"] == TITLE]) == 1


def test_an_edit_made_in_confluence_is_never_overwritten(demo, fake, tmp_path):
    first = run(demo, fake, tmp_path)
    fake.edit_in_browser(first.page_id)
    with demo.session() as s:
        latest = s.exec(select(StudySession).where(StudySession.status == "ended")).all()[-1]
        s.add(Takeaway(session_id=latest.id, kind="tip", text="Later"))
    with pytest.raises(ConfluenceRefused, match=r"edited in Confluence \(now version 2; cop wrote"):
        run(demo, fake, tmp_path)
    assert "edited by hand" in fake.pages[first.page_id]["body"]
    assert not [r for r in fake.received if r.method == "PUT"]


def test_a_409_is_reread_and_refused_never_retried(demo, fake, tmp_path):
    run(demo, fake, tmp_path)
    with demo.session() as s:
        latest = s.exec(select(StudySession).where(StudySession.status == "ended")).all()[-1]
        s.add(Takeaway(session_id=latest.id, kind="tip", text="Later"))
    fake.faults.append(Fault(409, "PUT", body={"message": "Version must be incremented"}))
    with pytest.raises(ConfluenceRefused, match=r"changed in Confluence while publishing \(409\)"):
        run(demo, fake, tmp_path)
    assert len([r for r in fake.received if r.method == "PUT"]) == 1
    assert fake.received[-1].method == "GET"  # read again to say where the page is now


def test_a_title_already_used_creates_no_duplicate(demo, fake, tmp_path):
    fake.pages["1500"] = {
        "id": "1500",
        "title": TITLE,
        "space": "AI",
        "body": "<p>someone else's</p>",
        "version": 3,
        "labels": [],
        "ancestors": [],
    }
    with pytest.raises(ConfluenceRefused, match="already has a page titled") as refused:
        run(demo, fake, tmp_path)
    assert "rename or move that page" in str(refused.value)
    assert len(fake.pages) == 2 and fake.pages["1500"]["version"] == 3
    assert records(demo) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"parent_id": "999"}, "cannot find the space AI or parent page 999"),
        ({"space": "NOPE"}, "cannot find the space NOPE"),
    ],
)
def test_a_missing_space_or_parent_is_named(demo, fake, tmp_path, changes, message):
    with pytest.raises(ConfluenceRefused, match=message):
        run(demo, fake, tmp_path, **changes)


def test_wrong_credentials_and_missing_permission_say_which_and_what(demo, fake, tmp_path):
    with pytest.raises(ConfluenceRefused, match="did not accept") as wrong:
        run(demo, fake, tmp_path, token="wrong")
    fake.token = "wrong"  # the server now expects another token: ours must not leak either
    with pytest.raises(ConfluenceRefused) as leaked:
        run(demo, fake, tmp_path)
    assert SENTINEL not in str(leaked.value) and SENTINEL not in repr(leaked.value.args)
    fake.token = SENTINEL
    which = "the e-mail ana@example.com" if fake.deployment == "cloud" else "personal access"
    assert which in str(wrong.value)
    fake.faults.append(Fault(403, body={"message": "no add permission"}))
    with pytest.raises(ConfluenceRefused, match=r"may not do this \(403\).*add or edit pages"):
        run(demo, fake, tmp_path)


def test_rate_limits_are_honoured_then_bounded(demo, fake, tmp_path):
    sleeps = Sleeps()
    fake.faults.append(Fault(429, headers={"Retry-After": "7"}))
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True)
    fake.faults.append(Fault(503, headers={"Retry-After": when}))
    result = run(demo, fake, tmp_path, sleeps=sleeps)
    assert result.outcome == "created"
    assert sleeps[0] == 7 and 25 <= sleeps[1] <= 31
    with demo.session() as s:
        latest = s.exec(select(StudySession).where(StudySession.status == "ended")).all()[-1]
        s.add(Takeaway(session_id=latest.id, kind="tip", text="Later"))
    fake.faults.extend(Fault(503, headers={"Retry-After": "1"}) for _ in range(4))
    sent = len(fake.received)
    with pytest.raises(ConfluenceError, match=r"busy or rate-limiting \(503\) after 4 attempts"):
        run(demo, fake, tmp_path)
    assert len(fake.received) - sent == 4
    fake.faults.append(Fault(429, headers={"Retry-After": "3600"}))
    with pytest.raises(ConfluenceError, match="it asked to wait 3600 s"):
        run(demo, fake, tmp_path)


def test_retry_after_reads_seconds_and_http_dates():
    now = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
    assert retry_after_seconds("12", now) == 12
    assert retry_after_seconds("Sat, 21 Nov 2026 09:30:45 GMT", now) == 45
    assert retry_after_seconds("Sat, 21 Nov 2026 09:00:00 GMT", now) == 0
    assert retry_after_seconds("soon", now) is None and retry_after_seconds(None, now) is None


def test_a_server_error_a_timeout_and_no_network_keep_the_local_file(demo, fake, tmp_path):
    fake.faults.append(Fault(500, method="POST", body={"message": f"boom {SENTINEL}"}))
    with pytest.raises(
        ConfluenceError,
        match=r"Confluence failed \(500\) while creating the page in space AI: boom \*\*\*",
    ) as failed:
        run(demo, fake, tmp_path)
    assert failed.value.exit_code == 3 and SENTINEL not in str(failed.value)
    fake.faults.append(Fault(hang=2.0))
    with pytest.raises(ConfluenceError, match=r"did not answer within 0\.3 s"):
        run(demo, fake, tmp_path, timeout=0.3)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    with pytest.raises(ConfluenceError, match="cannot reach Confluence"):
        run(demo, fake, tmp_path, url=f"http://127.0.0.1:{closed}")
    saved = list((tmp_path / "exports").iterdir())
    assert len(saved) == 1 and "<ac:task-list>" in saved[0].read_text(encoding="utf-8")
    assert records(demo) == []


# The command line, end to end


def configure(cop, fake) -> None:
    args = ["config", "confluence", "--url", fake.url, "--deployment", fake.deployment]
    args += ["--space", "AI", "--parent", PARENT_ID]
    if fake.deployment == "cloud":
        args += ["--email", "ana@example.com"]
    result = cop(*args)
    assert result.code == 0, result.err


def test_cli_publish_then_republish(cop, demo, fake, monkeypatch, tmp_path):
    configure(cop, fake)
    monkeypatch.setenv("COP_CONFLUENCE_TOKEN", SENTINEL)
    out = tmp_path / "page.xml"
    first = cop("export", "--publish", "--output", str(out))
    assert first.code == 0, first.err
    assert "Published a new page: " in first.out and f"Saved a copy in {out}" in first.out
    again = cop("export", "latest", "--publish", "--output", str(out))
    assert again.code == 0 and "Already up to date, nothing sent" in again.out
    older = cop("export", "2026-11-05", "--publish")
    assert older.code == 0 and "Published a new page" in older.out
    assert len(fake.pages) == 3


def test_cli_exit_codes_and_the_token_never_shows(
    cop, demo, fake, monkeypatch, memory_keyring, isolated_home, db_path
):
    unset = cop("export", "--publish")
    assert unset.code == 2 and "Confluence is not set up" in unset.err
    configure(cop, fake)
    no_token = cop("export", "--publish")
    assert no_token.code == 2 and "COP_CONFLUENCE_TOKEN" in no_token.err
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(SENTINEL + "\n"))
    stored = cop("config", "confluence", "--set-token")
    assert stored.code == 0 and "keyring" in stored.out
    outputs = [unset, no_token, stored]
    outputs.append(shown := cop("config", "confluence"))
    assert "Token:       in the system keyring" in shown.out
    fake.faults.append(Fault(500, body={"message": f"echo {SENTINEL}"}))
    outputs.append(broken := cop("export", "--publish"))
    assert broken.code == 3 and "not published; the page body is saved in" in broken.err
    monkeypatch.setenv("COP_CONFLUENCE_TOKEN", "wrong-token")
    outputs.append(refused := cop("export", "--publish"))
    assert refused.code == 2 and "did not accept" in refused.err
    monkeypatch.delenv("COP_CONFLUENCE_TOKEN")
    outputs.append(done := cop("--debug", "export", "--publish"))
    assert done.code == 0, done.err
    outputs.append(mixed := cop("export", "--publish", "--format", "markdown"))
    assert mixed.code == 2 and "--publish sends Confluence storage format" in mixed.err
    forms = secret_forms()
    for result in outputs:
        assert not [form for form in forms if form in result.out + result.err]
    config_file = isolated_home / "config" / "cop" / "config.ini"
    assert not [form for form in forms if form in config_file.read_text(encoding="utf-8")]
    stored = stored_bytes(db_path)
    assert not [form for form in forms if form.encode() in stored]


def test_cli_config_is_checked_and_kept_in_the_user_config_folder(cop, isolated_home):
    bad = cop("config", "confluence", "--url", "ftp://x", "--deployment", "cloud", "--space", "A")
    assert bad.code == 2 and "is not a web address" in bad.err
    plain = cop("config", "confluence", "--url", "http://wiki.example.com", "--deployment",
                "datacenter", "--space", "AI")  # fmt: skip
    assert plain.code == 2 and "use https" in plain.err
    kind = cop("config", "confluence", "--url", "https://x.atlassian.net", "--deployment",
               "server", "--space", "AI")  # fmt: skip
    assert kind.code == 2 and "use cloud or datacenter" in kind.err
    first = cop("config", "confluence", "--space", "AI")
    assert first.code == 2 and "needs --url, --deployment and --space" in first.err
    ok = cop("config", "confluence", "--url", "https://x.atlassian.net/", "--deployment", "cloud",
             "--space", "AI", "--parent", "123", "--email", "ana@example.com")  # fmt: skip
    assert ok.code == 0
    path = isolated_home / "config" / "cop" / "config.ini"
    text = path.read_text(encoding="utf-8")
    assert "url = https://x.atlassian.net/wiki" in text and "parent = 123" in text
    assert cop("config", "confluence", "--parent", "abc").code == 2
    shown = cop("config", "confluence").out
    assert "https://x.atlassian.net/wiki" in shown and "missing" in shown


@pytest.mark.parametrize(
    "fault",
    [
        Fault(200, method="POST", body={"results": "oops", "id": None}),
        Fault(200, method="POST", raw=b"{not json"),
        Fault(200, method="POST", body=["a", "list"]),
        Fault(200, method="POST", body={"id": "123", "version": {"number": "two"}}),
    ],
    ids=["no-id", "not-json", "a-list", "bad-version"],
)
def test_an_answer_of_the_wrong_shape_is_a_failure_and_nothing_is_recorded(
    demo, fake, tmp_path, fault
):
    fake.faults.append(fault)
    with pytest.raises(ConfluenceError, match="nothing was recorded") as failed:
        run(demo, fake, tmp_path)
    assert failed.value.exit_code == 3
    assert records(demo) == []
    outcome = run(demo, fake, tmp_path)  # the next run tries again, and creates the page
    assert outcome.outcome == "created" and len(records(demo)) == 1


def test_the_library_page_is_created_once_then_updated_by_id(
    cop, demo, fake, monkeypatch, memory_keyring
):
    from facilitator.services.captures import add_takeaway

    configure(cop, fake)
    monkeypatch.setenv("COP_CONFLUENCE_TOKEN", SENTINEL)
    first = cop("library", "export", "--publish")
    assert first.code == 0, first.err
    assert "Published a new page" in first.out
    [page] = [p for p in fake.pages.values() if p["title"] == "AI Practice Circle — Library"]
    assert page["labels"] == ["cop-library", "ai-practice-circle"]
    assert "<h2>Prompts</h2>" in page["body"] and page["ancestors"] == [PARENT_ID]
    sent = len(fake.received)
    again = cop("library", "export", "--publish")
    assert "Already up to date, nothing sent" in again.out and len(fake.received) == sent
    session_id = session_report(demo, None, None).session_id
    add_takeaway(demo, session_id, "Name the model version in every prompt", kind="prompt")
    updated = cop("library", "export", "--publish")
    assert "Updated the page (version 2)" in updated.out
    assert "Name the model version" in fake.pages[records(demo)[-1].page_id]["body"]
    assert {r.session_id for r in records(demo)} == {None}  # a library page, not a summary


REDIRECTS = [301, 302, 303, 307, 308]


@pytest.mark.parametrize("status", REDIRECTS)
@pytest.mark.parametrize("elsewhere", [True, False], ids=["another-origin", "same-origin"])
def test_a_redirect_is_refused_and_sends_the_credential_nowhere(
    demo, fake, tmp_path, status, elsewhere
):
    with FakeConfluence(fake.deployment, token="other") as other:
        target = (other.url if elsewhere else fake.url) + "/rest/api/content/9"
        fake.faults.append(Fault(status, method="POST", headers={"Location": target}))
        with pytest.raises(ConfluenceRefused) as refused:
            run(demo, fake, tmp_path)
        message = str(refused.value)
        assert f"answered {status}, redirecting to {target}" in message
        assert "does not follow redirects" in message and SENTINEL not in message
        assert other.received == []  # nothing reached the other host, credential or not
    assert records(demo) == []
    posts = [r for r in fake.received if r.method == "POST"]
    assert len(posts) == 1  # and nothing was retried


def test_an_answer_linking_to_another_site_is_not_recorded(demo, fake, tmp_path):
    page = {
        "id": "4242",
        "title": TITLE,
        "version": {"number": 1},
        "_links": {"base": "https://evil.example.com/wiki", "webui": "/x"},
    }
    fake.faults.append(Fault(200, method="POST", body=page))
    with pytest.raises(ConfluenceError, match="links to another site"):
        run(demo, fake, tmp_path)
    assert records(demo) == []


@pytest.mark.parametrize("status", [400, 500])
def test_an_answer_echoing_the_request_shows_no_form_of_the_credential(
    demo, fake, tmp_path, status
):

    fake.faults.append(Fault(status, method="POST", echo=True))
    with pytest.raises(ConfluenceError) as failed:
        run(demo, fake, tmp_path)
    message = str(failed.value)
    assert "Authorization" in message  # the echo came through
    assert not [form for form in secret_forms() if form in message], message


def test_a_trickling_answer_is_cut_at_the_deadline(demo, fake, tmp_path):
    config = config_for(fake)
    client = publish.client_for(config, SENTINEL, timeout=5.0, deadline=1.0)
    fake.faults.append(Fault(200, method="POST", body={"id": "1"}, trickle=0.2))
    report = session_report(demo, None, None)
    with pytest.raises(ConfluenceError, match="had not finished answering after 1 s"):
        publish.publish(demo, report, config, client, tmp_path / "exports")
    assert records(demo) == []


def test_cloud_pages_go_through_v2_and_only_labels_through_v1(demo, tmp_path):
    with FakeConfluence("cloud", token=SENTINEL) as cloud:
        first = run(demo, cloud, tmp_path)
        with demo.session() as s:
            latest = s.exec(select(StudySession).where(StudySession.status == "ended")).all()[-1]
            s.add(Takeaway(session_id=latest.id, kind="tip", text="Added after the meeting"))
        second = run(demo, cloud, tmp_path)  # the page recorded by the first, updated
        paths = [f"{r.method} {r.path}" for r in cloud.received]
        assert cloud.violations == []
    assert second.outcome == "updated" and second.page_id == first.page_id
    pages = [p for p in paths if not p.endswith("/label")]
    assert all(p.split()[1].startswith("/wiki/api/v2/") for p in pages), paths
    assert {"POST /wiki/api/v2/pages", f"PUT /wiki/api/v2/pages/{first.page_id}"} <= set(paths)
    assert f"GET /wiki/api/v2/pages/{first.page_id}" in paths
    labels = [p for p in paths if p.endswith("/label")]
    assert labels and set(labels) == {f"POST /wiki/rest/api/content/{first.page_id}/label"}


def test_the_deadline_is_set_from_the_environment_and_checked(monkeypatch):
    config = ConfluenceConfig(url="https://x.test/wiki", deployment="cloud", space="AI")
    monkeypatch.setenv("COP_CONFLUENCE_DEADLINE", "90")
    assert publish.client_for(config, "t").deadline == 90
    for bad in ("0", "soon", "100000"):
        monkeypatch.setenv("COP_CONFLUENCE_DEADLINE", bad)
        with pytest.raises(InvalidInput, match="COP_CONFLUENCE_DEADLINE"):
            publish.client_for(config, "t")


def test_a_410_gone_is_a_clear_refusal_and_nothing_is_recorded(demo, fake, tmp_path):
    fake.faults.append(Fault(410, method="POST", body={"message": "Gone"}))
    with pytest.raises(ConfluenceRefused, match=r"Confluence refused \(410\)"):
        run(demo, fake, tmp_path)
    assert records(demo) == []


def test_debug_output_shows_no_form_of_the_credential(cop, demo, fake, memory_keyring):
    import traceback

    from facilitator.cli import main

    configure(cop, fake)
    fake.faults.append(Fault(500, method="POST", echo=True))
    with (
        pytest.MonkeyPatch.context() as patch,
        pytest.raises(ConfluenceError) as failed,
    ):
        patch.setenv("COP_CONFLUENCE_TOKEN", SENTINEL)
        where = ["--db", str(demo.location.path)] if demo.location.path else []
        main([*where, "--debug", "export", "--publish"])
    shown = "".join(traceback.format_exception(failed.value))
    assert "Authorization" in shown and not [f for f in secret_forms() if f in shown]


def test_a_keyring_that_keeps_nothing_is_no_keyring(cop, fake, monkeypatch):
    """The null back-end accepts a token and keeps nothing: saying it is stored would
    leave the next publish without one."""
    import io

    import keyring
    from keyring.backends.null import Keyring

    configure(cop, fake)
    previous = keyring.get_keyring()
    keyring.set_keyring(Keyring())
    try:
        monkeypatch.setattr("sys.stdin", io.StringIO(SENTINEL + "\n"))
        refused = cop("config", "confluence", "--set-token")
    finally:
        keyring.set_keyring(previous)
    assert refused.code == 2 and "COP_CONFLUENCE_TOKEN" in refused.err
    assert "did not keep" in refused.err and SENTINEL not in refused.out + refused.err
