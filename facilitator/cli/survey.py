"""`cop survey`: the impact survey twice a year, answered in any form tool or by hands."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from facilitator.cli.common import (
    CommunityOption,
    JsonOption,
    command_group,
    open_db,
    print_json,
    say,
    table,
)

if TYPE_CHECKING:
    from facilitator.impact_survey import SurveyResults

app = command_group("survey")

PeriodOption = Annotated[
    str | None,
    typer.Option("--period", help="The half-year, such as 2026H2 (default: the latest survey)."),
]


@app.command("create")
def create(
    period: Annotated[
        str | None,
        typer.Option("--period", help="The half-year, such as 2026H2 (default: this one)."),
    ] = None,
    question: Annotated[
        list[str] | None,
        typer.Option("--question", help="A question of the community's own (with --answers)."),
    ] = None,
    answers: Annotated[
        list[str] | None,
        typer.Option("--answers", help="Its answers, separated by semicolons: 'a; b; c'."),
    ] = None,
    community: CommunityOption = None,
) -> None:
    """Create the half-year's survey: the playbook's question ("Has the frequency with which
    you use AI at work increased?") and any of the community's own."""
    from facilitator.clock import utc_now
    from facilitator.errors import InvalidInput
    from facilitator.services.surveys import create_survey

    asked, listed = list(question or []), list(answers or [])
    if len(asked) != len(listed):
        raise InvalidInput("give each --question its --answers (as many of one as of the other)")
    own = [(text, choices.split(";")) for text, choices in zip(asked, listed, strict=True)]
    made = create_survey(open_db(), community, period, utc_now().date(), own)
    say(f"Created the {made.period} survey with {len(made.results)} question(s).")
    say("Share its questions in a form tool, then `cop survey import FILE.csv`;")
    say('or count hands in the room with `cop survey tally --answer "increased a lot=N"`.')
    _print(made)


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="The form tool's CSV export.", show_default=False)],
    period: PeriodOption = None,
    community: CommunityOption = None,
) -> None:
    """Count a form export's answers (Microsoft Forms, Google Forms …): only the counts are
    kept, never names, e-mails or times. The same file is never counted twice."""
    from facilitator.errors import InvalidInput
    from facilitator.services.surveys import import_answers

    try:
        raw = file.read_bytes()
    except OSError as error:
        raise InvalidInput(f"cannot read {file}: {error.strerror or error}") from None
    results, rows = import_answers(open_db(), community, period, raw, file.name)
    say(f"Counted {rows} response(s) from {file.name} into the {results.period} survey.")
    _print(results)


@app.command("tally")
def tally_(
    answer: Annotated[
        list[str] | None,
        typer.Option("--answer", help='Hands for one answer: "increased a lot=4" (repeat).'),
    ] = None,
    question: Annotated[
        int, typer.Option("--question", help="Which question, from 1 (the playbook's).")
    ] = 1,
    period: PeriodOption = None,
    community: CommunityOption = None,
) -> None:
    """Add a show of hands in the room to a question's counts."""
    from facilitator.errors import InvalidInput
    from facilitator.services.surveys import tally

    given: dict[str, int] = {}
    for item in answer or []:
        text, sep, number = item.rpartition("=")
        if not sep or not text.strip() or not number.strip().lstrip("-").isdigit():
            raise InvalidInput(
                f'--answer takes "ANSWER=HANDS", such as "about the same=3", not {item!r}'
            )
        given[text.strip()] = given.get(text.strip(), 0) + int(number)
    _print(tally(open_db(), community, period, question, given))


@app.command("list")
def list_(as_json: JsonOption = False, community: CommunityOption = None) -> None:
    """Every survey, the latest first, with how many answered and how many said their AI
    use increased."""
    from facilitator.services.surveys import list_surveys

    surveys = list_surveys(open_db(reading=True), community)
    if as_json:
        print_json([_plain(r) for r in surveys])
        return
    if not surveys:
        say("No survey yet: `cop survey create` makes this half-year's.")
        return
    table(
        "Impact surveys",
        ["Period", "Responses", "Use increased", "Files"],
        [
            [
                r.period,
                r.responses,
                "—" if r.results[0].grew is None else f"{r.results[0].grew:.0%}",
                r.files,
            ]
            for r in surveys
        ],
    )


@app.command("show")
def show(
    period: Annotated[
        str | None, typer.Argument(help="The half-year (default: the latest).", show_default=False)
    ] = None,
    as_json: JsonOption = False,
    community: CommunityOption = None,
) -> None:
    """A survey's questions with the count and share of each answer."""
    from facilitator.services.surveys import show_survey

    results = show_survey(open_db(reading=True), community, period)
    if as_json:
        print_json(_plain(results))
        return
    _print(results)


def _plain(r: SurveyResults) -> dict:
    return {
        "period": r.period,
        "responses": r.responses,
        "files": r.files,
        "questions": [
            {"text": q.question.text, "answers": q.counts, "responses": q.responses}
            for q in r.results
        ],
    }


def _print(r: SurveyResults) -> None:
    for number, q in enumerate(r.results, start=1):
        say(f"\n{number}. {q.question.text} ({q.responses} answered)")
        for answer in q.question.answers:
            share = q.share(answer)
            shown = "" if share is None else f" ({share:.0%})"
            say(f"   {answer}: {q.counts.get(answer, 0)}{shown}")
