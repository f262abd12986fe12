"""The types of facilitator/, exporters/ and store/ hold: mypy, as configured in
pyproject.toml (SQLModel's known noise is configured there, never ignored line by line)."""

from __future__ import annotations

from pathlib import Path

import pytest
from mypy import api

ROOT = Path(__file__).resolve().parent.parent


def test_the_checked_packages_have_no_type_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the checked folders are named relative to the project
    report, errors, status = api.run(["--config-file", "pyproject.toml"])
    assert status == 0, report + errors
    assert "Success: no issues found" in report
