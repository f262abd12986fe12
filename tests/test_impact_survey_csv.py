"""Reading a form tool's CSV export: every delimiter, quoting and refusal, exactly."""

from __future__ import annotations

import pytest

from facilitator.errors import InvalidInput
from facilitator.impact_survey import (
    DEFAULT_ANSWERS,
    DEFAULT_QUESTION,
    Question,
    QuestionResult,
    check_question,
    count_answers,
)

USE = Question(DEFAULT_QUESTION, DEFAULT_ANSWERS)
TOOLS = Question("Tools; models, prompts?", ("chat", "code"))


def counted(text: str, questions=(USE,)) -> tuple[list[dict], int]:
    counts, rows = count_answers(text.encode("utf-8"), "f.csv", list(questions))
    return [dict(c) for c in counts], rows


def refused(text: str | bytes, questions=(USE,)) -> str:
    raw = text if isinstance(text, bytes) else text.encode("utf-8")
    with pytest.raises(InvalidInput) as error:
        count_answers(raw, "f.csv", list(questions))
    return str(error.value)


def test_every_answer_is_counted_not_just_seen():
    text = f"{DEFAULT_QUESTION}\ndecreased\ndecreased\nDecreased\nabout the same\n"
    assert counted(text) == ([{"decreased": 3, "about the same": 1}], 4)


def test_a_header_without_its_question_mark_or_in_other_case_still_matches():
    text = "  HAS the frequency with which you use AI at work   increased \nincreased a lot\n"
    assert counted(text) == ([{"increased a lot": 1}], 1)


@pytest.mark.parametrize(
    "text",
    [
        # a comma file whose quoted heading holds more semicolons than the line has commas
        '"Tools; models, prompts?",Name\nchat,Ana\ncode,Ben\n',
        # a semicolon file whose names hold commas, unquoted, on every line after the first
        '"Tools; models, prompts?";Name\nchat;Lima, Ana, Dr, x\ncode;Okafor, Ben, Mr, y\n',
        # a tab file
        'Name\t"Tools; models, prompts?"\nAna\tchat\nBen\tcode\n',
    ],
)
def test_the_delimiter_is_the_header_lines_outside_its_quotes(text):
    assert counted(text, (TOOLS,)) == ([{"chat": 1, "code": 1}], 2)


def test_a_file_of_one_column():
    assert counted(f"{DEFAULT_QUESTION}\nincreased a little\n") == (
        [{"increased a little": 1}],
        1,
    )


def test_a_short_row_leaves_its_missing_cells_unanswered():
    text = f'Name,{DEFAULT_QUESTION},"Tools; models, prompts?"\nAna,decreased\nBen,,code\n'
    assert counted(text, (USE, TOOLS)) == ([{"decreased": 1}, {"code": 1}], 2)


def test_the_refusals_say_exactly_what_and_where():
    assert refused(f"{DEFAULT_QUESTION}\nsometimes\n") == (
        f"f.csv: line 2: 'sometimes' is not an answer to {DEFAULT_QUESTION!r} "
        "(its answers: increased a lot, increased a little, about the same, decreased)"
    )
    many = ",".join(f"c{n}" for n in range(10))
    assert refused(f"{many}\n1,2\n") == (
        f"f.csv has no column for the question {DEFAULT_QUESTION!r} (line 1 holds 'c0', "
        "'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', …); export the survey's own form"
    )
    nine = ",".join(f"c{n}" for n in range(9))
    assert refused(f"{nine}\n").endswith("'c6', 'c7', …); export the survey's own form")
    eight = ",".join(f"c{n}" for n in range(8))
    assert refused(f"{eight}\n").endswith(
        "(line 1 holds 'c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'); "
        "export the survey's own form"
    )
    assert refused("") == "f.csv is empty"
    assert refused(f"{DEFAULT_QUESTION}\n\n , \n") == "f.csv holds a header but no answers"
    assert refused(b"\xff\xfe") == (
        "f.csv is not UTF-8 text; export it from the form tool as CSV (UTF-8)"
    )


def test_a_field_too_large_for_csv_is_named_with_its_line():
    huge = "x" * 200_000
    assert (
        refused(f"{huge}\n") == "f.csv: line 1 is not CSV (field larger than field limit (131072))"
    )
    assert refused(f'{DEFAULT_QUESTION}\ndecreased\n"{huge}"\n') == (
        "f.csv: line 3 is not CSV (field larger than field limit (131072))"
    )


def test_a_question_is_checked_and_tidied():
    assert check_question("  Which   tool?  ", [" chat  bot ", "", "code"]) == Question(
        "Which tool?", ("chat bot", "code")
    )
    with pytest.raises(InvalidInput, match=r"^a survey question needs its text$"):
        check_question("  ", ["a", "b"])


def test_a_share_of_an_answer_nobody_gave():
    result = QuestionResult(USE, {"decreased": 2})
    assert result.share("about the same") == 0.0
    assert result.share("decreased") == 1.0
    assert QuestionResult(USE, {}).share("decreased") is None
    assert QuestionResult(USE, {"increased a lot": 1, "about the same": 3}).grew == 0.25
