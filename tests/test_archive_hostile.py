"""Archives that cannot hurt: damaged or hostile ones are refused naming the row, before a
byte of the target changes (or, for a database not made yet, before it is made), and
reading one never needs much memory, whatever it holds."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from test_archive import base_history, fingerprint, handed_over
from test_archive_refusals import edit_rows, rewrite_archive

from facilitator.services.archive import import_archive
from facilitator.services.demo import load_demo
from store.archive_format import ArchiveRefused

from conftest import FROZEN_NOW, SERVER_URL

NOW = FROZEN_NOW


def _huge_number(files, _):
    edit_rows(files, "lightning_talk", lambda rows: rows[0].update(minutes=10**400))


def _just_past_64_bits(files, _):
    edit_rows(files, "agenda_part", lambda rows: rows[0].update(planned_seconds=2**63))


def _not_a_number(files, _):
    name = "tables/agenda_part.jsonl"
    first, rest = files[name].split(b"\n", 1)
    row = json.loads(first)
    files[name] = first.replace(f'"position": {row["position"]}'.encode(), b'"position": NaN')
    files[name] += b"\n" + rest


def _same_id_twice(files, _):
    def change(rows):
        rows.append(dict(rows[0], name="Someone Else", name_key="someone else"))

    edit_rows(files, "member", change)


def _same_record_twice(files, _):
    def change(rows):
        rows.append(dict(rows[0], id="f" * 32))

    edit_rows(files, "member", change)


def _circle(files, _):
    def change(rows):
        rows[0]["carried_from_id"], rows[1]["carried_from_id"] = rows[1]["id"], rows[0]["id"]

    edit_rows(files, "commitment", change)


def _long_id(files, _):
    edit_rows(files, "takeaway", lambda rows: rows[0].update(id="a" * 33))


def _dangling(files, _):
    edit_rows(files, "attendance", lambda rows: rows[0].update(member_id="e" * 32))


def _year_one_east(files, _):
    edit_rows(
        files, "takeaway", lambda rows: rows[0].update(created_at="0001-01-01T00:30:00+05:00")
    )


HOSTILE = [
    (_huge_number, "tables/lightning_talk.jsonl row 1: minutes = 1000000000000"),
    (_just_past_64_bits, "out of range"),
    (_not_a_number, "tables/agenda_part.jsonl row 1 is not JSON"),
    (_same_id_twice, "have the same id"),
    (_same_record_twice, "are the same member (same community_id, name_key)"),
    (_circle, "refer to each other in a circle"),
    (_long_id, "longer than 32 characters"),
    (_dangling, "member_id refers to member eeeeeeee…, which is neither"),
    (_year_one_east, "created_at"),
]


def _files_of(path: Path) -> dict[str, str]:
    """The SQLite file and its journals, byte for byte."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.parent.glob(path.name + "*"))
    }


@pytest.mark.parametrize(("breaks", "says"), HOSTILE, ids=[b.__name__ for b, _ in HOSTILE])
def test_a_hostile_archive_is_refused_naming_the_row_and_the_target_keeps_every_byte(
    db, another_database, tmp_path, breaks, says
):
    load_demo(db, NOW)
    path = handed_over(db, tmp_path)
    rewrite_archive(path, breaks)
    target = another_database()
    base_history(target)
    before = fingerprint(target)
    file_before = _files_of(target.location.path) if target.location.path else None
    with pytest.raises(ArchiveRefused) as refused:
        import_archive(target, path)
    assert says in str(refused.value)
    assert len(str(refused.value)) < 400  # one line a person can read, not the value
    assert fingerprint(target) == before
    if file_before is not None:
        assert _files_of(target.location.path) == file_before


@pytest.mark.skipif(bool(SERVER_URL), reason="a new SQLite file is what is not made")
@pytest.mark.parametrize(("breaks", "says"), HOSTILE, ids=[b.__name__ for b, _ in HOSTILE])
def test_a_refused_archive_makes_no_new_database(cop, db, tmp_path, breaks, says):
    load_demo(db, NOW)
    path = handed_over(db, tmp_path)
    rewrite_archive(path, breaks)
    new = tmp_path / "new" / "cop.db"
    new.parent.mkdir()
    done = cop("archive", "import", str(path), db=new)
    assert done.code == 2, done.err
    assert says in done.err and "unexpected" not in done.err
    assert done.err.count("\n") == 1
    assert list(new.parent.iterdir()) == []


def _archive_with_one_long_line(path: Path, megabytes: int) -> None:
    """A small file (deflate) holding one row of `megabytes` MiB, with a valid checksum."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("tables/community.jsonl", "w", force_zip64=True) as member:
            for piece in (b'{"id": "', *[b"a" * (1 << 20)] * megabytes, b'"}\n'):
                member.write(piece)
                digest.update(piece)
        manifest = {
            "format": "cop-archive",
            "format_version": 1,
            "schema_revision": None,
            "cop_version": "test",
            "created_at": "2026-01-01T00:00:00+00:00",
            "community": None,
            "columns": {"community": ["id"]},
            "files": {"tables/community.jsonl": {"rows": 1, "sha256": digest.hexdigest()}},
        }
        archive.writestr("manifest.json", json.dumps(manifest))


LIMITED = textwrap.dedent(
    """
    import resource, sys
    limit = int(sys.argv[1]) << 20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    from facilitator.cli import main
    main(["--db", sys.argv[2], "archive", "import", sys.argv[3]])
    """
)


def _import_within(megabytes: int, target: Path, archive: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("COP_")}
    return subprocess.run(
        [sys.executable, "-c", LIMITED, str(megabytes), str(target), str(archive)],
        capture_output=True,
        text=True,
        env=env | {"HOME": str(target.parent), "XDG_DATA_HOME": str(target.parent)},
        timeout=300,
    )


@pytest.mark.skipif(bool(SERVER_URL), reason="the same reading on both engines; once is enough")
def test_reading_an_archive_needs_little_memory_whatever_one_row_holds(db, tmp_path):
    """Under an address-space limit of 300 MiB (cop itself takes about 70), an archive whose
    one row is 300 MiB long is refused by its length; a real history imports within it."""
    hostile = tmp_path / "hostile.coparchive"
    _archive_with_one_long_line(hostile, 300)
    assert hostile.stat().st_size < 1_000_000
    refused = _import_within(300, tmp_path / "a.db", hostile)
    assert refused.returncode == 2, refused.stderr
    assert "row 1 is longer than 1 MiB" in refused.stderr
    assert not (tmp_path / "a.db").exists()

    load_demo(db, NOW)
    real = handed_over(db, tmp_path)
    imported = _import_within(300, tmp_path / "b.db", real)
    assert imported.returncode == 0, imported.stderr
    assert "Merged." in imported.stdout
