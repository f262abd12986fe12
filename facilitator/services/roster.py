"""The roster: add, edit, deactivate and list members of a community."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from facilitator import converters, domain
from facilitator.errors import Conflict, InvalidInput, not_found
from facilitator.services.communities import community_row
from facilitator.text import clean_email, clean_name, clean_optional
from facilitator.vocabulary import Role, known, listed
from store.database import Database
from store.locks import lock_parent
from store.models import Community, Member


def parse_roles(roles: list[str] | tuple[str, ...] | None) -> str:
    """Validate roles; every member has the member role."""
    chosen = {Role.MEMBER}
    for role in roles or ():
        for part in role.replace(";", ",").split(","):
            part = part.strip().casefold()
            if not part:
                continue
            if not known(Role, part):
                raise InvalidInput(f"unknown role {part!r}; use {listed(Role)}")
            chosen.add(Role(part))
    return ",".join(r for r in Role if r in chosen)


@dataclass
class MemberFields:
    """What a form or a command may set on a member; None leaves a field as it is."""

    name: str | None = None
    email: str | None = None
    department: str | None = None
    roles: list[str] | None = None
    willing_to_facilitate: bool | None = None
    active: bool | None = None
    confluence_account_id: str | None = None
    confluence_user_key: str | None = None


def member_rows(s: Session, community_id: str, include_inactive: bool = True) -> list[Member]:
    """The roster as people see it: a forgotten member (store.forgetting) is on no list and
    found by no name, though their row stays for the counts."""
    query = select(Member).where(
        Member.community_id == community_id, col(Member.forgotten_at).is_(None)
    )
    if not include_inactive:
        query = query.where(Member.active)
    return list(s.exec(query.order_by(Member.name_key)).all())


def member_row(s: Session, community_id: str, name: str) -> Member:
    key = " ".join(name.split()).casefold()
    rows = member_rows(s, community_id)
    for row in rows:
        if row.name_key == key:
            return row
    raise not_found("member", name, [r.name for r in rows])


def check_unique(s: Session, community_id: str, row: Member) -> None:
    """Refuse a duplicate name or e-mail with a message, before the database constraint would.

    Autoflush is off so that the pending change to `row` is compared, not written.
    """
    with s.no_autoflush:
        for other in member_rows(s, community_id):
            if other.id == row.id:
                continue
            if other.name_key == row.name_key:
                raise Conflict(f"{other.name!r} is already on the roster")
            if row.email and other.email == row.email:
                raise Conflict(f"{row.email} already belongs to {other.name}")


def apply_fields(row: Member, fields: MemberFields) -> None:
    if fields.name is not None:
        row.name = clean_name(fields.name)
        row.name_key = row.name.casefold()
    if fields.email is not None:
        row.email = clean_email(fields.email)
    if fields.department is not None:
        row.department = clean_optional(fields.department, "department")
    if fields.roles is not None:
        row.roles = parse_roles(fields.roles)
    if fields.willing_to_facilitate is not None:
        row.willing_to_facilitate = fields.willing_to_facilitate
    if fields.active is not None:
        row.active = fields.active
    if fields.confluence_account_id is not None:
        row.confluence_account_id = clean_optional(
            fields.confluence_account_id, "Confluence account id"
        )
    if fields.confluence_user_key is not None:
        row.confluence_user_key = clean_optional(fields.confluence_user_key, "Confluence user key")


def add_member(
    db: Database, community: str | None, fields: MemberFields, joined_on: date
) -> domain.Member:
    with db.session() as s:
        row = create_member(s, community_row(s, community).id, fields, joined_on)
        return converters.member(row)


def create_member(s: Session, community_id: str, fields: MemberFields, joined_on: date) -> Member:
    """Add a member inside an open unit of work (also used by import, onboarding and demo)."""
    row = Member(community_id=community_id, name="", name_key="", joined_on=joined_on)
    apply_fields(row, MemberFields(**{**fields.__dict__, "name": fields.name or ""}))
    if fields.roles is None:
        row.roles = Role.MEMBER
    lock_parent(s, Community, community_id)  # the name check holds until the commit
    check_unique(s, community_id, row)
    s.add(row)
    s.flush()
    return row


def edit_member(
    db: Database, community: str | None, name: str, fields: MemberFields
) -> domain.Member:
    with db.session() as s:
        cid = community_row(s, community).id
        row = member_row(s, cid, name)
        apply_fields(row, fields)
        check_unique(s, cid, row)
        s.add(row)
        return converters.member(row)


def deactivate_member(db: Database, community: str | None, name: str) -> domain.Member:
    """Take someone off the active roster; their attendance and hosting history stays."""
    with db.session() as s:
        row = member_row(s, community_row(s, community).id, name)
        if not row.active:
            raise InvalidInput(f"{row.name} is already inactive")
        row.active = False
        s.add(row)
        return converters.member(row)
