"""`cop archive`: carry the history to the next host's laptop, and merge it back."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from facilitator.cli.common import (
    JsonOption,
    command_group,
    open_db,
    print_json,
    say,
    table,
)

app = command_group("archive")

COUNTS = ("added", "updated", "kept", "unchanged", "deleted", "left_deleted")


@app.command("export")
def export(
    destination: Annotated[Path, typer.Argument(help="The archive file to write (new).")],
    community: Annotated[
        str | None,
        typer.Option("--community", "-c", help="Only this community (default: every community)."),
    ] = None,
) -> None:
    """Write the whole history (or one community's) to one file that `cop archive import`
    merges anywhere, SQLite or server."""
    from facilitator.services.archive import export_archive

    manifest = export_archive(open_db(reading=True), destination, community)
    rows = sum(int(entry["rows"]) for entry in manifest.files.values())
    scope = f"{manifest.community}" if manifest.community else "every community"
    say(f"Wrote {destination}: {scope}, {rows} rows, schema {manifest.schema_revision}")


@app.command("import")
def import_(
    source: Annotated[Path, typer.Argument(help="An archive written by `cop archive export`.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Merge an archive into this database by id: new records are added, a record changed
    on both sides keeps the later change, deletions travel; nothing captured is lost."""
    from facilitator.cli.opening import database_is_new
    from facilitator.services.archive import import_archive, stage_archive

    staged = stage_archive(source)
    if database_is_new():
        try:
            staged.refuse_dangling(None)  # before the new file is made
        except BaseException:
            staged.close()
            raise
    done = import_archive(open_db(creates=True), staged, dry_run=dry_run)
    tallies = done.report.tallies
    if as_json:
        print_json(
            {
                "dry_run": dry_run,
                "archive": done.manifest.as_json() | {"files": None},
                "tables": {
                    name: {count: getattr(t, count) for count in COUNTS}
                    for name, t in tallies.items()
                },
                "changes": done.report.changes,
                "possible_duplicates": [
                    {
                        "community": d.community,
                        "members": [d.first.name, d.second.name],
                        "reason": d.reason,
                    }
                    for d in done.report.possible_duplicates
                ],
            }
        )
        return
    m = done.manifest
    scope = m.community or "every community"
    say(f"Archive of {scope}, written {m.created_at[:19]} UTC by cop {m.cop_version}")
    table(
        None,
        ["table", "added", "updated", "kept", "same", "deleted", "skipped"],
        [[name, *(getattr(t, count) for count in COUNTS)] for name, t in tallies.items()],
        keep=("table",),
    )
    say("kept: this database's later change won; skipped: deleted on one side, so not added")
    if done.report.changes:
        say("Records that differed (the later change is kept):")
        for line in done.report.changes:
            say(f"  {line}")
    if done.report.possible_duplicates:
        say("Members who may be one person entered twice (see `cop roster duplicates`):")
        for d in done.report.possible_duplicates:
            say(f"  {d.first.name} and {d.second.name} ({d.community}): {d.reason}")
    if dry_run:
        say("Dry run: nothing was written.")
    elif not done.report.changed_anything:
        say("Nothing new: this database already had everything in the archive.")
    else:
        say("Merged.")
