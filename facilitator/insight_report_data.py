"""The insights report as plain values, for the exporters (which never see the database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from facilitator.insight_data import ImpactHalf, PeriodFigures, SessionPoint
from facilitator.launch_checklist import ChecklistLine
from facilitator.warning_signs import Warning


@dataclass(frozen=True)
class InsightReport:
    community: str
    period: PeriodFigures
    before: PeriodFigures
    first_day: date
    last_day: date
    generated_on: date
    sessions: list[SessionPoint]
    inactive: tuple[str, ...]
    inactive_after: int
    """Sessions missed in a row that make an active member inactive (the community's)."""
    warnings: list[Warning]
    most_tried: list[tuple[str, int, int]]
    checklist: list[ChecklistLine]
    impact: list[ImpactHalf] = field(default_factory=list)
    """The half-year before the period's last day, then its own half-year."""
