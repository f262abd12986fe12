"""Mutation testing of the modules where a small slip hurts users most.

    .venv/bin/python bench/mutation.py [MODULE ...] [--write]

mutmut plants one small bug at a time (a `<` for a `<=`, a dropped argument, another
string) in each named module and runs the tests that reach the changed function; a mutant
the tests do not notice "survives". This prints, per module, how many mutants the tests
killed, and with --write puts that table into bench/README.md (between the markers).

It works in a temporary copy of the project (mutmut writes a `mutants/` folder beside the
code), with the tests listed for each module only, on every core, so the whole set stays
within about half an hour on two cores. A surviving mutant is either killed by a new test
or listed in bench/README.md as equivalent (it changes nothing a user could see), with why.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MODULES: dict[str, list[str]] = {
    # the pure rules
    "facilitator/rotation_rule.py": ["tests/test_rotation_rule.py"],
    "facilitator/cadence.py": ["tests/test_cadence_and_dates.py", "tests/test_schedule.py"],
    "facilitator/agenda_clock.py": ["tests/test_agenda_clock.py"],
    "facilitator/warning_signs.py": ["tests/test_warning_signs.py"],
    "facilitator/launch_checklist.py": ["tests/test_launch_checklist.py"],
    "facilitator/services/insights.py": ["tests/test_insights.py", "tests/test_warning_signs.py"],
    # the escaping in every exporter
    "exporters/markdown.py": ["tests/test_exporters.py", "tests/test_library_export.py"],
    "exporters/confluence.py": ["tests/test_exporters.py", "tests/test_library_export.py"],
    "exporters/calendar_invite.py": ["tests/test_invitations.py"],
    "exporters/announcement.py": ["tests/test_invitations.py"],
    "exporters/text.py": ["tests/test_exporters.py", "tests/test_text_policy.py"],
    # forgetting, identity and history
    "store/forgetting.py": ["tests/test_forget_member.py"],
    "store/archive_merge.py": [
        "tests/test_archive.py",
        "tests/test_archive_twins.py",
        "tests/test_archive_hostile.py",
    ],
    "store/record_joining.py": ["tests/test_archive_twins.py", "tests/test_roster_merge.py"],
    "store/member_twins.py": ["tests/test_roster_merge.py"],
    "store/search_index.py": ["tests/test_library.py", "tests/test_library_order.py"],
}
"""Each named module, and the tests that are meant to catch a bug in it."""

BEGIN, END = "<!-- mutation:begin -->", "<!-- mutation:end -->"


def working_copy(folder: Path) -> Path:
    """The project's tracked files, copied (mutmut must not write into the real tree)."""
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.splitlines()
    for name in files:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, target)
    return folder


def configure(copy: Path, modules: list[str]) -> None:
    """mutmut's settings for this run, appended to the copy's pyproject.toml."""
    tests = sorted({t for m in modules for t in MODULES[m]})
    packages = sorted({m.split("/")[0] for m in modules})
    settings = {
        "source_paths": packages,
        "only_mutate": modules,
        "also_copy": ["screens", "facilitator", "store", "exporters"],
        "pytest_add_cli_args_test_selection": tests,
        # one process per mutant already uses every core; no xdist inside it
        "pytest_add_cli_args": ["-n", "0", "-q", "-x"],
    }
    lines = ["", "[tool.mutmut]"] + [f"{k} = {json.dumps(v)}" for k, v in settings.items()]
    with (copy / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    text = (copy / "pyproject.toml").read_text(encoding="utf-8")
    (copy / "pyproject.toml").write_text(text.replace(' -n auto"', '"'), encoding="utf-8")


def results(copy: Path) -> dict[str, Counter[str]]:
    """Per module: how many mutants were killed, survived, timed out or had no test."""
    from mutmut.stats import status_by_exit_code

    tally: dict[str, Counter[str]] = {}
    for meta in (copy / "mutants").rglob("*.py.meta"):
        module = str(meta.relative_to(copy / "mutants"))[: -len(".meta")]
        data = json.loads(meta.read_text(encoding="utf-8"))
        counts = tally.setdefault(module, Counter())
        for code in data.get("exit_code_by_key", {}).values():
            counts[status_by_exit_code[code]] += 1
    return tally


def survivors(copy: Path) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "mutmut", "results"], cwd=copy, capture_output=True, text=True
    )
    return [line.strip() for line in done.stdout.splitlines() if ": survived" in line]


def table(tally: dict[str, Counter[str]], minutes: float) -> str:
    rows = [
        "| module | mutants | killed | survived | no test | killed share |",
        "|---|---|---|---|---|---|",
    ]
    for module in sorted(tally):
        counts = tally[module]
        total = sum(counts.values())
        killed = counts["killed"] + counts["timeout"] + counts["caught by type check"]
        share = f"{killed / total:.0%}" if total else "–"
        rows.append(
            f"| `{module}` | {total} | {killed} | {counts['survived']} | "
            f"{counts['no tests']} | {share} |"
        )
    rows.append("")
    rows.append(f"({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, {minutes:.0f} min.)")
    return "\n".join(rows)


def write_readme(text: str) -> None:
    readme = ROOT / "bench" / "README.md"
    current = readme.read_text(encoding="utf-8")
    block = f"{BEGIN}\n{text}\n{END}"
    if BEGIN in current:
        current = re.sub(f"{re.escape(BEGIN)}.*?{re.escape(END)}", block, current, flags=re.S)
    else:
        current = current.rstrip() + "\n\n## Mutation testing\n\n" + block + "\n"
    readme.write_text(current, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="modules to mutate (default: all named)")
    parser.add_argument("--write", action="store_true", help="write the table into the README")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    modules = args.modules or list(MODULES)
    unknown = [m for m in modules if m not in MODULES]
    if unknown:
        parser.error(f"not a named module: {', '.join(unknown)} (see MODULES)")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="cop-mutation-"))
    folder.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    try:
        copy = working_copy(folder)
        configure(copy, modules)
        env = {k: v for k, v in os.environ.items() if not k.startswith("COP_")}
        run = subprocess.run(
            [sys.executable, "-m", "mutmut", "run", "--max-children", str(os.cpu_count() or 2)],
            cwd=copy,
            env=env,
            check=False,
            capture_output=True,
            text=True,
        )
        tally = results(copy)
        if not any(c["killed"] + c["survived"] for c in tally.values()):
            # mutmut first runs the tests unchanged; a failure there checks nothing
            said = [line for line in (run.stdout + run.stderr).splitlines() if line.strip()]
            sys.exit("mutmut checked no mutant:\n" + "\n".join(said[-15:]))
        minutes = (time.monotonic() - started) / 60
        text = table(tally, minutes)
        print(text)
        for line in survivors(copy):
            print("survived:", line)
        if args.write:
            write_readme(text)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
