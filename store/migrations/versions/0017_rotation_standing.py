"""Each member's standing in the hosting rotation, kept on the member row by triggers.

The next host's suggestion counted every member's turns and looked for every member's
first attendance on each ruling: in a community of 3,000 people, 50 ms for a choice that
needs the head of the line. The member row now carries `host_turns`, `last_hosted_at` and
`has_attended` (see store.rotation_standing), filled here from the history and recomputed
by triggers whenever a session or an attendance is written (a member is written before
either: the foreign keys see to it), and an index puts
the line in order within the rule's filters. Who is away on a day is found by the end of
their periods, however many periods are past.

The triggers recompute a member's figures from the history (a COUNT over their own
sessions, an EXISTS over their own attendance) rather than adding and subtracting, so
they cannot drift, whatever the order of the writes. SQLite runs the statements in each
trigger's body; PostgreSQL calls one function per table. (As with revision 0006, a later
migration must not rebuild these tables with a batch operation: that drops the triggers;
`cop db check` notices.)

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

HELD = "('live', 'ended')"  # facilitator.vocabulary.HELD when this revision was written

TURNS = """UPDATE member SET
    host_turns = (SELECT COUNT(*) FROM study_session s
                  WHERE s.facilitator_id = member.id AND s.status <> 'cancelled'),
    last_hosted_at = (SELECT MAX(s.scheduled_at) FROM study_session s
                      WHERE s.facilitator_id = member.id AND s.status <> 'cancelled')
    WHERE {who}"""

ATTENDED = f"""UPDATE member SET
    has_attended = EXISTS (SELECT 1 FROM attendance a JOIN study_session s ON s.id = a.session_id
                           WHERE a.member_id = member.id AND a.status = 'present'
                             AND s.status IN {HELD})
    WHERE {{who}}"""

FIRST_ATTENDANCE = f"""UPDATE member SET has_attended = {{yes}}
    WHERE id = NEW.member_id AND NOT has_attended
      AND EXISTS (SELECT 1 FROM study_session s
                  WHERE s.id = NEW.session_id AND s.status IN {HELD})"""
"""A check-in (the common write) only ever turns the flag on: no need to look further."""

ATTENDEES = "id IN (SELECT a.member_id FROM attendance a WHERE a.session_id = {session})"

COLUMNS = [
    "ALTER TABLE member ADD COLUMN host_turns INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE member ADD COLUMN last_hosted_at {timestamp}",
    "ALTER TABLE member ADD COLUMN has_attended BOOLEAN NOT NULL DEFAULT {no}",
]

INDEX = """CREATE INDEX ix_member_rotation ON member (community_id, active, willing_to_facilitate,
    has_attended, host_turns, last_hosted_at, joined_on, forgotten_at)"""


def _sqlite() -> list[str]:
    def trigger(name: str, event: str, *body: str, when: str = "") -> str:
        condition = f" WHEN {when}" if when else ""
        statements = "".join(f"{statement};\n" for statement in body)
        return f"CREATE TRIGGER member_standing_{name} {event}{condition} BEGIN\n{statements}END"

    return [
        trigger(
            "session_insert",
            "AFTER INSERT ON study_session",
            TURNS.format(who="id = NEW.facilitator_id"),
            ATTENDED.format(who=ATTENDEES.format(session="NEW.id")),
        ),
        trigger(
            "session_update",
            "AFTER UPDATE OF facilitator_id, status, scheduled_at ON study_session",
            TURNS.format(who="id IN (OLD.facilitator_id, NEW.facilitator_id)"),
            ATTENDED.format(
                who=f"OLD.status IS NOT NEW.status AND {ATTENDEES.format(session='NEW.id')}"
            ),
        ),
        trigger(
            "session_delete",
            "AFTER DELETE ON study_session",
            TURNS.format(who="id = OLD.facilitator_id"),
            ATTENDED.format(who=ATTENDEES.format(session="OLD.id")),
        ),
        trigger(
            "attendance_insert",
            "AFTER INSERT ON attendance",
            FIRST_ATTENDANCE.format(yes=1),
            when="NEW.status = 'present'",
        ),
        trigger(
            "attendance_update",
            "AFTER UPDATE OF member_id, session_id, status ON attendance",
            ATTENDED.format(who="id IN (OLD.member_id, NEW.member_id)"),
        ),
        trigger(
            "attendance_delete",
            "AFTER DELETE ON attendance",
            ATTENDED.format(who="id = OLD.member_id"),
        ),
    ]


def _postgres() -> list[str]:
    def function(name: str, body: str) -> str:
        return f"""CREATE OR REPLACE FUNCTION member_standing_{name}() RETURNS trigger
            LANGUAGE plpgsql AS $$ BEGIN
            {body}
            RETURN NULL; END $$"""

    def trigger(table: str, name: str, event: str, when: str = "") -> str:
        condition = f" WHEN ({when})" if when else ""
        return (
            f"CREATE TRIGGER member_standing_{name} AFTER {event} ON {table} "
            f"FOR EACH ROW{condition} EXECUTE FUNCTION member_standing_{table}()"
        )

    session = f"""IF TG_OP <> 'INSERT' THEN
                {TURNS.format(who="id = OLD.facilitator_id")};
            END IF;
            IF TG_OP <> 'DELETE' THEN
                {TURNS.format(who="id = NEW.facilitator_id")};
            END IF;
            IF TG_OP = 'DELETE' THEN
                {ATTENDED.format(who=ATTENDEES.format(session="OLD.id"))};
            ELSIF TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM NEW.status THEN
                {ATTENDED.format(who=ATTENDEES.format(session="NEW.id"))};
            END IF;"""
    attendance = f"""IF TG_OP = 'INSERT' THEN
                IF NEW.status = 'present' THEN {FIRST_ATTENDANCE.format(yes="true")}; END IF;
                RETURN NULL;
            END IF;
            IF TG_OP = 'UPDATE' THEN
                {ATTENDED.format(who="id IN (OLD.member_id, NEW.member_id)")};
            ELSE
                {ATTENDED.format(who="id = OLD.member_id")};
            END IF;"""
    return [
        function("study_session", session),
        function("attendance", attendance),
        trigger("study_session", "session_insert", "INSERT"),
        trigger(
            "study_session",
            "session_update",
            "UPDATE OF facilitator_id, status, scheduled_at",
        ),
        trigger("study_session", "session_delete", "DELETE"),
        trigger("attendance", "attendance_insert", "INSERT"),
        trigger("attendance", "attendance_update", "UPDATE OF member_id, session_id, status"),
        trigger("attendance", "attendance_delete", "DELETE"),
    ]


def upgrade() -> None:
    op.create_index("ix_member_unavailability_ends_on", "member_unavailability", ["ends_on"])
    sqlite = op.get_bind().dialect.name == "sqlite"
    timestamp = "DATETIME" if sqlite else "TIMESTAMP WITHOUT TIME ZONE"
    for statement in COLUMNS:
        op.execute(statement.format(timestamp=timestamp, no=0 if sqlite else "false"))
    op.execute(TURNS.format(who="TRUE"))
    op.execute(ATTENDED.format(who="TRUE"))
    op.execute(INDEX)
    for statement in _sqlite() if sqlite else _postgres():
        op.execute(statement)


TRIGGERS = {
    "study_session": ["session_insert", "session_update", "session_delete"],
    "attendance": ["attendance_insert", "attendance_update", "attendance_delete"],
}


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, names in TRIGGERS.items():
        for name in names:
            on = "" if sqlite else f" ON {table}"
            op.execute(f"DROP TRIGGER IF EXISTS member_standing_{name}{on}")
        if not sqlite:
            op.execute(f"DROP FUNCTION IF EXISTS member_standing_{table}()")
    op.execute("DROP INDEX ix_member_rotation")
    op.drop_index("ix_member_unavailability_ends_on", table_name="member_unavailability")
    for column in ("has_attended", "last_hosted_at", "host_turns"):
        op.execute(f"ALTER TABLE member DROP COLUMN {column}")
