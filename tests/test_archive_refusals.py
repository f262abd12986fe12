"""What the portable archive refuses: a broken, tampered or newer archive, and no room to
write or check one. Nothing is written, and the command says the problem in one line
(exit 2)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from test_archive import NOW, base_history, fingerprint, handed_over

from facilitator.services.archive import import_archive
from facilitator.services.demo import load_demo
from store.archive_format import ArchiveRefused


def rewrite_archive(path: Path, change, fix_checksums: bool = True) -> None:
    with zipfile.ZipFile(path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(files["manifest.json"])
    change(files, manifest)
    if fix_checksums:
        for name, entry in manifest["files"].items():
            entry["sha256"] = hashlib.sha256(files[name]).hexdigest()
            entry["rows"] = files[name].count(b"\n")
    files["manifest.json"] = json.dumps(manifest).encode()
    path.unlink()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)


def edit_rows(files, table: str, change) -> None:
    name = f"tables/{table}.jsonl"
    rows = [json.loads(line) for line in files[name].splitlines()]
    change(rows)
    files[name] = b"".join(json.dumps(r).encode() + b"\n" for r in rows)


def _not_a_zip(path: Path) -> None:
    path.write_bytes(b"hello, this is not an archive")


def _truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _tampered(path: Path) -> None:
    def change(files, _):
        files["tables/member.jsonl"] = files["tables/member.jsonl"].replace(b"Ana", b"Ann", 1)

    rewrite_archive(path, change, fix_checksums=False)


def _newer_format(path: Path) -> None:
    rewrite_archive(path, lambda _, manifest: manifest.update(format_version=99))


def _newer_schema(path: Path) -> None:
    rewrite_archive(path, lambda _, manifest: manifest.update(schema_revision="9000"))


def _unknown_column(path: Path) -> None:
    def change(files, manifest):
        manifest["columns"]["member"].append("motto")
        edit_rows(files, "member", lambda rows: [r.update(motto="x") for r in rows])

    rewrite_archive(path, change)


def _wrong_type(path: Path) -> None:
    rewrite_archive(
        path,
        lambda files, _: edit_rows(files, "member", lambda rows: rows[0].update(joined_on="soon")),
    )


def _orphan(path: Path) -> None:
    rewrite_archive(
        path,
        lambda files, _: edit_rows(
            files, "takeaway", lambda rows: rows[0].update(session_id="f" * 32)
        ),
    )


@pytest.mark.parametrize(
    ("breaks", "says"),
    [
        (_not_a_zip, "is not a cop archive"),
        (_truncated, "is not a cop archive"),
        (_tampered, "does not match its checksum"),
        (_newer_format, "written by a newer cop"),
        (_newer_schema, "written by a newer cop"),
        (_unknown_column, "columns this cop does not know: motto"),
        (_wrong_type, "joined_on = 'soon'"),
        (_orphan, "which is neither in the archive nor in this database"),
    ],
)
def test_a_broken_or_newer_archive_is_refused_with_nothing_written(
    db, another_database, tmp_path, breaks, says
):
    load_demo(db, NOW)
    path = handed_over(db, tmp_path)
    breaks(path)
    target = another_database()
    base_history(target)
    before = fingerprint(target)
    with pytest.raises(ArchiveRefused) as refused:
        import_archive(target, path)
    assert says in str(refused.value)
    assert fingerprint(target) == before


def test_the_command_line_reports_a_refusal_in_one_line(cop, db, tmp_path):
    bad = tmp_path / "bad.coparchive"
    bad.write_bytes(b"nope")
    done = cop("archive", "import", str(bad))
    assert done.code == 2
    assert (
        done.err.strip() == f"cop: error: {bad} is not a cop archive (not a zip file, or truncated)"
    )
    assert cop("archive", "export", str(bad)).code == 2  # it exists: never overwritten


def test_a_full_disk_while_exporting_is_one_line_and_leaves_no_file(cop, db, tmp_path, monkeypatch):
    import errno

    load_demo(db, NOW)

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("store.archive_format._write_member", full)
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "handover.coparchive"
    done = cop("archive", "export", str(target))
    assert done.code == 2
    assert done.err == (
        f"cop: error: could not write {target}: No space left on device; nothing was written\n"
    )
    assert list(target.parent.iterdir()) == []


def test_no_room_to_check_an_archive_is_one_line(cop, db, tmp_path, monkeypatch):
    import errno
    import tempfile

    load_demo(db, NOW)
    path = handed_over(db, tmp_path)

    class Full:
        def __init__(self, *_args, **_kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", Full)
    done = cop("archive", "import", str(path))
    assert done.code == 2 and done.err.count("\n") == 1
    assert "could not unpack the archive to check it" in done.err
