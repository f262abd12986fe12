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
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from equivalent_mutants import RULES, Rule

ROOT = Path(__file__).resolve().parent.parent

MODULES: dict[str, list[str]] = {
    # the pure rules
    "facilitator/rotation_rule.py": ["tests/test_rotation_rule.py"],
    "facilitator/cadence.py": ["tests/test_cadence_and_dates.py", "tests/test_cadence_rules.py"],
    "facilitator/agenda_clock.py": [
        "tests/test_agenda_clock.py",
        "tests/test_agenda_clock_model.py",
    ],
    "facilitator/warning_signs.py": ["tests/test_warning_signs.py"],
    "facilitator/pulse_tally.py": ["tests/test_pulse.py", "tests/test_warning_signs.py"],
    "facilitator/impact_survey.py": ["tests/test_impact_survey_csv.py", "tests/test_survey.py"],
    "facilitator/insight_data.py": ["tests/test_insight_measures.py", "tests/test_insights.py"],
    "facilitator/launch_checklist.py": ["tests/test_launch_checklist.py"],
    # the escaping in every exporter
    "exporters/markdown.py": ["tests/test_exporters.py", "tests/test_library_export.py"],
    "exporters/confluence.py": ["tests/test_exporters.py", "tests/test_library_export.py"],
    "exporters/calendar_invite.py": ["tests/test_calendar_text.py", "tests/test_invitations.py"],
    "exporters/announcement.py": ["tests/test_announcement_text.py"],
    "exporters/text.py": ["tests/test_clean_text.py", "tests/test_text_policy.py"],
    "exporters/slack_payload.py": ["tests/test_chat_payloads.py"],
    "exporters/teams_payload.py": ["tests/test_chat_payloads.py"],
    "exporters/chat_content.py": ["tests/test_chat_payloads.py"],
    # what is sent, and what a failure says
    "exporters/webhook_client.py": ["tests/test_chat_post.py"],
    # forgetting, identity and history
    "store/forgetting.py": ["tests/test_forgetting_rules.py", "tests/test_forget_member.py"],
    "store/archive_merge.py": [
        "tests/test_archive_merge_parts.py",
        "tests/test_archive.py",
        "tests/test_archive_refusals.py",
        "tests/test_archive_twins.py",
        "tests/test_roster_merge.py",
        "tests/test_forget_member.py",
    ],
    "store/record_joining.py": [
        "tests/test_record_joining.py",
        "tests/test_archive_twins.py",
        "tests/test_roster_merge.py",
    ],
    "store/member_twins.py": ["tests/test_roster_merge.py"],
    "store/search_index.py": [
        "tests/test_search_query.py",
        "tests/test_library.py",
        "tests/test_library_order.py",
    ],
    # what the insights report and the company-wide roll-up count
    "facilitator/services/latest_sessions.py": [
        "tests/test_insights.py",
        "tests/test_insight_rollup.py",
        "tests/test_launch_checklist.py",
    ],
    "facilitator/services/insight_scope.py": [
        "tests/test_insights.py",
        "tests/test_insight_rollup.py",
    ],
    # what home shows before its first frame, read on the light tables
    "facilitator/services/home_overview.py": [
        "tests/test_home_reads.py",
        "tests/test_default_community.py",
    ],
    "facilitator/services/session_summaries.py": [
        "tests/test_home_reads.py",
        "tests/test_light_tables.py",
    ],
    "facilitator/services/community_choice.py": [
        "tests/test_default_community.py",
        "tests/test_light_tables.py",
    ],
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
        "also_copy": ["screens", "facilitator", "store", "exporters", "bench"],
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
    """The names of the mutants no test noticed."""
    from mutmut.stats import status_by_exit_code

    names = []
    for meta in sorted((copy / "mutants").rglob("*.py.meta")):
        data = json.loads(meta.read_text(encoding="utf-8"))
        names += [
            name
            for name, code in data.get("exit_code_by_key", {}).items()
            if status_by_exit_code[code] == "survived"
        ]
    return names


def diff_of(copy: Path, name: str) -> str:
    """The mutant's diff against the original, as `mutmut show NAME` prints it."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    module = name.rsplit(".", 1)[0]
    here = Path.cwd()
    os.chdir(copy)
    try:
        return get_diff_for_mutant(name, path=Path(module.replace(".", "/") + ".py"))
    finally:
        os.chdir(here)


def private_temp(copy: Path) -> Path:
    """Where the mutants' pytest runs keep their temporary folders: each pytest run may
    remove its user's older numbered folders, and thousands of mutant runs are kept apart
    from any suite running beside them."""
    folder = copy / ".pytest-tmp"
    folder.mkdir(exist_ok=True)
    return folder


RECHECKED = ".rechecked.json"
"""Survivors run again, each in a fresh process: name → killed (kept, for --again)."""


def recheck(copy: Path, names: list[str]) -> set[str]:
    """The survivors that their tests do kill when run in a process of their own.

    mutmut runs each mutant in a process forked from one that has run the tests already;
    a few mutants it so reports as surviving fail their tests when run by hand
    (MUTANT_UNDER_TEST=NAME pytest …). Each survivor is run that way once more, with the
    tests mutmut chose for its function, and counted as killed if they fail."""
    done_file = copy / RECHECKED
    done = json.loads(done_file.read_text()) if done_file.exists() else {}
    stats = json.loads((copy / "mutants" / "mutmut-stats.json").read_text())
    chosen = stats["tests_by_mangled_function_name"]

    def killed(name: str) -> bool:
        tests = sorted(chosen.get(name.rsplit("__mutmut_", 1)[0], ()))
        env = {k: v for k, v in os.environ.items() if not k.startswith("COP_")}
        env |= {"MUTANT_UNDER_TEST": name, "COP_TEST_TEMPLATES": str(copy / ".templates")}
        env["PYTEST_DEBUG_TEMPROOT"] = str(private_temp(copy))
        pytest = [sys.executable, "-m", "pytest", "-x", "-q", "-n", "0", "-p", "no:cacheprovider"]
        run = subprocess.run(
            [*pytest, *tests], cwd=copy / "mutants", env=env, capture_output=True, check=False
        )
        return bool(tests) and run.returncode == 1

    todo = [name for name in names if name not in done]
    with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 1)) as pool:
        for name, result in zip(todo, pool.map(killed, todo), strict=True):
            done[name] = result
            done_file.write_text(json.dumps(done, indent=1))
    return {name for name in names if done[name]}


def equivalence(copy: Path, names: list[str]) -> dict[str, Rule]:
    """The survivors a rule of bench/equivalent_mutants.py explains, with that rule."""
    found = {}
    for name in names:
        added = [
            line[1:]
            for line in diff_of(copy, name).splitlines()
            if line.startswith("+") and not line.startswith("+++")
        ]
        rule = next((r for r in RULES for line in added if r.covers(name, line)), None)
        if rule is not None:
            found[name] = rule
    return found


def table(tally: dict[str, Counter[str]], equivalent: Counter[str], footer: str) -> str:
    """The killed share counts the mutants a user could notice: equivalent ones are apart."""
    rows = [
        "| module | mutants | killed | equivalent | survived | no test | killed share |",
        "|---|---|---|---|---|---|---|",
    ]
    for module in sorted(tally):
        counts = tally[module]
        total = sum(counts.values())
        same = equivalent[module]
        killed = counts["killed"] + counts["timeout"] + counts["caught by type check"]
        if counts["not checked"]:
            share = f"unfinished ({counts['not checked']} not checked)"
        else:  # rounded down: 89.6% is not 90%
            share = f"{math.floor(100 * killed / (total - same))}%" if total - same else "–"
        rows.append(
            f"| `{module}` | {total} | {killed} | {same} | {counts['survived'] - same} | "
            f"{counts['no tests']} | {share} |"
        )
    rows.append("")
    rows.append(footer)
    return "\n".join(rows)


def explained(equivalent: dict[str, Rule]) -> str:
    """The equivalent mutants under each rule's reason, for the README."""
    by_reason: dict[str, list[str]] = {}
    for name, rule in sorted(equivalent.items()):
        by_reason.setdefault(rule.reason, []).append(name)
    lines = ["", "", "Equivalent mutants, by reason (bench/equivalent_mutants.py):", ""]
    for reason, names in by_reason.items():
        lines.append(f"- {reason}: " + ", ".join(f"`{n}`" for n in names))
    return "\n".join(lines) if by_reason else ""


def write_readme(text: str) -> None:
    readme = ROOT / "bench" / "README.md"
    current = readme.read_text(encoding="utf-8")
    block = f"{BEGIN}\n{text}\n{END}"
    if BEGIN in current:
        current = re.sub(f"{re.escape(BEGIN)}.*?{re.escape(END)}", block, current, flags=re.S)
    else:
        current = current.rstrip() + "\n\n## Mutation testing\n\n" + block + "\n"
    readme.write_text(current, encoding="utf-8")


MINUTES = ".minutes"
"""Where a kept run notes how long it took, for --again."""


def report(copies: list[Path], write: bool, again: bool = False) -> None:
    """The table (and the equivalent mutants) of the runs kept in `copies`, printed and
    perhaps written into the README: a module's figures come from the last run that
    mutated it (a module rerun alone after a new test replaces its row). Every other
    survivor is printed by name, with how to see its diff."""
    tally: dict[str, Counter[str]] = {}
    left: dict[str, Path] = {}
    runs = []
    for copy in copies:
        counts = results(copy)
        for module in counts:
            left = {n: c for n, c in left.items() if _module_file(n) != module}
        tally |= counts
        left |= {name: copy for name in survivors(copy)}
        minutes = float((copy / MINUTES).read_text()) if (copy / MINUTES).exists() else 0.0
        runs.append(f"{len(counts)} module{'s' if len(counts) != 1 else ''} in {minutes:.0f} min")
    equivalent: dict[str, Rule] = {}
    killed_again: set[str] = set()
    for copy in copies:
        equivalent |= equivalence(copy, [n for n, c in left.items() if c == copy])
        unexplained = [n for n, c in left.items() if c == copy and n not in equivalent]
        if again:
            killed_again |= recheck(copy, unexplained)
    for name in killed_again:
        module = _module_file(name)
        tally[module] = tally[module] - Counter(survived=1) + Counter(killed=1)
        del left[name]
    per_module = Counter(_module_file(name) for name in equivalent)
    footer = (
        f"({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores; {'; then '.join(runs)}"
        + (f"; {len(killed_again)} survivors killed when rerun alone" if again else "")
        + ".)"
    )
    open_ones = sorted(name for name in left if name not in equivalent)
    text = table(tally, per_module, footer) + explained(equivalent)
    if open_ones:  # neither killed nor explained yet: said, not hidden
        text += "\n\nSurvivors still to kill or explain: " + ", ".join(
            f"`{name}`" for name in open_ones
        )
    print(text)
    for name in open_ones:
        print(f"survived: {name}   (mutmut show {name}, in {left[name]})")
    if write:
        write_readme(text)


def _module_file(mutant: str) -> str:
    """ "store.forgetting.x__like__mutmut_4" → "store/forgetting.py"."""
    return mutant.rsplit(".", 1)[0].replace(".", "/") + ".py"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="modules to mutate (default: all named)")
    parser.add_argument("--write", action="store_true", help="write the table into the README")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument(
        "--recheck",
        action="store_true",
        help="run each unexplained survivor once more in a fresh process (slow)",
    )
    parser.add_argument(
        "--again",
        type=Path,
        nargs="+",
        metavar="DIR",
        help="report runs kept in these folders again, not running (a later one's modules win)",
    )
    args = parser.parse_args()
    if args.again:
        for folder in args.again:
            if not (folder / MINUTES).exists():
                parser.error(f"{folder} holds no finished run (kept with --keep)")
        report(args.again, args.write, args.recheck)
        return
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
        # Every mutant is a pytest run of its own: the migrated and sample databases are
        # built once, by the unchanged code's first run, and copied from then on.
        templates = copy / ".templates"
        templates.mkdir(exist_ok=True)
        env["COP_TEST_TEMPLATES"] = str(templates)
        env["PYTEST_DEBUG_TEMPROOT"] = str(private_temp(copy))
        # Two at a time per core: much of a mutant's run waits on the disk (each commit is
        # synced), as the suite's own workers do (tests/conftest.py).
        children = 2 * (os.cpu_count() or 1)
        run = subprocess.run(
            [sys.executable, "-m", "mutmut", "run", "--max-children", str(children)],
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
        (copy / MINUTES).write_text(f"{minutes:.1f}")
        report([copy], args.write, args.recheck)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
