"""Fixed session reports for the exporter tests: one with every section, one with none."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from facilitator.pulse_tally import Pulse
from facilitator.report_data import (
    ReportCommitment,
    ReportFollowUp,
    ReportNext,
    ReportPart,
    ReportPerson,
    ReportTakeaway,
    ReportTalk,
    ReportTopic,
    SessionReport,
)

BERLIN = ZoneInfo("Europe/Berlin")
ANA = ReportPerson("Ana Lima", "Engineering", "5b10ac8d82e05b22cc7d4ef5", "ff8080817a1b2c3d")
BEN = ReportPerson("Ben Okafor", "Sales")
CHEN = ReportPerson("Chen Wei", "HR", None, "8a7f808a6bcd")


PULSE_NOTES = (
    "More <hands-on> & less *talk* | [a link](x) ]]>",
    "Shorter input\nlonger practice",
)


def full_report() -> SessionReport:
    """Every optional section present, with text that needs escaping in both formats."""
    return SessionReport(
        pulse=Pulse(
            session_id="3f1c2b7a9d8e4f60a1b2c3d4e5f60718",
            scheduled_at=datetime(2026, 11, 19, 12, 0, tzinfo=BERLIN),
            counts=(0, 1, 0, 1, 0),
            present=3,
            notes=PULSE_NOTES,
        ),
        session_id="3f1c2b7a9d8e4f60a1b2c3d4e5f60718",
        community="AI Practice Circle",
        scheduled_at=datetime(2026, 11, 19, 12, 0, tzinfo=BERLIN),
        timezone="Europe/Berlin",
        status="ended",
        topic="Prompts | tables & <tags>",
        host=ANA,
        co_host=BEN,
        abandoned=True,
        present=[("Engineering", ["Ana Lima"]), ("Sales", ["Ben Okafor"]), ("Other", ["Zoe"])],
        excused=["Chen Wei"],
        absent=["Dana Cohen"],
        newcomers=["Zoe"],
        parts=[
            ReportPart("Input", 18, 17.6, original_minutes=15),
            ReportPart("Practice sharing", 25, 26.0),
            ReportPart("Dialogue", 13, 13.5, original_minutes=15),
            ReportPart("Handoff", 5, None),
        ],
        talks=[
            ReportTalk("Ben Okafor", "My *prompt* linter", "given"),
            ReportTalk("Chen Wei", "[Agents] in HR", "rolled_over"),
        ],
        takeaways=[
            ReportTakeaway(
                "prompt", "You are a reviewer.\n- List three risks\n# then ask", "Ana Lima"
            ),
            ReportTakeaway("tip", "Use `rubrics` not adjectives ]]> really", None),
            ReportTakeaway("risk", "Pasting <script>alert(1)</script> & secrets", "Ben Okafor"),
        ],
        commitments=[
            ReportCommitment(ANA, "Try the rubric prompt | twice", date(2026, 12, 3), "done"),
            ReportCommitment(BEN, "Share one prompt", date(2026, 12, 3), None),
            ReportCommitment(CHEN, "1. Write it down", date(2026, 12, 3), "carried"),
        ],
        follow_up=[
            ReportFollowUp(BEN, "Summarise a thread", "partly", "Only one | of three"),
            ReportFollowUp(CHEN, "Ask for counter-arguments", "not_tried", None),
        ],
        next_session=ReportNext(
            datetime(2026, 12, 3, 12, 0, tzinfo=BERLIN), "Chen Wei", "Agents in practice"
        ),
        topics=[
            ReportTopic("Which *model* | for <review>?", 4, 450, True),
            ReportTopic("Agents & [risks]", 2, 30, True),
            ReportTopic("# Prompt libraries", 1, 0, False),
            ReportTopic("Agents <in> HR", 0, 0, False),
        ],
    )


def minimal_report() -> SessionReport:
    """No optional section: no host, topic, parts, talks, takeaways, commitments or next."""
    return SessionReport(
        session_id="00000000000000000000000000000001",
        community="Tiny",
        scheduled_at=datetime(2026, 1, 8, 9, 30, tzinfo=ZoneInfo("UTC")),
        timezone="UTC",
        status="ended",
        topic=None,
        host=None,
    )


def busy_report() -> SessionReport:
    """What the other two leave out: a non-ASCII community, a topic longer than a YAML line,
    several names per list, a co-host with a Confluence account, two carried commitments,
    several takeaways of one kind and a next session with no host yet."""
    return SessionReport(
        session_id="00000000000000000000000000000002",
        community="Cercle IA — Zürich",
        scheduled_at=datetime(2026, 12, 3, 12, 0, tzinfo=BERLIN),
        timezone="Europe/Berlin",
        status="ended",
        topic="Evaluating assistants on real tickets: rubrics, baselines, and what we learnt "
        "from the first month",
        host=BEN,
        co_host=ANA,
        present=[("Engineering", ["Ana Lima", "Eli Sato"]), ("Sales", ["Ben Okafor", "Fay"])],
        excused=["Chen Wei", "Gus"],
        absent=["Dana Cohen", "Hal"],
        takeaways=[
            ReportTakeaway("tip", "Ask for a rubric first", "Eli Sato"),
            ReportTakeaway("tip", "Keep a baseline prompt", None),
        ],
        commitments=[
            ReportCommitment(ANA, "Score ten tickets", date(2026, 12, 17), None, carried=True),
            ReportCommitment(BEN, "Share the rubric", date(2026, 12, 17), "partly", carried=True),
            ReportCommitment(CHEN, "Try it on HR mail", date(2026, 12, 17), None),
        ],
        next_session=ReportNext(datetime(2026, 12, 17, 12, 0, tzinfo=BERLIN), None, None),
    )
