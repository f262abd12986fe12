"""Roster import from a real HR export, and export back to CSV.

HR exports vary: comma or semicolon, a BOM from Excel, "Full name" or "E-mail" headers,
blank lines. Import reports every bad row with its line number and reason, skips rows that
repeat an earlier one, and matches existing members by e-mail, then by name, so importing
the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session

from facilitator import domain
from facilitator.errors import CopError, InvalidInput
from facilitator.services.communities import community_row
from facilitator.services.roster import (
    MemberFields,
    apply_fields,
    check_unique,
    create_member,
    member_rows,
    parse_roles,
)
from facilitator.text import clean_email, clean_name, clean_optional
from store.database import Database
from store.models import Member

HEADER_ALIASES = {
    "name": ("name", "fullname", "displayname", "employee", "employeename", "person"),
    "email": ("email", "emailaddress", "mail", "workemail"),
    "department": ("department", "function", "team", "dept", "division", "unit"),
    "roles": ("role", "roles"),
    "facilitates": ("facilitates", "willingtofacilitate", "canhost", "host"),
}
EXPORT_HEADER = ("Name", "Email", "Department", "Roles", "Facilitates", "Active", "Joined")
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0", ""}


def _normalise(header: str) -> str:
    return "".join(ch for ch in header.casefold() if ch.isalnum())


def _column_map(header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        key = _normalise(raw)
        for field, aliases in HEADER_ALIASES.items():
            if key in aliases and field not in columns:
                columns[field] = index
    if "name" not in columns:
        found = ", ".join(h for h in header if h.strip()) or "none"
        raise InvalidInput(f"the file has no Name column (headers found: {found})")
    return columns


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"{path} does not exist") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a folder, not a CSV file") from None
    except PermissionError:
        raise InvalidInput(f"{path} cannot be read (permission denied)") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise InvalidInput(
            f"{path} line {line} is not UTF-8; save the file as 'CSV UTF-8' and retry"
        ) from None


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    sample = "\n".join(line for line in text.splitlines()[:20] if line.strip())
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        first = sample.splitlines()[0] if sample else ""
        return csv.excel if first.count(",") >= first.count(";") else _Semicolon


class _Semicolon(csv.excel):
    delimiter = ";"


@dataclass
class _Row:
    line: int
    fields: MemberFields


def _parse_rows(text: str) -> tuple[list[_Row], list[domain.ImportProblem]]:
    """The members of a CSV text, and a problem per line that cannot be one. A quote opened
    and never closed would swallow every later line into one name: that is refused."""
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text), strict=True)
    try:
        return _read_rows(reader)
    except csv.Error as error:
        raise InvalidInput(
            f"the file cannot be read as CSV ({error}, line {reader.line_num}); a quote is "
            "probably opened and never closed"
        ) from None


def _read_rows(reader) -> tuple[list[_Row], list[domain.ImportProblem]]:
    rows: list[_Row] = []
    problems: list[domain.ImportProblem] = []
    columns: dict[str, int] | None = None
    previous_end = 0
    for cells in reader:
        line = previous_end + 1
        previous_end = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if columns is None:
            columns = _column_map(cells)
            continue

        def cell(field: str, cells: list[str] = cells, columns: dict = columns) -> str | None:
            index = columns.get(field)
            return cells[index] if index is not None and index < len(cells) else None

        try:
            facilitates = cell("facilitates")
            fields = MemberFields(
                name=clean_name(cell("name")),
                email=clean_email(cell("email")) or "",
                department=clean_optional(cell("department"), "department") or "",
                roles=[parse_roles([cell("roles") or ""])],
                willing_to_facilitate=_yes_no(facilitates) if facilitates is not None else None,
            )
        except CopError as error:
            problems.append(domain.ImportProblem(line, str(error)))
            continue
        rows.append(_Row(line, fields))
    if columns is None:
        raise InvalidInput("the file is empty")
    return rows, problems


def _yes_no(value: str) -> bool:
    word = value.strip().casefold()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise InvalidInput(f"facilitates should be yes or no, not {value!r}")


def _match(existing: list[Member], fields: MemberFields) -> Member | None:
    if fields.email:
        for row in existing:
            if row.email == fields.email:
                return row
    key = (fields.name or "").casefold()
    return next((row for row in existing if row.name_key == key), None)


def _changes(row: Member, fields: MemberFields) -> MemberFields:
    """Only what the file says differently; empty cells never erase what cop knows."""
    change = MemberFields()
    if fields.name and fields.name != row.name:
        change.name = fields.name
    if fields.email and fields.email != row.email:
        change.email = fields.email
    if fields.department and fields.department != row.department:
        change.department = fields.department
    wanted = set(parse_roles(fields.roles).split(","))
    if not wanted <= set(row.roles.split(",")):
        change.roles = sorted(wanted | set(row.roles.split(",")))
    if fields.willing_to_facilitate is not None and (
        fields.willing_to_facilitate != row.willing_to_facilitate
    ):
        change.willing_to_facilitate = fields.willing_to_facilitate
    return change


def import_roster(
    db: Database, community: str | None, path: Path, today: date, dry_run: bool = False
) -> domain.ImportReport:
    rows, problems = _parse_rows(read_text(path))
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    duplicates: list[str] = []
    seen: dict[str, int] = {}
    with Session(db.engine) as s:
        cid = community_row(s, community).id
        for row in rows:
            keys = [k for k in (row.fields.email, (row.fields.name or "").casefold()) if k]
            earlier = next((seen[k] for k in keys if k in seen), None)
            if earlier is not None:
                duplicates.append(f"line {row.line}: {row.fields.name} repeats line {earlier}")
                continue
            seen.update(dict.fromkeys(keys, row.line))
            try:
                with s.begin_nested():
                    existing = _match(member_rows(s, cid), row.fields)
                    if existing is None:
                        create_member(s, cid, row.fields, today)
                        added.append(row.fields.name or "")
                        continue
                    change = _changes(existing, row.fields)
                    if change == MemberFields():
                        unchanged.append(existing.name)
                        continue
                    _apply_change(s, cid, existing, change)
                    updated.append(existing.name)
            except CopError as error:
                problems.append(domain.ImportProblem(row.line, str(error)))
        if dry_run:
            s.rollback()
        else:
            s.commit()
    problems.sort(key=lambda p: p.line)
    return domain.ImportReport(added, updated, unchanged, duplicates, problems, dry_run)


def _apply_change(s: Session, community_id: str, row: Member, change: MemberFields) -> None:
    apply_fields(row, change)
    check_unique(s, community_id, row)
    s.add(row)
    s.flush()


def export_roster(db: Database, community: str | None) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EXPORT_HEADER)
    with db.session() as s:
        for row in member_rows(s, community_row(s, community).id):
            writer.writerow(
                (
                    row.name,
                    row.email or "",
                    row.department or "",
                    row.roles.replace(",", ";"),
                    "yes" if row.willing_to_facilitate else "no",
                    "yes" if row.active else "no",
                    row.joined_on.isoformat(),
                )
            )
    return buffer.getvalue()
