"""`cop roster`: the members of a community."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from facilitator.cli import completion
from facilitator.cli.common import (
    CommunityOption,
    JsonOption,
    command_group,
    echo,
    open_db,
    print_json,
    say,
    table,
)

app = command_group("roster")

NameArgument = Annotated[
    str,
    typer.Argument(help="The member's name as on the roster.", autocompletion=completion.members),
]
EmailOption = Annotated[str | None, typer.Option("--email", help="E-mail address.")]
DepartmentOption = Annotated[
    str | None, typer.Option("--department", "-d", help="Department or function.")
]
RoleOption = Annotated[
    list[str] | None,
    typer.Option("--role", help="member, champion or lead (repeat for several)."),
]


@app.command("add")
def add(
    name: NameArgument,
    email: EmailOption = None,
    department: DepartmentOption = None,
    role: RoleOption = None,
    no_facilitate: Annotated[
        bool, typer.Option("--no-facilitate", help="Never suggest them as host.")
    ] = False,
    community: CommunityOption = None,
) -> None:
    """Add a member to the roster."""
    from facilitator.clock import utc_now
    from facilitator.services.communities import local_today
    from facilitator.services.roster import MemberFields, add_member

    db = open_db()
    member = add_member(
        db,
        community,
        MemberFields(
            name=name,
            email=email,
            department=department,
            roles=role,
            willing_to_facilitate=not no_facilitate,
        ),
        joined_on=local_today(db, community, utc_now()),
    )
    say(f"Added {member.name} ({', '.join(member.roles)})")


ROSTER_PAGE = 50
"""Members a page of `cop roster list` shows: a roster of thousands is read and printed a
page at a time."""


@app.command("list")
def list_(
    all_: Annotated[bool, typer.Option("--all", help="Include inactive members.")] = False,
    page: Annotated[
        int | None,
        typer.Option("--page", help="Which page of members to show (from 1).", show_default=False),
    ] = None,
    per_page: Annotated[
        int,
        typer.Option("--per-page", help="Members on a page; 0 shows everyone on one page."),
    ] = ROSTER_PAGE,
    as_json: JsonOption = False,
    community: CommunityOption = None,
) -> None:
    """List the roster with attendance and hosting history, a page at a time.

    --json lists every member unless --page or --per-page is given."""
    from facilitator.errors import InvalidInput
    from facilitator.services.roster_pages import list_members, member_page

    if page is not None and page < 1:
        raise InvalidInput(f"--page counts from 1, not {page}")
    if per_page < 0:
        raise InvalidInput(f"--per-page is a number of members (0 for everyone), not {per_page}")
    db = open_db(reading=True)
    paged = not as_json or page is not None or per_page != ROSTER_PAGE
    if not paged or per_page == 0:
        members = list_members(db, community, include_inactive=all_)
        first, total = 0, len(members)
    else:
        number = page or 1
        listed = member_page(db, community, all_, (number - 1) * per_page, per_page)
        members, first, total = listed.members, listed.first, listed.total
        if not members and total:
            pages = -(-total // per_page)
            raise InvalidInput(
                f"page {number} is past the end: {total} members fill {pages} "
                f"page{'s' if pages != 1 else ''} of {per_page}"
            )
    if as_json:
        print_json(members)
        return
    if not members:
        say("The roster is empty: `cop roster add NAME` or `cop roster import FILE`.")
        return
    columns = ["Name", "Department", "Roles", "E-mail", "Hosts", "Attended", "Last hosted"]
    if all_:
        columns.append("Active")
    rows = []
    for m in members:
        row = [
            m.name,
            m.department or "",
            ", ".join(m.roles),
            m.email or "",
            "yes" if m.willing_to_facilitate else "no",
            m.sessions_attended,
            m.last_hosted.date().isoformat() if m.last_hosted else "never",
        ]
        if all_:
            row.append("yes" if m.active else "no")
        rows.append(row)
    table(None, columns, rows)
    if len(members) < total:
        _more(first, len(members), total, per_page)


def _more(first: int, shown: int, total: int, per_page: int) -> None:
    """Where this page sits in the roster and the options that show the rest."""
    last = first + shown
    next_page = last // per_page + 1
    hint = f"--page {next_page} for the next" if last < total else "the last page"
    say(f"Members {first + 1:,}–{last:,} of {total:,}: {hint}, --per-page 0 for everyone.")


@app.command("edit")
def edit(
    name: NameArgument,
    new_name: Annotated[str | None, typer.Option("--name", help="Rename the member.")] = None,
    email: EmailOption = None,
    department: DepartmentOption = None,
    role: RoleOption = None,
    facilitate: Annotated[
        bool | None,
        typer.Option("--facilitate/--no-facilitate", help="Willing to host.", show_default=False),
    ] = None,
    active: Annotated[
        bool | None,
        typer.Option("--active/--inactive", help="On the active roster.", show_default=False),
    ] = None,
    confluence_account_id: Annotated[
        str | None, typer.Option(help="Confluence Cloud account id, for mentions.")
    ] = None,
    confluence_user_key: Annotated[
        str | None, typer.Option(help="Confluence Data Center user key, for mentions.")
    ] = None,
    community: CommunityOption = None,
) -> None:
    """Change a member's details; only the options given change."""
    from facilitator.services.roster import MemberFields, edit_member

    member = edit_member(
        open_db(),
        community,
        name,
        MemberFields(
            name=new_name,
            email=email,
            department=department,
            roles=role,
            willing_to_facilitate=facilitate,
            active=active,
            confluence_account_id=confluence_account_id,
            confluence_user_key=confluence_user_key,
        ),
    )
    say(f"Updated {member.name}")


@app.command("deactivate")
def deactivate(name: NameArgument, community: CommunityOption = None) -> None:
    """Take a member off the active roster (their history stays)."""
    from facilitator.services.roster import deactivate_member

    member = deactivate_member(open_db(), community, name)
    say(f"Deactivated {member.name}; their history stays. Undo: cop roster edit --active")


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A CSV file, e.g. an HR export.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; change nothing.")
    ] = False,
    community: CommunityOption = None,
) -> None:
    """Import members from CSV (comma or semicolon; Name, Email, Department columns)."""
    from facilitator.clock import utc_now
    from facilitator.services.communities import local_today
    from facilitator.services.roster_csv import import_roster

    db = open_db()
    today = local_today(db, community, utc_now())
    report = import_roster(db, community, file, today, dry_run=dry_run)
    prefix = "Would add" if dry_run else "Added"
    say(
        f"{prefix} {len(report.added)}, "
        f"{'would update' if dry_run else 'updated'} {len(report.updated)}, "
        f"unchanged {len(report.unchanged)}, duplicates skipped {len(report.duplicates)}, "
        f"problems {len(report.problems)}"
    )
    for name in report.added:
        say(f"  + {name}")
    for name in report.updated:
        say(f"  ~ {name}")
    for duplicate in report.duplicates:
        say(f"  = {duplicate}")
    for problem in report.problems:
        say(f"  ! line {problem.line}: {problem.reason}")
    if report.problems:
        raise typer.Exit(1)


@app.command("export")
def export(
    file: Annotated[
        Path | None, typer.Argument(help="Where to write (default: standard output).")
    ] = None,
    community: CommunityOption = None,
) -> None:
    """Export the roster as CSV (re-importable)."""
    from facilitator.errors import InvalidInput
    from facilitator.services.roster_csv import export_roster

    text = export_roster(open_db(reading=True), community)
    if file is None or str(file) == "-":
        echo(text, nl=False)
        return
    try:
        file.write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        raise InvalidInput(f"cannot write {file}: {error.strerror}") from None
    say(f"Wrote {text.count(chr(10)) - 1} members to {file}")


@app.command("away")
def away(
    name: NameArgument,
    from_: Annotated[
        str, typer.Option("--from", help="First day away: 2026-12-01, tomorrow, next monday.")
    ],
    to: Annotated[
        str | None, typer.Option("--to", help="Last day away, inclusive (default: --from).")
    ] = None,
    reason: Annotated[str | None, typer.Option(help="Why, e.g. holiday.")] = None,
    community: CommunityOption = None,
) -> None:
    """Mark a member as away: the rotation will not choose them on those dates."""
    from facilitator.clock import utc_now
    from facilitator.services.availability import add_away
    from facilitator.services.communities import local_today

    db = open_db()
    item = add_away(db, community, name, from_, to, reason, local_today(db, community, utc_now()))
    say(f"{item.member} is away {item.starts_on} to {item.ends_on}")


@app.command("away-list")
def away_list(
    name: Annotated[str | None, typer.Argument(help="Only this member.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Include periods already over.")] = False,
    as_json: JsonOption = False,
    community: CommunityOption = None,
) -> None:
    """List away periods, current and upcoming."""
    from facilitator.clock import utc_now
    from facilitator.services.availability import list_away
    from facilitator.services.communities import local_today

    db = open_db(reading=True)
    items = list_away(db, community, name, local_today(db, community, utc_now()), all_)
    if as_json:
        print_json(items)
        return
    if not items:
        say("Nobody is away: `cop roster away NAME --from DATE --to DATE` records a period.")
        return
    table(
        None,
        ["Member", "From", "To", "Reason"],
        [[i.member, i.starts_on.isoformat(), i.ends_on.isoformat(), i.reason or ""] for i in items],
    )


@app.command("away-remove")
def away_remove(
    name: NameArgument,
    from_: Annotated[
        str | None,
        typer.Option("--from", help="Which period, by its first day (when there are several)."),
    ] = None,
    community: CommunityOption = None,
) -> None:
    """Remove an away period (someone is back early, or it was a mistake)."""
    from facilitator.clock import utc_now
    from facilitator.services.availability import remove_away
    from facilitator.services.communities import local_today

    db = open_db()
    item = remove_away(db, community, name, from_, local_today(db, community, utc_now()))
    say(f"Removed {item.member}'s away period {item.starts_on} to {item.ends_on}")


def _go_ahead(dry_run: bool, yes: bool, what: str, question: str) -> bool:
    """After the plan of a change that cannot be undone is shown: True to stop there (a dry
    run); else ask (in a terminal) or require --yes (in a script)."""
    from facilitator.errors import InvalidInput

    if dry_run:
        say("Dry run: nothing was changed.")
        return True
    if not yes:
        if not sys.stdin.isatty():
            raise InvalidInput(f"{what} cannot be undone; confirm with --yes")
        typer.confirm(f"{question} This cannot be undone", abort=True)
    return False


@app.command("duplicates")
def duplicates_(as_json: JsonOption = False, community: CommunityOption = None) -> None:
    """List members who may be one person entered twice: the same e-mail, or names that
    differ only in case or accents. Join them with `cop roster merge KEEP DROP`."""
    from facilitator.services.roster_merge import duplicates

    found = duplicates(open_db(reading=True), community)
    if as_json:
        print_json(
            [
                {
                    "community": d.community,
                    "members": [
                        {"id": m.id, "name": m.name, "email": m.email} for m in (d.first, d.second)
                    ],
                    "reason": d.reason,
                }
                for d in found
            ]
        )
        return
    if not found:
        say("No possible duplicates: no two members share an e-mail or a name.")
        return
    table(
        "Possible duplicates",
        ["member", "and", "why"],
        [[d.first.name, d.second.name, d.reason] for d in found],
    )
    say('Join two with: cop roster merge "NAME TO KEEP" "NAME TO JOIN INTO IT"')


@app.command("merge")
def merge(
    keep: Annotated[
        str,
        typer.Argument(help="The member who stays.", autocompletion=completion.members),
    ],
    drop: Annotated[
        str,
        typer.Argument(
            help="The member joined into KEEP (then gone from the roster).",
            autocompletion=completion.members,
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would move; change nothing.")
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    community: CommunityOption = None,
) -> None:
    """Join two roster entries that are one person: DROP's attendance, commitments,
    takeaways, talks and hosting turns move to KEEP, and KEEP gains what only DROP had (an
    e-mail, a department, a role). Cannot be undone; archives carry it to other laptops."""
    from facilitator.services.roster_merge import merge_members

    db = open_db()
    plan = merge_members(db, community, keep, drop, dry_run=True)
    verb = "Would move" if dry_run else "Moving"
    say(f"{verb} {plan.drop}'s history to {plan.keep} ({plan.community}):")
    for line in plan.lines():
        say(f"  {line}")
    if _go_ahead(dry_run, yes, "merging members", f"Join {plan.drop} into {plan.keep}?"):
        return
    done = merge_members(db, community, keep, drop)
    say(f"Merged: {done.drop} is now part of {done.keep}.")


@app.command("forget")
def forget(
    name: NameArgument,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would go; change nothing.")
    ] = False,
    keep_department: Annotated[
        bool,
        typer.Option(
            "--keep-department", help="Keep their department, so reach across departments stays."
        ),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    community: CommunityOption = None,
) -> None:
    """Forget a member who asks to be removed: their name and what identifies them go,
    while every count stays true. Cannot be undone (deactivate keeps the name)."""
    from facilitator.services.forget_member import forget as forget_member
    from facilitator.services.forget_member import plan_forget

    db = open_db()
    plan = plan_forget(db, community, name, keep_department)
    say(f"{'Would forget' if dry_run else 'Forgetting'} {plan.name} ({plan.community}).")
    for line in plan.lines():
        say(line)
    if _go_ahead(dry_run, yes, "forgetting", f"Forget {plan.name}?"):
        return
    done = forget_member(db, community, name, keep_department)
    say(f"Forgot {done.name}: shown as 'a former member' from now on.")
