"""The README's two commands are the ones CI runs and the ones that work."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def shell_blocks(text: str) -> list[str]:
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", text, flags=re.S)]


def test_the_readme_gives_exactly_two_setup_commands_first():
    blocks = shell_blocks((ROOT / "README.md").read_text())
    run_app, run_tests = blocks[0], blocks[1]
    assert run_app.endswith(".venv/bin/cop") and "\n" not in run_app
    assert run_tests.endswith("-m pytest") and "\n" not in run_tests


def test_ci_runs_the_readme_test_command_verbatim():
    readme_test = shell_blocks((ROOT / "README.md").read_text())[1]
    ci_lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert readme_test in ci_lines
