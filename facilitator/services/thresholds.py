"""A community's own warning thresholds: the defaults of facilitator.warning_signs with the
values the community tuned, stored one row per tuned name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlmodel import Session, col, select

from facilitator.errors import InvalidInput
from facilitator.services.communities import community_row
from facilitator.warning_signs import Thresholds, ThresholdSpec, threshold_specs
from store.database import Database
from store.models import Community, WarningThreshold

RESET = "default"


def community_thresholds(s: Session, crow: Community) -> Thresholds:
    return every_community_thresholds(s, [crow])[crow.id]


def every_community_thresholds(
    s: Session, communities: Sequence[Community]
) -> dict[str, Thresholds]:
    """Each community's thresholds by id, read in one statement."""
    ids = [crow.id for crow in communities]
    specs = {spec.name: spec for spec in threshold_specs()}
    values: dict[str, dict[str, Any]] = {id_: {} for id_ in ids}
    for community_id, name, value in s.exec(
        select(WarningThreshold.community_id, WarningThreshold.name, WarningThreshold.value).where(
            col(WarningThreshold.community_id).in_(ids)
        )
    ).all():
        if name in specs:  # a name a later cop dropped is ignored, not an error
            spec = specs[name]
            values[community_id][spec.attribute] = int(value) if spec.whole else value
    return {id_: replace(Thresholds(), **tuned) for id_, tuned in values.items()}


def thresholds_of(db: Database, community: str | None) -> tuple[str, Thresholds]:
    with db.reading(), db.session() as s:
        crow = community_row(s, community)
        return crow.name, community_thresholds(s, crow)


def parse_setting(text: str) -> tuple[ThresholdSpec, float | None]:
    """`NAME=VALUE` (or `NAME=default`) into the threshold and its value (None: reset)."""
    specs = {spec.name: spec for spec in threshold_specs()}
    name, sep, raw = text.partition("=")
    name, raw = name.strip().lower().replace("_", "-"), raw.strip()
    if not sep or not raw:
        raise InvalidInput(f"--threshold {text!r}: write NAME=VALUE, e.g. gap-multiple=2")
    spec = specs.get(name)
    if spec is None:
        raise InvalidInput(f"no threshold called {name!r}; the thresholds are {', '.join(specs)}")
    if raw.lower() == RESET:
        return spec, None
    try:
        value = float(raw.rstrip("%")) / (100 if raw.endswith("%") else 1)
    except ValueError:
        raise InvalidInput(f"--threshold {name}: {raw!r} is not a number") from None
    if spec.whole and value != int(value):
        raise InvalidInput(f"--threshold {name}: {raw!r} must be a whole number")
    if not spec.low <= value <= spec.high:
        raise InvalidInput(
            f"--threshold {name}: {raw} is outside {spec.low:g}–{spec.high:g} ({spec.meaning})"
        )
    return spec, value


def tune_thresholds(db: Database, community: str | None, settings: list[str]) -> Thresholds:
    """Set (or reset) each named threshold; every setting is checked before any is stored."""
    parsed = [parse_setting(text) for text in settings]
    with db.session() as s:
        crow = community_row(s, community)
        for spec, value in parsed:
            row = s.exec(
                select(WarningThreshold)
                .where(WarningThreshold.community_id == crow.id)
                .where(WarningThreshold.name == spec.name)
            ).first()
            if value is None or value == spec.default:
                if row is not None:
                    s.delete(row)
            elif row is None:
                s.add(WarningThreshold(community_id=crow.id, name=spec.name, value=value))
            else:
                row.value = value
                s.add(row)
        s.flush()
        return community_thresholds(s, crow)
