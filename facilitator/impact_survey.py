"""The impact survey: what it asks, and reading the answers out of a form tool's CSV export.

The community's playbook asks twice a year "Has the frequency with which you use AI at
work increased?". People answer in whatever form tool the company uses (Microsoft Forms,
Google Forms and the like); their CSV export has a column per question, headed by its text,
beside columns cop must not keep (names, e-mails, times). Reading keeps only how many gave
each answer. Pure: the service stores the counts.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field

from facilitator.errors import InvalidInput

DEFAULT_QUESTION = "Has the frequency with which you use AI at work increased?"
DEFAULT_ANSWERS = ("increased a lot", "increased a little", "about the same", "decreased")
GREW = frozenset({"increased a lot", "increased a little"})
"""The default question's answers that say AI use grew (the figure its trend follows)."""
DELIMITERS = ",;\t"


@dataclass(frozen=True)
class Question:
    text: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class QuestionResult:
    """One question's answers as counts, in the order of its answers."""

    question: Question
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def responses(self) -> int:
        return sum(self.counts.values())

    def share(self, answer: str) -> float | None:
        return self.counts.get(answer, 0) / self.responses if self.responses else None

    @property
    def grew(self) -> float | None:
        """For the default question: the share who said their use increased."""
        if not self.responses:
            return None
        return sum(n for answer, n in self.counts.items() if answer in GREW) / self.responses


def key(text: str) -> str:
    """Text compared as a person would: case, spacing and a trailing ?, : or . ignored."""
    return " ".join(text.casefold().split()).rstrip(" ?:.")


def check_question(text: str, answers: list[str]) -> Question:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise InvalidInput("a survey question needs its text")
    listed = tuple(" ".join(a.split()) for a in answers if a.strip())
    if len(listed) < 2:
        raise InvalidInput(f"the question {cleaned!r} needs at least two answers")
    if len({key(a) for a in listed}) != len(listed):
        raise InvalidInput(f"the question {cleaned!r} lists an answer twice")
    return Question(cleaned, listed)


def decode(raw: bytes, name: str) -> str:
    """UTF-8 with or without its byte order mark (Excel's "CSV UTF-8" writes one)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            f"{name} is not UTF-8 text; export it from the form tool as CSV (UTF-8)"
        ) from None


def _dialect(text: str) -> str:
    """The delimiter of the header line, outside quotes: a comma, a semicolon (Excel in
    much of Europe) or a tab."""
    header = text.split("\n", 1)[0]
    outside = re.sub(r'"[^"]*"', "", header)
    counts = {d: outside.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def count_answers(
    raw: bytes, name: str, questions: list[Question]
) -> tuple[list[Counter[str]], int]:
    """Per question, how many gave each answer, and how many rows the file held. Refuses
    (naming the line) a file without a column for each question, an answer a question does
    not list, or no rows at all. Every other column is read past and kept nowhere."""
    text = decode(raw, name)
    if not text.strip():
        raise InvalidInput(f"{name} is empty")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text))
    try:
        header = next(reader)
    except csv.Error as error:
        raise InvalidInput(f"{name}: line 1 is not CSV ({error})") from None
    columns = {key(h): i for i, h in reversed(list(enumerate(header)))}
    where = []
    for question in questions:
        if key(question.text) not in columns:
            heads = ", ".join(repr(h) for h in header[:8]) + (", …" if len(header) > 8 else "")
            raise InvalidInput(
                f"{name} has no column for the question {question.text!r} "
                f"(line 1 holds {heads}); export the survey's own form"
            )
        where.append(columns[key(question.text)])
    accepted = [{key(a): a for a in q.answers} for q in questions]
    counts: list[Counter[str]] = [Counter() for _ in questions]
    rows = 0
    line = reader.line_num + 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                rows += 1
                for index, question in enumerate(questions):
                    cell = record[where[index]] if where[index] < len(record) else ""
                    if not cell.strip():
                        continue  # not answered
                    answer = accepted[index].get(key(cell))
                    if answer is None:
                        raise InvalidInput(
                            f"{name}: line {line}: {cell.strip()!r} is not an answer to "
                            f"{question.text!r} (its answers: {', '.join(question.answers)})"
                        )
                    counts[index][answer] += 1
            line = reader.line_num + 1
    except csv.Error as error:
        raise InvalidInput(f"{name}: line {line} is not CSV ({error})") from None
    if not rows:
        raise InvalidInput(f"{name} holds a header but no answers")
    return counts, rows


@dataclass(frozen=True)
class SurveyResults:
    """A survey as it stands: its half-year and each question's counts."""

    period: str
    """As stored and typed: 2026H2."""
    results: tuple[QuestionResult, ...]
    files: int
    """Form exports counted into it."""

    @property
    def responses(self) -> int:
        """How many answered its first question (the playbook's own)."""
        return self.results[0].responses if self.results else 0
