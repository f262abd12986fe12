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
    # under a pseudo-terminal, as a person runs it: no test may read the real terminal
    assert any(line.startswith('script -qec "$readme_test_command"') for line in ci_lines)


def test_every_command_in_the_tour_exists_with_the_options_shown():
    """The tour is documentation people copy: each line must name a real command and options."""
    import shlex

    import typer.main

    from facilitator.cli.typer_app import every_command

    root = typer.main.get_command(every_command())
    tour = shell_blocks((ROOT / "README.md").read_text())[2]
    lines = [line.split("  #")[0].strip() for line in tour.splitlines()]
    checked = 0
    for line in lines:
        if not line.startswith("cop ") or "|" in line:
            continue
        words = shlex.split(line.replace("[", " ").replace("]", " "))[1:]
        command = root
        while hasattr(command, "commands") and words and words[0] in command.commands:
            command = command.commands[words.pop(0)]
        assert not hasattr(command, "commands"), f"{line}: not a command"
        known = {opt for param in command.params for opt in param.opts + param.secondary_opts}
        for word in words:
            if word.startswith("--"):
                assert word.split("=")[0] in known, f"{line}: {word}"
        checked += 1
    assert checked >= 25


READ_ONLY = (
    ("community", "list"),
    ("community", "thresholds"),
    ("roster", "list"),
    ("session", "list"),
    ("session", "show"),
    ("talk", "list"),
    ("followup", "list"),
    ("followup", "nudges"),
    ("library", "search"),
    ("library", "stale"),
    ("library", "export"),
    ("report",),
    ("checklist",),
    ("announce",),
    ("rotate", "--dry-run"),
    ("db", "path"),
    ("db", "check"),
)


def test_the_tours_read_only_commands_run_as_printed_on_the_sample(cop, tmp_path, monkeypatch):
    """Each read-only line of the tour, its optional parts (in brackets) left out, runs on
    the sample data and exits 0: the README shows what happens. It runs in a folder of its
    own, as a user would, so a file a line writes (next.ics) lands there."""
    import re
    import shlex

    monkeypatch.chdir(tmp_path)
    assert cop("demo").code == 0
    tour = shell_blocks((ROOT / "README.md").read_text())[2]
    ran = []
    for line in tour.splitlines():
        line = line.split("  #")[0].strip()
        if not line.startswith("cop ") or "|" in line or "--publish" in line:
            continue
        words = shlex.split(re.sub(r"\[[^\]]*\]", " ", line))[1:]
        if not any(tuple(words[: len(key)]) == key for key in READ_ONLY):
            continue
        result = cop(*words)
        assert result.code == 0, f"{line}: {result.err}"
        ran.append(line)
    assert len(ran) >= 12, ran
