"""Bytes that are not UTF-8 (a shell's $'\\xff') or lone surrogates: a clear refusal naming
the field, exit 2, nothing stored; never an internal error."""

from __future__ import annotations

from datetime import date

import pytest

from facilitator.errors import InvalidInput
from facilitator.services import talks
from facilitator.services.roster import MemberFields, add_member

from conftest import FROZEN_NOW, file_digest

BAD = "bad \udcff text"
"""What Python makes of the byte 0xff in a command-line argument (surrogateescape)."""


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("talk", "add", "Ben Okafor", BAD), "talk title"),
        (("roster", "add", "Zed \udced\udca0\udc80"), "name"),
        (("roster", "add", "Zed Zulu", "--department", BAD), "department"),
        (("session", "plan", "--topic", BAD), "topic"),
        (("rotate", "--skip", "Ben Okafor", "--reason", BAD, "--dry-run"), "reason"),
        (("roster", "away", "Ben Okafor", "--from", "2026-12-01", "--reason", BAD), "reason"),
    ],
)
def test_the_cli_refuses_undecodable_text_naming_the_field(
    cop, berlin_circle, db_path, args, field
):
    before = file_digest(db_path)
    result = cop(*args)
    assert result.code == 2, result.err
    assert f"the {field} contains bytes that are not valid text (UTF-8)" in result.err
    assert "unexpected" not in result.err
    assert file_digest(db_path) == before


def test_a_name_that_is_not_found_is_quoted_with_the_bad_bytes_escaped(cop, berlin_circle):
    result = cop("talk", "add", "Ben \udcff", "Title")
    assert result.code == 2
    assert "no member named 'Ben \\udcff'" in result.err


def test_services_refuse_lone_surrogates(berlin_circle, db):
    with pytest.raises(InvalidInput, match="the name contains bytes"):
        add_member(db, None, MemberFields(name="Zed \ud800"), date(2026, 11, 21))
    with pytest.raises(InvalidInput, match="the talk title contains bytes"):
        talks.add_talk(db, None, "Ben Okafor", "talk \ud800", FROZEN_NOW)
