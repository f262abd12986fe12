"""The impact survey: created per half-year, answered in form tools or by hands, counts only."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import inspect

from store.models import Survey, SurveyCount, SurveyImport, SurveyQuestion

from conftest import stored_bytes

QUESTION = "Has the frequency with which you use AI at work increased?"
TOOL = "Which tool do you use most?"


def microsoft_forms(rows: list[tuple[str, str, str]]) -> bytes:
    """Shaped like a Microsoft Forms export saved by Excel in much of Europe: a byte order
    mark, semicolons, the respondent's id, times, e-mail and name before the questions."""
    head = f"ID;Start time;Completion time;Email;Name;{QUESTION};{TOOL}\r\n"
    body = "".join(
        f'{n};2026-11-02 09:0{n};2026-11-02 09:1{n};p{n}@example.com;"{name}";{use};{tool}\r\n'
        for n, (name, use, tool) in enumerate(rows, start=1)
    )
    return ("\ufeff" + head + body).encode("utf-8")


def google_forms(rows: list[tuple[str, str]]) -> bytes:
    """Shaped like a Google Forms export: a timestamp and an e-mail column, commas, every
    answer quoted, a comment with a line break inside its quotes."""
    head = f'"Timestamp","Email Address","{QUESTION}","{TOOL}","Anything else?"\n'
    body = "".join(
        f'"2026/11/02 10:0{n}:00","q{n}@example.com","{use}","{tool}","line one\nline two"\n'
        for n, (use, tool) in enumerate(rows, start=1)
    )
    return (head + body).encode("utf-8")


@pytest.fixture
def survey(demo_db, cop):
    said = cop("survey", "create", "--question", TOOL, "--answers", "ChatGPT; Copilot; other")
    assert said.code == 0, said.err
    return said


def shown(cop) -> dict:
    return json.loads(cop("survey", "show", "--json").out)


def test_a_survey_starts_with_the_playbooks_question(survey, cop):
    assert "Created the 2026H2 survey with 2 question(s)." in survey.out
    now = shown(cop)
    assert now["period"] == "2026H2"
    assert [q["text"] for q in now["questions"]] == [QUESTION, TOOL]
    assert now["questions"][0]["answers"] == {
        "increased a lot": 0,
        "increased a little": 0,
        "about the same": 0,
        "decreased": 0,
    }


def test_two_form_tools_exports_are_counted(survey, cop, tmp_path):
    ms = tmp_path / "forms.csv"
    ms.write_bytes(
        microsoft_forms(
            [
                ("Ana Lima", "Increased a lot", "Copilot"),
                ("Ben; Okafor", "increased a little", "ChatGPT"),
                ("Chen Wei", "", "other"),  # left the first question unanswered
            ]
        )
    )
    said = cop("survey", "import", str(ms))
    assert said.code == 0, said.err
    assert "Counted 3 response(s) from forms.csv into the 2026H2 survey." in said.out
    google = tmp_path / "google.csv"
    google.write_bytes(google_forms([("about the same", "ChatGPT"), ("Decreased", "Copilot")]))
    assert cop("survey", "import", str(google)).code == 0
    now = shown(cop)
    assert now["questions"][0]["answers"] == {
        "increased a lot": 1,
        "increased a little": 1,
        "about the same": 1,
        "decreased": 1,
    }
    assert now["questions"][1]["answers"] == {"ChatGPT": 2, "Copilot": 2, "other": 1}
    assert now["files"] == 2
    listed = cop("survey", "list").out
    assert "2026H2  4          50%            2" in listed


def test_nothing_of_a_respondent_is_kept(survey, cop, tmp_path, demo_db):
    """Names, e-mails and times are read past; the tables have no place for them."""
    export = tmp_path / "forms.csv"
    export.write_bytes(microsoft_forms([("Zed Secret", "decreased", "other")]))
    assert cop("survey", "import", str(export)).code == 0
    with demo_db.session() as s:
        schema = inspect(s.connection())
        for model in (Survey, SurveyQuestion, SurveyCount, SurveyImport):
            columns = {c["name"] for c in schema.get_columns(model.__tablename__)}
            assert not [c for c in columns if "member" in c or "email" in c or "name" in c]
            dumped = json.dumps([list(map(str, row)) for row in s.exec(model.__table__.select())])
            assert "Zed" not in dumped and "example.com" not in dumped
            # the respondent's start and completion times (the rows' own times are now)
            assert "2026-11-02 09:01" not in dumped and "2026-11-02 09:11" not in dumped


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "is empty"),
        (b"\xef\xbb\xbf  \n", "is empty"),
        (f"{QUESTION};{TOOL}\n".encode(), "holds a header but no answers"),
        (b"Timestamp,Score\n2026,5\n", "has no column for the question"),
        (f"{QUESTION},{TOOL}\n".encode() + b"\xff\xfe\n", "is not UTF-8"),
        (
            google_forms([("about the same", "ChatGPT"), ("sometimes", "ChatGPT")]),
            # the first row spans lines 2 and 3 (a line break inside quotes)
            "line 4: 'sometimes' is not an answer to",
        ),
        (google_forms([("about the same", "Claude")]), "'Claude' is not an answer to"),
    ],
)
def test_a_file_that_does_not_fit_is_refused_whole(survey, cop, db_path, tmp_path, content, says):
    export = tmp_path / "answers.csv"
    export.write_bytes(content)
    before = stored_bytes(db_path)
    said = cop("survey", "import", str(export))
    assert said.code == 2, said.out
    assert says in said.err and len(said.err.strip().splitlines()) == 1
    assert stored_bytes(db_path) == before


def test_the_same_file_is_not_counted_twice(survey, cop, db_path, tmp_path):
    export = tmp_path / "forms.csv"
    export.write_bytes(microsoft_forms([("Ana Lima", "decreased", "other")]))
    assert cop("survey", "import", str(export)).code == 0
    before = stored_bytes(db_path)
    again = cop("survey", "import", str(export))
    assert again.code == 2 and "was already counted into the 2026H2 survey" in again.err
    assert stored_bytes(db_path) == before


def test_a_show_of_hands(survey, cop, db_path):
    said = cop("survey", "tally", "--answer", "Increased a little=4", "--answer", "decreased=1")
    assert said.code == 0, said.err
    assert "increased a little: 4 (80%)" in said.out
    assert cop("survey", "tally", "--question", "2", "--answer", "other=2").code == 0
    assert shown(cop)["questions"][1]["answers"]["other"] == 2
    before = stored_bytes(db_path)
    for args, says in [
        (("--answer", "often=2"), "'often' is not an answer to"),
        (("--answer", "decreased"), 'takes "ANSWER=HANDS"'),
        (("--answer", "decreased=-2"), "cannot be -2"),
        (("--question", "3", "--answer", "other=1"), "has questions 1 to 2"),
        ((), "give the hands per answer"),
        (("--period", "2026H1", "--answer", "decreased=1"), "has no survey for 2026H1"),
        (("--period", "2026Q4", "--answer", "decreased=1"), "is not a half-year"),
    ]:
        refused = cop("survey", "tally", *args)
        assert refused.code == 2 and says in refused.err, (args, refused.err)
    assert stored_bytes(db_path) == before


def test_one_survey_per_half_year_and_bad_questions(survey, cop, db_path):
    before = stored_bytes(db_path)
    for args, says in [
        ((), "already has a survey for 2026H2"),
        (("--period", "2027H1", "--question", "Q?"), "give each --question its --answers"),
        (("--period", "2027H1", "--question", "Q?", "--answers", "yes"), "at least two answers"),
        (("--period", "2027H1", "--question", QUESTION, "--answers", "a;b"), "are the same"),
        (("--period", "2027H1", "--question", "Q?", "--answers", "a;A"), "lists an answer twice"),
    ]:
        refused = cop("survey", "create", *args)
        assert refused.code == 2 and says in refused.err, (args, refused.err)
    assert stored_bytes(db_path) == before
    assert cop("survey", "create", "--period", "2027h1").code == 0
    assert [s["period"] for s in json.loads(cop("survey", "list", "--json").out)] == [
        "2027H1",
        "2026H2",
    ]


def test_no_survey_yet_is_said(demo_db, cop):
    assert "No survey yet" in cop("survey", "list").out
    refused = cop("survey", "show")
    assert refused.code == 2 and "has no survey yet" in refused.err
