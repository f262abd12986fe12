"""Screens as people see them, at fixed sizes with a frozen clock and the seeded sample.

Regenerate on purpose only: pytest tests/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from facilitator.live_session import LiveSession
from facilitator.services import live

from conftest import FROZEN_NOW
from tui_helpers import FakeTime, make_app

SIZES = [(80, 24), (120, 40)]


def steady(before=None, press: tuple[str, ...] = ()):
    """A run_before that presses keys, runs `before`, then stops every cursor blinking.

    A blinking cursor is drawn or not depending on when the picture is taken; with the
    blink off it is always drawn, so a snapshot never depends on timing.
    """

    async def run(pilot) -> None:
        if press:
            await pilot.press(*press)
            await pilot.pause()
        if before is not None:
            await before(pilot)
        await pilot.app.workers.wait_for_complete()  # e.g. home's warning count
        await pilot.pause()
        for widget in pilot.app.screen.query("Input, TextArea"):
            widget.cursor_blink = False
        await pilot.pause()

    return run


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home(snap_compare, demo_db, size):
    db = demo_db
    assert snap_compare(make_app(db), terminal_size=size, run_before=steady())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_roster(snap_compare, demo_db, size):
    db = demo_db
    assert snap_compare(make_app(db), terminal_size=size, run_before=steady(press=("r",)))


def test_onboarding(snap_compare, db):
    assert snap_compare(make_app(db), terminal_size=(80, 24), run_before=steady())


def test_member_form(snap_compare, demo_db):
    db = demo_db
    assert snap_compare(
        make_app(db),
        terminal_size=(80, 24),
        run_before=steady(
            press=(
                "r",
                "e",
            )
        ),
    )


def test_forget_member_dialog(snap_compare, demo_db):
    """What goes and what stays, then the name to type back, at the smallest size."""
    assert snap_compare(
        make_app(demo_db), terminal_size=(80, 24), run_before=steady(press=("r", "f"))
    )


def live_at(db, part: int, seconds_in: float, talk: bool = False) -> FakeTime:
    """The sample community's session, live and `seconds_in` into agenda part `part`."""
    fake = FakeTime()
    session_id = live.begin_session(db, None, FROZEN_NOW, "Ana Lima", "Prompt patterns")
    session = LiveSession(db, session_id, fake.session_time())
    for row in session.attendance()[:6]:
        session.set_attendance(row.member_id, "present")
    session.start()
    session.add_takeaway("Give the model a rubric, not adjectives", "tip", "Ben Okafor")
    session.add_takeaway("[b]Not bold[/b] | <kept> as typed 🧪", "prompt", None)
    for _ in range(part):
        fake.advance(60)
        session.goto(+1)
    if talk:
        queued = session.add_talk("Chen Wei", "My prompt linter", minutes=5)
        session.start_talk(queued.id)
    fake.advance(seconds_in)
    return fake


async def resume(pilot) -> None:
    await pilot.press("y")
    await pilot.pause()
    pilot.app.clear_notifications()


@pytest.mark.parametrize(
    ("part", "seconds_in", "talk"),
    [(0, 5 * 60 + 12, False), (1, 3 * 60 + 40, True), (2, 14 * 60, False), (0, 17 * 60, False)],
    ids=["input", "practice-talk-running", "dialogue-warning", "input-overtime"],
)
def test_agenda(snap_compare, demo_db, part, seconds_in, talk):
    db = demo_db
    fake = live_at(db, part, seconds_in, talk)
    assert snap_compare(make_app(db, fake), terminal_size=(80, 24), run_before=steady(resume))


def test_topic_board_past_its_timebox(snap_compare, demo_db):
    """Dialogue with the sample's waiting topics voted on, the most voted a minute over."""
    db = demo_db
    fake = live_at(db, 2, 60)
    session_id = db_live_id(db)
    session = LiveSession(db, session_id, fake.session_time())
    board = session.topic_board()
    for topic, votes in zip(board.waiting, (4, 2, 1), strict=False):
        for _ in range(votes):
            session.vote_topic(topic.id, +1)
    session.add_topic("[b]Markup[/b] stays | as typed")
    session.start_next_topic()
    fake.advance(6 * 60)

    async def board_open(pilot) -> None:
        await resume(pilot)
        await pilot.press("d")
        await pilot.pause()

    assert snap_compare(make_app(db, fake), terminal_size=(80, 24), run_before=steady(board_open))


def db_live_id(db) -> str:
    from sqlmodel import select

    from store.models import StudySession

    with db.session() as s:
        return s.exec(select(StudySession.id).where(StudySession.status == "live")).one()


def test_handoff_walk_through(snap_compare, demo_db):
    db = demo_db
    fake = live_at(db, 3, 30)

    async def walk(pilot) -> None:
        await resume(pilot)
        await pilot.press("c")
        await pilot.pause()

    assert snap_compare(make_app(db, fake), terminal_size=(80, 24), run_before=steady(walk))


def test_next_host_at_handoff(snap_compare, demo_db):
    db = demo_db
    fake = live_at(db, 3, 30)

    async def ask(pilot) -> None:
        await resume(pilot)
        await pilot.press("h")
        await pilot.pause()

    assert snap_compare(make_app(db, fake), terminal_size=(80, 24), run_before=steady(ask))


def test_history(snap_compare, demo_db):
    db = demo_db
    assert snap_compare(make_app(db), terminal_size=(80, 24), run_before=steady(press=("h",)))


def test_insights(snap_compare, demo_db):
    db = demo_db
    assert snap_compare(make_app(db), terminal_size=(80, 24), run_before=steady(press=("i",)))


def test_follow_up_review(snap_compare, demo_db):
    db = demo_db

    async def review(pilot) -> None:
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"Chen Wei", "enter")
        await pilot.pause()

    assert snap_compare(make_app(db), terminal_size=(80, 24), run_before=steady(review))


def test_closing_summary(snap_compare, demo_db):
    db = demo_db
    fake = live_at(db, 3, 200)

    async def close(pilot) -> None:
        await resume(pilot)
        await pilot.press("e")
        await pilot.pause()

    assert snap_compare(make_app(db, fake), terminal_size=(80, 24), run_before=steady(close))


def test_check_in(snap_compare, demo_db):
    db = demo_db

    async def check_in(pilot) -> None:
        await pilot.press("s", "enter", "enter")
        await pilot.pause()
        await pilot.press(*"ana", "space")
        await pilot.pause()

    assert snap_compare(make_app(db), terminal_size=(80, 24), run_before=steady(check_in))


async def present(pilot) -> None:
    await resume(pilot)
    await pilot.press("z")
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_presentation_mode(snap_compare, demo_db, size):
    db = demo_db
    fake = live_at(db, 1, 23 * 60 + 10)  # Practice sharing, under two minutes left
    assert snap_compare(make_app(db, fake), terminal_size=size, run_before=steady(present))


def test_presentation_mode_with_a_talk_running_in_overtime(snap_compare, demo_db):
    db = demo_db
    fake = live_at(db, 1, 6 * 60 + 5, talk=True)
    assert snap_compare(make_app(db, fake), terminal_size=(80, 24), run_before=steady(present))


def test_help_on_the_agenda_leaves_the_clock_in_view(snap_compare, demo_db):
    db = demo_db
    fake = live_at(db, 0, 5 * 60)

    async def ask(pilot) -> None:
        await resume(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(db, fake), terminal_size=(80, 24), run_before=steady(ask))


def test_library_search(snap_compare, demo_db):
    db = demo_db

    async def search(pilot) -> None:
        await pilot.press(*"rewrite")
        await pilot.pause()
        await pilot.press("down")

    assert snap_compare(
        make_app(db), terminal_size=(80, 24), run_before=steady(search, press=("k",))
    )


READABLE = [("cop-contrast-dark", False), ("cop-contrast-light", False), (None, True)]
READABLE_IDS = ["contrast-dark", "contrast-light", "no-color"]


@pytest.mark.parametrize(("theme", "no_color"), READABLE, ids=READABLE_IDS)
def test_the_agenda_for_everyone(snap_compare, demo_db, monkeypatch, theme, no_color):
    """Dialogue in its last two minutes: the high-contrast themes and NO_COLOR, where the
    words "2 min left" carry what the amber says elsewhere."""
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    fake = live_at(demo_db, 2, 14 * 60)
    app = make_app(demo_db, fake, theme=theme)
    assert snap_compare(app, terminal_size=(80, 24), run_before=steady(resume))


@pytest.mark.parametrize(("theme", "no_color"), READABLE, ids=READABLE_IDS)
def test_presentation_mode_for_everyone(snap_compare, demo_db, monkeypatch, theme, no_color):
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    fake = live_at(demo_db, 0, 17 * 60)  # Input, two minutes over
    app = make_app(demo_db, fake, theme=theme)
    assert snap_compare(app, terminal_size=(80, 24), run_before=steady(present))


@pytest.mark.parametrize(("theme", "no_color"), READABLE, ids=READABLE_IDS)
def test_insights_for_everyone(snap_compare, demo_db, monkeypatch, theme, no_color):
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(demo_db, theme=theme)
    assert snap_compare(app, terminal_size=(80, 24), run_before=steady(press=("i",)))
