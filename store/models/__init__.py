"""SQLModel tables for the whole cop vocabulary.

These rows never leave store/: services convert them to the plain dataclasses in
facilitator.domain, so the UI never meets a detached ORM instance. Enumerated values are
stored as short strings (see facilitator.domain for the allowed values) so the schema stays
readable with the sqlite3 shell and portable to other SQL servers.
"""

from __future__ import annotations

import importlib
from typing import Any

from sqlalchemy import text

TABLES = {
    "Community": "community_table",
    "Member": "member_table",
    "MemberUnavailability": "member_unavailability_table",
    "StudySession": "study_session_table",
    "AgendaPart": "agenda_part_table",
    "TimerEvent": "timer_event_table",
    "Attendance": "attendance_table",
    "LightningTalk": "lightning_talk_table",
    "Takeaway": "takeaway_table",
    "Commitment": "commitment_table",
    "LibraryEntry": "library_entry_table",
    "CommitmentReview": "commitment_review_table",
    "RotationRecord": "rotation_record_table",
    "PublishRecord": "publish_record_table",
    "WarningThreshold": "warning_threshold_table",
    "ChecklistTick": "checklist_tick_table",
    "CalendarSeries": "calendar_series_table",
    "Draft": "draft_table",
    "Deletion": "deletion_table",
    "SessionPulse": "session_pulse_table",
    "PulseNote": "pulse_note_table",
    "Survey": "survey_table",
    "SurveyQuestion": "survey_question_table",
    "SurveyCount": "survey_count_table",
    "SurveyImport": "survey_import_table",
    "ChatPost": "chat_post_table",
    "DialogueTopic": "dialogue_topic_table",
}
"""Each table's module: a table is built (SQLAlchemy's mapping and pydantic's schema, a
few ms each) the first time it is named, with the tables its keys refer to, so a command
builds the handful it uses rather than all of them."""

OPEN_COMMITMENT = "outcome IS NULL"


def __getattr__(name: str) -> Any:
    module = TABLES.get(name)
    if module is None:
        raise AttributeError(f"module 'store.models' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"store.models.{module}"), name)
    globals()[name] = value
    return value


def load_all() -> None:
    """Build every table: what needs the whole schema (migrations, the schema check,
    archives) calls this before reading SQLModel.metadata."""
    for name in TABLES:
        __getattr__(name)


def declare_server_options() -> None:
    """Give the partial index its PostgreSQL condition, once a server is opened.

    Naming a `postgresql_` option in the model makes SQLAlchemy load its PostgreSQL
    dialect (and asyncio with it, ≈ 50 ms) in every command, though one that reads a
    SQLite file never needs it. The migrations create the index on both engines.
    """
    from sqlmodel import SQLModel

    from store.models.commitment_table import Commitment

    table = SQLModel.metadata.tables[str(Commitment.__tablename__)]
    (index,) = (i for i in table.indexes if i.name == "ix_commitment_open")
    index.dialect_options["postgresql"]["where"] = text(OPEN_COMMITMENT)
