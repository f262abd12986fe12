"""Each member's standing in the hosting rotation, kept in step by the database itself.

The fair rule orders the hosting line by each member's turns (how many sessions they host
or hosted, cancelled ones aside) and their latest turn, and it prefers members who have
attended a session. Counted from the history, that is work for every member of the
roster on every ruling: on a server with a community of 3,000 people, most of the time of
the next-host suggestion. So the member row carries the three facts (revision 0017):
`host_turns`, `last_hosted_at` and `has_attended`, recomputed from the sessions and the
attendance by triggers on every insert, update and delete, whoever writes (the ORM, an
archive merge's Core statements, a shell), on SQLite and PostgreSQL alike. An index on the
community, the rule's filters and that order lets the line be read from its head with a
LIMIT. `cop db check` compares them with the history.

They are not among the models: the ORM never loads or writes them, so a member row an
application holds cannot overwrite what a trigger has just counted.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, literal_column

from store.types import UTCDateTime

TURNS = "host_turns"
LAST_TURN = "last_hosted_at"
ATTENDED = "has_attended"
INDEX = "ix_member_rotation"
"""(community_id, active, willing_to_facilitate, has_attended, host_turns, last_hosted_at,
joined_on, forgotten_at): the line's order within the rule's filters, and a covering index
for counting who is left out and why."""

TRIGGER_PREFIX = "member_standing_"


def is_standing_object(name: str | None) -> bool:
    """For schema comparisons: the standing's columns, index and triggers are SQL of their own."""
    return name is not None and (
        name in (TURNS, LAST_TURN, ATTENDED, INDEX) or name.startswith(TRIGGER_PREFIX)
    )


def turns():
    return literal_column(f"member.{TURNS}", Integer)


def last_turn():
    return literal_column(f"member.{LAST_TURN}", UTCDateTime)


def attended():
    return literal_column(f"member.{ATTENDED}", Boolean)


IN_STEP = (
    "members whose rotation standing is out of step with the history",
    f"""SELECT m.id FROM member m
        WHERE m.{TURNS} <> (SELECT COUNT(*) FROM study_session s
                            WHERE s.facilitator_id = m.id AND s.status <> 'cancelled')
           OR m.{LAST_TURN} IS DISTINCT FROM (
                SELECT MAX(s.scheduled_at) FROM study_session s
                WHERE s.facilitator_id = m.id AND s.status <> 'cancelled')
           OR m.{ATTENDED} <> EXISTS (
                SELECT 1 FROM attendance a JOIN study_session s ON s.id = a.session_id
                WHERE a.member_id = m.id AND a.status = 'present'
                  AND s.status IN ('live', 'ended'))""",
)
"""A `cop db check` invariant: the triggers keep these in step; a table rebuilt without
them (or a writer that disabled them) would not."""
