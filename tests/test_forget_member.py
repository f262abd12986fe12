"""Forgetting a member at their request: the name goes everywhere, every count stays.

On the sample data with a few extra texts that name the person (in other cases and
spacing), a draft and a published page, the name and e-mail must appear in no text column
of any table, in no export and in the library, while attendance, follow-through and the
takeaways per session are what they were. A dry run changes nothing, confirmation is
required, and an archive merge in either direction keeps the person forgotten.
"""

from __future__ import annotations

import re

from sqlalchemy import String, Text, func, inspect, select, text, update
from textual.widgets import Button, DataTable, Input

from facilitator.services.archive import export_archive, import_archive
from facilitator.services.forget_member import forget, plan_forget
from store.forgetting import FORMER_MEMBER, REMOVED_TEXT
from store.models import (
    Attendance,
    Commitment,
    Draft,
    LightningTalk,
    Member,
    PublishRecord,
    RotationRecord,
    StudySession,
    Takeaway,
)
from store.types import new_id

from conftest import FROZEN_NOW
from tui_helpers import make_app, type_text, until

NAME = "Ana Lima"
EMAIL = "ana.lima@example.com"
TRACES = re.compile(r"ana\s+lima|ana\.lima@", re.IGNORECASE)


def traces(db) -> list[str]:
    """Every text column of every table (the search index's included) that still holds
    the name or e-mail, on SQLite or PostgreSQL."""
    found = []
    with db.engine.connect() as conn:
        inspector = inspect(conn)
        for table in inspector.get_table_names():
            for column in inspector.get_columns(table):
                if not isinstance(column["type"], String | Text):
                    continue
                quoted = conn.dialect.identifier_preparer.quote
                rows = conn.execute(
                    text(f"SELECT {quoted(column['name'])} FROM {quoted(table)}")
                ).scalars()
                found += [
                    f"{table}.{column['name']}" for value in rows if value and TRACES.search(value)
                ]
    return found


def figures(db) -> dict[str, object]:
    """What must not change: attendance, outcomes and takeaways per session."""
    with db.engine.connect() as conn:

        def per_session(query) -> list[tuple]:
            return sorted(tuple(row) for row in conn.execute(query))

        return {
            "present": per_session(
                select(Attendance.session_id, Attendance.status, func.count()).group_by(
                    Attendance.session_id, Attendance.status
                )
            ),
            "outcomes": per_session(
                select(Commitment.session_id, Commitment.outcome, func.count()).group_by(
                    Commitment.session_id, Commitment.outcome
                )
            ),
            "takeaways": per_session(
                select(Takeaway.session_id, Takeaway.kind, func.count()).group_by(
                    Takeaway.session_id, Takeaway.kind
                )
            ),
            "members": conn.execute(select(func.count()).select_from(Member)).scalar_one(),
        }


def mention_her(db) -> str:
    """Texts other people wrote that name her, a half-typed draft, and a published page;
    returns the id of the session they belong to."""
    with db.engine.begin() as conn:
        ana = conn.execute(select(Member.id).where(Member.name == NAME)).scalar_one()
        ben = conn.execute(select(Member.id).where(Member.name == "Ben Okafor")).scalar_one()
        session_id, taken = conn.execute(
            select(Takeaway.session_id, Takeaway.id).where(Takeaway.author_id == ben).limit(1)
        ).one()
        conn.execute(
            update(Takeaway)
            .where(Takeaway.id == taken)
            .values(text="Pair with ANA  lima on the review prompt (mail ana.lima@example.com)")
        )
        conn.execute(
            update(StudySession)
            .where(StudySession.id == session_id)
            .values(next_topic=f"Agents, with {NAME}'s demo")
        )
        conn.execute(
            RotationRecord.__table__.insert().values(
                id=new_id(), community_id=_community(conn), session_id=session_id,
                member_id=ben, action="skipped", reason=f"{NAME} asked to swap",
                created_at=FROZEN_NOW, changed_at=FROZEN_NOW,
            )
        )  # fmt: skip
        conn.execute(
            Draft.__table__.insert().values(
                id=new_id(), session_id=session_id, form="commitment",
                payload=f'{{"member": "{NAME}", "text": "try agents"}}', updated_at=FROZEN_NOW,
            )
        )  # fmt: skip
        conn.execute(
            PublishRecord.__table__.insert().values(
                id=new_id(), session_id=session_id, target="confluence-cloud",
                location="https://example.atlassian.net/wiki/pages/77", page_id="77",
                page_version=1, content_hash="x", published_at=FROZEN_NOW, changed_at=FROZEN_NOW,
            )
        )  # fmt: skip
        assert ana
    return session_id


def _community(conn) -> str:
    return conn.execute(select(Member.community_id).where(Member.name == NAME)).scalar_one()


def test_forgetting_removes_the_name_everywhere_and_keeps_every_count(
    cop, demo_db, db_path, tmp_path
):
    session_id = mention_her(demo_db)
    before = figures(demo_db)
    assert traces(demo_db)

    done = cop("roster", "forget", NAME, "--yes")
    assert done.code == 0, done.err
    assert f"Forgot {NAME}" in done.out
    assert "https://example.atlassian.net/wiki/pages/77" in done.out
    assert f"cop export {session_id[:8]} --publish" in done.out

    assert traces(demo_db) == []
    assert figures(demo_db) == before
    exported = cop("export", "--all", "-o", str(tmp_path / "exports"))
    assert exported.code == 0, exported.err
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "exports").iterdir()]
    assert pages and not any(TRACES.search(page) for page in pages)
    assert any(FORMER_MEMBER in page for page in pages)
    for listing in (
        cop("library", "export"),
        cop("roster", "list", "--all"),
        cop("roster", "list", "--all", "--json"),
        cop("report", "--quarter", "2026Q3"),
        cop("followup", "list"),
    ):
        assert listing.code == 0, listing.err
        assert not TRACES.search(listing.out)
    assert FORMER_MEMBER not in cop("roster", "list", "--all").out  # on no list
    with demo_db.engine.connect() as conn:
        her = conn.execute(select(Member).where(Member.name == FORMER_MEMBER)).one()
        assert her.forgotten_at is not None and not her.active and her.department is None
        own = conn.execute(select(Commitment.text).where(Commitment.member_id == her.id)).all()
        assert own and {t for (t,) in own} == {REMOVED_TEXT}
        assert conn.execute(select(Draft)).all() == []
    again = cop("roster", "forget", NAME, "--yes")
    assert again.code == 2 and "no member" in again.err.casefold()


def test_a_dry_run_and_a_refused_confirmation_change_nothing(cop, demo_db):
    mention_her(demo_db)
    before = traces(demo_db), figures(demo_db), _rows(demo_db)

    dry = cop("roster", "forget", NAME, "--dry-run")
    assert dry.code == 0, dry.err
    assert f"Would forget {NAME}" in dry.out and "Dry run: nothing was changed." in dry.out
    assert f"the e-mail {EMAIL}" in dry.out
    assert "3 texts naming them: the name is replaced" in dry.out
    assert "1 half-typed draft naming them: deleted" in dry.out

    unconfirmed = cop("roster", "forget", NAME)  # no terminal to ask on, no --yes
    assert unconfirmed.code == 2 and "confirm with --yes" in unconfirmed.err
    assert (traces(demo_db), figures(demo_db), _rows(demo_db)) == before


def _rows(db) -> list:
    with db.engine.connect() as conn:
        return [
            sorted(tuple(map(str, row)) for row in conn.execute(select(model)))
            for model in (Member, Commitment, Takeaway, StudySession, RotationRecord, Draft)
        ]


def test_keep_department_keeps_reach_across_departments(cop, demo_db):
    done = cop("roster", "forget", NAME, "--keep-department", "--yes")
    assert done.code == 0, done.err
    with demo_db.engine.connect() as conn:
        department = conn.execute(
            select(Member.department).where(Member.name == FORMER_MEMBER)
        ).scalar_one()
    assert department == "Engineering"


def test_the_plan_and_the_deed_count_the_same(demo_db):
    mention_her(demo_db)
    plan = plan_forget(demo_db, None, NAME)
    done = forget(demo_db, None, NAME, now=FROZEN_NOW)
    assert done.done and not plan.done
    assert (plan.found, plan.attended, plan.hosted, plan.talks) == (
        done.found, done.attended, done.hosted, done.talks,
    )  # fmt: skip
    assert len(plan.found.mentions) == 3 and plan.found.drafts == 1 and plan.attended > 0


def test_a_forgotten_member_stays_forgotten_through_archive_merges(
    cop, demo_db, another_database, tmp_path
):
    """The old copy of the history (still naming her) merged into the database that forgot
    her, and the forgetting merged into a database that still names her."""
    mention_her(demo_db)
    old_copy = tmp_path / "before.coparchive"
    export_archive(demo_db, old_copy, None)
    other = another_database()
    import_archive(other, old_copy)
    with other.engine.begin() as conn:  # the other laptop changes her afterwards
        conn.execute(update(Member).where(Member.name == NAME).values(email="ana@new.example.com"))
        first = conn.execute(select(Takeaway.id).order_by(Takeaway.id).limit(1)).scalar_one()
        conn.execute(  # and someone there writes her new address down
            update(Takeaway).where(Takeaway.id == first).values(text="ask ana@new.example.com")
        )
    assert traces(other)

    forget(demo_db, None, NAME)
    back = import_archive(demo_db, old_copy)
    assert traces(demo_db) == []
    assert not any(TRACES.search(line) for line in back.report.changes)

    forgetting = tmp_path / "after.coparchive"
    export_archive(demo_db, forgetting, None)
    with other.session() as s:
        her = s.scalars(select(Member.id).where(Member.name == NAME)).one()
    told = import_archive(other, forgetting).report
    assert f"member {her[:8]}: forgotten in the archive" in told.changes
    assert told.tallies["member"].updated == 1
    assert traces(other) == [] and "ana@new.example.com" not in str(_rows(other))
    assert folded_traces(other, "ana@new.example.com") == []  # the address the archive lacked
    assert figures(other) == figures(demo_db)

    newer = tmp_path / "other.coparchive"
    export_archive(other, newer, None)
    import_archive(demo_db, newer)
    assert traces(demo_db) == []


async def test_the_roster_screen_forgets_only_when_the_name_is_typed(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("r", "f")  # Ana Lima, first by name
        dialog = app.screen
        assert type(dialog).__name__ == "ForgetMemberScreen"
        button = dialog.query_one("#forget", Button)
        await type_text(pilot, "Ana Lim")
        await pilot.press("enter")
        assert button.disabled and app.screen is dialog
        await type_text(pilot, "a")
        assert not button.disabled
        await pilot.press("enter")
        await until(
            pilot,
            lambda: (
                type(app.screen).__name__ == "RosterScreen"
                and app.screen.query_one(DataTable).row_count == 17
            ),
        )
        assert app.screen.query_one(DataTable).row_count == 17
        await pilot.press("i")  # inactive members are listed; a forgotten one is not
        assert app.screen.query_one(DataTable).row_count == 17
        await pilot.press("f")
        assert app.screen.query_one("#confirm-name", Input).placeholder != NAME
        question = str(app.screen.query_one("#question").render())
        assert question == "Forget Ben Okafor? This cannot be undone."  # the next by name
        await pilot.press("escape")
    assert traces(demo_db) == []


async def test_deactivate_and_forget_are_different_keys_with_different_questions(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("r", "d")
        assert type(app.screen).__name__ == "ConfirmScreen"
        await pilot.press("n", "f")
        assert "cannot be undone" in str(app.screen.query_one("#question").render())
        await pilot.press("escape")
    with demo_db.engine.connect() as conn:
        assert conn.execute(select(Member.active).where(Member.name == NAME)).scalar_one()


def test_the_store_uses_the_same_statuses_as_the_vocabulary():
    from facilitator.vocabulary import SessionStatus, TalkStatus
    from store import forgetting

    assert (forgetting.QUEUED, forgetting.WITHDRAWN, forgetting.PLANNED) == (
        TalkStatus.QUEUED, TalkStatus.WITHDRAWN, SessionStatus.PLANNED,
    )  # fmt: skip


def test_someone_who_left_gives_no_queued_talk_hosts_nothing_and_is_not_followed_up(cop, demo_db):
    assert cop("talk", "add", NAME, "Agents in CI").code == 0
    assert cop("rotate", "--pick", NAME).code == 0
    assert NAME in cop("followup", "list").out
    plan = cop("roster", "forget", NAME, "--dry-run").out
    assert "1 queued talk: withdrawn" in plan
    assert "1 planned session they were to host: host unassigned" in plan

    assert cop("roster", "forget", NAME, "--yes").code == 0
    [talk] = [line for line in cop("talk", "list").out.splitlines() if "Agents in CI" in line]
    assert talk.split()[-1] == "withdrawn"
    assert FORMER_MEMBER not in cop("followup", "list").out
    assert FORMER_MEMBER not in cop("followup", "nudges").out
    again = cop("rotate", "--dry-run")
    assert again.code == 0 and FORMER_MEMBER not in again.out


ZOE = "Åsa Öberg"
"""A name whose letters change with case and with Unicode normalisation."""


def spellings(name: str) -> list[str]:
    import unicodedata

    forms = [name, name.upper(), name.lower(), name.title(), "  ".join(name.split())]
    forms += [unicodedata.normalize("NFD", form) for form in forms]
    forms.append("-".join(unicodedata.normalize("NFD", name.lower()).split()))  # a tag
    return forms


def folded_traces(db, name: str) -> list[str]:
    """Every text column holding the name in any case, normal form, accents or spacing."""
    import unicodedata

    def fold(value: str) -> str:
        bare = "".join(
            c for c in unicodedata.normalize("NFD", value) if not unicodedata.combining(c)
        )
        return " ".join(bare.casefold().replace("-", " ").split())

    wanted = fold(name)
    found = []
    with db.engine.connect() as conn:
        inspector = inspect(conn)
        quoted = conn.dialect.identifier_preparer.quote
        for table in inspector.get_table_names():
            for column in inspector.get_columns(table):
                if not isinstance(column["type"], String | Text):
                    continue
                rows = conn.execute(
                    text(f"SELECT {quoted(column['name'])} FROM {quoted(table)}")
                ).scalars()
                found += [f"{table}.{column['name']}" for v in rows if v and wanted in fold(v)]
    return found


def test_every_spelling_of_a_name_is_forgotten_in_every_free_text_column(
    cop, demo_db, tmp_path, another_database
):
    """The name planted in every column where a name may be written in passing, in upper,
    lower and title case, NFC and NFD, and as a tag; afterwards no form is left in any
    column, nor in an archive exported afterwards, and every count is what it was."""
    from store.forgetting import FREE_TEXT

    assert cop("roster", "add", ZOE, "--department", "Legal").code == 0
    import json

    first = json.loads(cop("library", "search", "--json").out)["entries"][0]["id"]
    assert cop("library", "edit", first[:8], "--tool", "ChatGPT").code == 0  # an entry
    with demo_db.session() as s:
        for number, column in enumerate(FREE_TEXT):
            table = column.table
            row_id = s.exec(select(table.c.id).limit(1)).scalars().first()
            assert row_id is not None, table.name
            planted = " / ".join(f"asked {form} ({number})" for form in spellings(ZOE))
            s.exec(update(table).where(table.c.id == row_id).values({column.name: planted}))
    before = figures(demo_db)
    assert len(set(folded_traces(demo_db, ZOE))) >= len(FREE_TEXT)
    assert json.loads(cop("library", "search", "öberg", "--json").out)["entries"]
    done = cop("roster", "forget", ZOE, "--yes")
    assert done.code == 0, done.err
    assert folded_traces(demo_db, ZOE) == []
    assert figures(demo_db) == before
    for word in ("öberg", "oberg", "ÖBERG"):  # the search index holds no leftover either
        found = json.loads(cop("library", "search", word, "--json").out)["entries"]
        assert found == [], word
    archive = tmp_path / "after.coparchive"
    export_archive(demo_db, archive, None)
    copy = another_database()
    import_archive(copy, archive)
    assert folded_traces(copy, ZOE) == []


def test_the_exports_folder_is_private_and_forgetting_rewrites_what_it_holds(
    cop, demo_db, tmp_path
):
    import os
    import stat
    import unicodedata

    from facilitator.services.export import write_file
    from facilitator.services.publish import exports_folder

    old = os.umask(0)
    try:
        folder = exports_folder(demo_db)
        page = folder / "2026-11-19-ai-practice-circle.md"
        shout = unicodedata.normalize("NFD", NAME.upper())
        write_file(page, f"# Notes\n\n- {shout} ({EMAIL}) shared a prompt\n- Ben Okafor too\n")
        other = folder / "unrelated.md"
        write_file(other, "# Nothing about her\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(page.stat().st_mode) == 0o600  # whatever the umask
    dry = cop("roster", "forget", NAME, "--dry-run")
    assert dry.code == 0 and str(page) in dry.out and str(other) not in dry.out
    assert shout in page.read_text(encoding="utf-8")  # a dry run changes nothing
    assert cop("roster", "forget", NAME, "--yes").code == 0
    text = page.read_text(encoding="utf-8")
    assert not TRACES.search(unicodedata.normalize("NFC", text)) and EMAIL not in text
    assert "a former member (a former member) shared a prompt" in text and "Ben Okafor" in text
    assert stat.S_IMODE(page.stat().st_mode) == 0o600


def test_every_free_text_column_of_the_model_is_one_forgetting_searches():
    """A text column added later is either searched for names or named here with the
    reason it cannot hold one: the forget rules' list cannot silently fall behind."""
    from test_text_policy import free_text_columns

    from store.forgetting import FREE_TEXT

    searched = {(c.table.name, c.name) for c in FREE_TEXT}
    not_about_people = {
        ("community", "name"): "the community's own name",
        ("member", "name"): "the member's own row (replaced by the rules themselves)",
        ("member", "department"): "cleared, or kept with --keep-department",
        ("agenda_part", "name"): "cop's part names",
        ("warning_threshold", "name"): "cop's threshold names",
        ("survey_question", "text"): "the community's own survey questions, written for all",
        ("survey_question", "answers"): "the answers a survey question offers",
        ("survey_count", "answer"): "one of its question's answers, counted",
        ("survey_import", "digest"): "a digest of a form export's bytes",
        ("chat_post", "subject"): "cop's word for what was posted",
        ("chat_post", "subject_key"): "a session's id or a period's key",
        ("chat_post", "channel"): "the name the facilitator gave a chat channel",
        ("chat_post", "platform"): "slack or teams",
    }
    missing = set(free_text_columns()) - searched - set(not_about_people)
    assert missing == set(), f"add to store.forgetting.FREE_TEXT or explain: {missing}"


def test_a_later_edit_from_a_laptop_that_never_forgot_her_brings_nothing_back(
    demo_db, another_database, tmp_path
):
    """Forgotten here (her department kept); afterwards a laptop that never heard of it
    edits her and writes a note naming her: its archive changes neither her row nor lets
    her name in, and her department stays."""
    from datetime import timedelta

    old_copy = tmp_path / "before.coparchive"
    export_archive(demo_db, old_copy, None)
    other = another_database()
    import_archive(other, old_copy)
    forget(demo_db, None, NAME, keep_department=True)
    with demo_db.session() as s:
        kept = s.scalars(select(Member).where(Member.name == FORMER_MEMBER)).one()
    later = kept.changed_at + timedelta(days=1)
    with other.engine.begin() as conn:
        conn.execute(
            update(Member)
            .where(Member.name == NAME)
            .values(email="ana@later.example.com", changed_at=later)
        )
        first = conn.execute(select(Takeaway.id).order_by(Takeaway.id).limit(1)).scalar_one()
        conn.execute(
            update(Takeaway)
            .where(Takeaway.id == first)
            .values(text="Ana Lima showed it (ana@later.example.com)", changed_at=later)
        )
        planned = conn.execute(
            select(StudySession.id).where(StudySession.status == "planned").limit(1)
        ).scalar_one()
        conn.execute(  # and makes her the next host, and queues a talk of hers
            update(StudySession)
            .where(StudySession.id == planned)
            .values(facilitator_id=kept.id, changed_at=later)
        )
        template = dict(conn.execute(select(LightningTalk.__table__).limit(1)).mappings().one())
        talk_id = new_id()
        conn.execute(
            LightningTalk.__table__.insert().values(
                template
                | {
                    "id": talk_id,
                    "presenter_id": kept.id,
                    "session_id": planned,
                    "status": "queued",
                    "position": 99,
                    "created_at": later,
                    "changed_at": later,
                }
            )
        )
    newer = tmp_path / "other.coparchive"
    export_archive(other, newer, None)
    back = import_archive(demo_db, newer)
    with demo_db.session() as s:  # what the laptop gave her, taken back as forgetting does
        assert s.get(StudySession, planned).facilitator_id is None
        assert s.get(LightningTalk, talk_id).status == "withdrawn"
    assert traces(demo_db) == [] and folded_traces(demo_db, "ana@later.example.com") == []
    with demo_db.session() as s:
        row = s.get(Member, kept.id)
    assert (row.name, row.email, row.department) == (FORMER_MEMBER, None, kept.department)
    assert row.department is not None
    assert back.report.tallies["member"].kept == 1  # hers: forgotten here
