"""Impact surveys: create one per half-year, count in a form tool's CSV export or a show of
hands, list and show them. Only counts are stored; every change is one transaction, so a
refused file leaves nothing behind."""

from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from facilitator.errors import Conflict, InvalidInput, NotFound
from facilitator.impact_survey import (
    DEFAULT_ANSWERS,
    DEFAULT_QUESTION,
    Question,
    QuestionResult,
    SurveyResults,
    check_question,
    count_answers,
    key,
)
from facilitator.insight_period import half_key, half_of, parse_half
from facilitator.services.communities import community_row
from store.database import Database
from store.locks import lock_parent
from store.models import Community, Survey, SurveyCount, SurveyImport, SurveyQuestion

ANSWER_LINES = "\n"
"""A question's answers are stored one per line."""


def create_survey(
    db: Database,
    community: str | None,
    period: str | None,
    today: date,
    own: list[tuple[str, list[str]]],
) -> SurveyResults:
    """The playbook's question first, then the community's own (text, answers)."""
    key_ = half_key(parse_half(period) if period else half_of(today))
    questions = [Question(DEFAULT_QUESTION, DEFAULT_ANSWERS)]
    questions += [check_question(text, answers) for text, answers in own]
    if len({key(q.text) for q in questions}) != len(questions):
        raise InvalidInput("two of the survey's questions are the same")
    with db.session() as s:
        crow = community_row(s, community)
        lock_parent(s, Community, crow.id)
        if _find(s, crow.id, key_) is not None:
            raise Conflict(f"{crow.name} already has a survey for {key_}; `cop survey show {key_}`")
        survey = Survey(community_id=crow.id, period_key=key_)
        s.add(survey)
        s.flush()
        for position, question in enumerate(questions, start=1):
            s.add(
                SurveyQuestion(
                    survey_id=survey.id,
                    position=position,
                    text=question.text,
                    answers=ANSWER_LINES.join(question.answers),
                )
            )
        s.flush()
        return _results(s, survey)


def _find(s: Session, community_id: str, period_key: str) -> Survey | None:
    return s.exec(
        select(Survey)
        .where(Survey.community_id == community_id)
        .where(Survey.period_key == period_key)
    ).first()


def _survey(s: Session, community: str | None, period: str | None) -> Survey:
    """The survey of `period` (2026H2), or the latest one."""
    crow = community_row(s, community)
    if period:
        key_ = half_key(parse_half(period))
        found = _find(s, crow.id, key_)
        if found is None:
            raise NotFound(
                f"{crow.name} has no survey for {key_}; `cop survey create --period {key_}`"
            )
        return found
    latest = s.exec(
        select(Survey)
        .where(Survey.community_id == crow.id)
        .order_by(col(Survey.period_key).desc())
        .limit(1)
    ).first()
    if latest is None:
        raise NotFound(f"{crow.name} has no survey yet; `cop survey create` makes one")
    return latest


def _questions(s: Session, survey: Survey) -> list[SurveyQuestion]:
    return list(
        s.exec(
            select(SurveyQuestion)
            .where(SurveyQuestion.survey_id == survey.id)
            .order_by(SurveyQuestion.position)
        ).all()
    )


def _as_question(row: SurveyQuestion) -> Question:
    return Question(row.text, tuple(row.answers.split(ANSWER_LINES)))


def _results(s: Session, survey: Survey) -> SurveyResults:
    rows = _questions(s, survey)
    counts: dict[str, dict[str, int]] = {row.id: {} for row in rows}
    for question_id, answer, n in s.exec(
        select(SurveyCount.question_id, SurveyCount.answer, SurveyCount.count).where(
            col(SurveyCount.question_id).in_([row.id for row in rows])
        )
    ).all():
        counts[question_id][answer] = n
    files = s.exec(
        select(func.count(SurveyImport.id)).where(SurveyImport.survey_id == survey.id)
    ).one()
    return SurveyResults(
        survey.period_key,
        tuple(
            QuestionResult(
                question,
                {a: counts[row.id].get(a, 0) for a in question.answers},
            )
            for row, question in ((row, _as_question(row)) for row in rows)
        ),
        files,
    )


def _add(s: Session, question_id: str, answer: str, n: int) -> None:
    row = s.exec(
        select(SurveyCount)
        .where(SurveyCount.question_id == question_id)
        .where(SurveyCount.answer == answer)
    ).first() or SurveyCount(question_id=question_id, answer=answer, count=0)
    row.count += n
    s.add(row)


def import_answers(
    db: Database, community: str | None, period: str | None, raw: bytes, name: str
) -> tuple[SurveyResults, int]:
    """Count a form export's answers into the survey; the same file twice is refused."""
    digest = hashlib.sha256(raw).hexdigest()
    with db.session() as s:
        survey = _survey(s, community, period)
        lock_parent(s, Survey, survey.id)
        rows = _questions(s, survey)
        counted = s.exec(
            select(SurveyImport)
            .where(SurveyImport.survey_id == survey.id)
            .where(SurveyImport.digest == digest)
        ).first()
        if counted is not None:
            raise Conflict(
                f"{name} was already counted into the {survey.period_key} survey "
                f"on {counted.created_at:%Y-%m-%d}; nothing was added"
            )
        per_question, responses = count_answers(raw, name, [_as_question(r) for r in rows])
        for row, found in zip(rows, per_question, strict=True):
            for answer, n in found.items():
                _add(s, row.id, answer, n)
        s.add(SurveyImport(survey_id=survey.id, digest=digest, responses=responses))
        s.flush()
        return _results(s, survey), responses


def tally(
    db: Database,
    community: str | None,
    period: str | None,
    position: int,
    given: dict[str, int],
) -> SurveyResults:
    """Add a show of hands in the room to one question (`position`, from 1)."""
    if not given:
        raise InvalidInput('give the hands per answer, such as --answer "increased a lot=4"')
    with db.session() as s:
        survey = _survey(s, community, period)
        lock_parent(s, Survey, survey.id)
        rows = _questions(s, survey)
        if not 1 <= position <= len(rows):
            raise InvalidInput(f"the {survey.period_key} survey has questions 1 to {len(rows)}")
        row = rows[position - 1]
        question = _as_question(row)
        accepted = {key(a): a for a in question.answers}
        for typed, n in given.items():
            answer = accepted.get(key(typed))
            if answer is None:
                raise InvalidInput(
                    f"{typed!r} is not an answer to {question.text!r} "
                    f"(its answers: {', '.join(question.answers)})"
                )
            if n < 0:
                raise InvalidInput(f"{answer!r} counts hands, so it cannot be {n}")
            _add(s, row.id, answer, n)
        s.flush()
        return _results(s, survey)


def show_survey(db: Database, community: str | None, period: str | None) -> SurveyResults:
    with db.reading(), db.session() as s:
        return _results(s, _survey(s, community, period))


def list_surveys(db: Database, community: str | None) -> list[SurveyResults]:
    """Every survey of the community, the latest half-year first (two a year: a short list)."""
    with db.reading(), db.session() as s:
        crow = community_row(s, community)
        surveys = s.exec(
            select(Survey)
            .where(Survey.community_id == crow.id)
            .order_by(col(Survey.period_key).desc())
        ).all()
        return [_results(s, survey) for survey in surveys]
