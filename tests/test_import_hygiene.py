"""Start-up cost and layering: which modules each entry point loads.

Run in subprocesses so that this test session's own imports cannot hide a leak.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, sys
sys.argv = ["cop", *{args!r}]
from facilitator.cli import main
try:
    main()
except SystemExit:
    pass
loaded = sorted(sys.modules)
sys.stderr.write("\\nMODULES=" + json.dumps(loaded) + "\\n")
"""


def loaded_modules(args: list[str], env_db: Path | None = None) -> set[str]:
    """The packages (top-level names) and the modules the command loaded."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(env_db.parent if env_db else ROOT)}
    if env_db:
        env["COP_DB"] = str(env_db)
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    line = next(li for li in result.stderr.splitlines() if li.startswith("MODULES="))
    modules = json.loads(line.removeprefix("MODULES="))
    return {m.split(".")[0] for m in modules} | set(modules)


def sample_database(folder: Path) -> Path:
    """A database holding the sample community, written by `cop demo`."""
    db = folder / "cop.db"
    subprocess.run(
        [sys.executable, "-m", "facilitator", "--db", str(db), "demo"],
        check=True,
        capture_output=True,
        cwd=ROOT,
        timeout=120,
    )
    return db


def command_modules(modules: set[str]) -> set[str]:
    """The command modules (facilitator.cli.<group or command>) among the loaded modules."""
    from facilitator.cli.command_index import COMMANDS, GROUPS

    homes = {home for home, _, _ in (*COMMANDS.values(), *GROUPS.values())}
    return {m.removeprefix("facilitator.cli.") for m in modules} & homes


def test_help_imports_neither_textual_nor_sqlmodel():
    modules = loaded_modules(["--help"])
    assert "typer" in modules
    assert not modules & {"textual", "sqlmodel", "sqlalchemy", "alembic"}
    assert command_modules(modules) == set()  # each listed from the index by its line


def test_every_command_module_is_in_the_index():
    """A command is reached through facilitator.cli.command_index: a module of commands
    missing there would never run."""
    helpers = {"__init__", "command_index", "common", "completion", "opening", "plain_table"}
    helpers |= {"publish"}  # what three commands share to send a page to Confluence
    modules = {path.stem for path in (ROOT / "facilitator" / "cli").glob("*.py")}
    assert modules - helpers - {"typer_app"} == command_modules(
        {f"facilitator.cli.{name}" for name in modules}
    )


def test_a_command_imports_only_its_own_module():
    assert command_modules(loaded_modules(["roster", "--help"])) == {"roster"}
    assert command_modules(loaded_modules(["announce", "--help"])) == {"invite"}
    assert command_modules(loaded_modules(["post", "--help"])) == {"chat"}


def test_db_commands_do_not_import_textual(tmp_path):
    db = sample_database(tmp_path)
    modules = loaded_modules(["roster", "list"], env_db=db)
    assert "sqlmodel" in modules
    assert "textual" not in modules
    assert "alembic" not in modules  # the schema is current: no migration machinery
    assert "sqlalchemy.dialects.postgresql" not in modules  # a SQLite file needs no server


def built_tables(modules: set[str]) -> set[str]:
    """The tables (store.models' modules) among the loaded modules, by table name."""
    return {
        m.removeprefix("store.models.").removesuffix("_table")
        for m in modules
        if m.startswith("store.models.") and m.endswith("_table")
    }


def test_roster_list_builds_no_table(tmp_path):
    """A page of the roster and its figures (sessions attended, last hosted) are read on
    the light tables (store.light_tables), so listing the roster builds no mapped table
    (≈ 6 ms each, with the ORM's mapper configuration after them)."""
    modules = loaded_modules(["roster", "list"], env_db=sample_database(tmp_path))
    assert built_tables(modules) == set()
    assert "sqlalchemy.orm" in modules  # imported with sqlmodel: the floor, not a table


FIRST_FRAME_PROBE = """
import json, sys
from facilitator.app import CopApp
from facilitator.cli.opening import State, open_db
from facilitator.workspace import Workspace

State.db_path = sys.argv[1]
app = CopApp(Workspace(open_db()))
display = app._display

def first_frame(screen, renderable):
    if renderable is not None and not hasattr(app, "modules_at_paint"):
        app.modules_at_paint = sorted(sys.modules)
        app.call_later(app.exit)
    display(screen, renderable)

app._display = first_frame
app.run(headless=True)
sys.stderr.write("\\nMODULES=" + json.dumps(app.modules_at_paint) + "\\n")
"""


def test_home_first_frame_builds_no_mapped_table(tmp_path):
    """Home's first frame reads the community, its sessions, their hosts' names and the
    counts beside them on the light tables, through the schedule's own reads: building a
    mapped table (and configuring mappers) waits until something is changed or a larger
    screen opens. The sessions service, which writes, is not loaded either."""
    db = sample_database(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME_PROBE, str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TEXTUAL_ANIMATIONS": "none"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    line = next(li for li in result.stderr.splitlines() if li.startswith("MODULES="))
    modules = set(json.loads(line.removeprefix("MODULES=")))
    assert "screens.home" in modules
    assert "facilitator.services.home_overview" in modules
    assert built_tables(modules) == set()
    assert "facilitator.services.sessions" not in modules


APP_PROBE = """
import json, sys
sys.argv = ["cop"]
import facilitator.tui

def opened(db, **options):  # where the app would start: what has been loaded by then
    sys.stderr.write("\\nMODULES=" + json.dumps(sorted(sys.modules)) + "\\n")

facilitator.tui.run_app = opened
from facilitator.cli import main
main()
"""


def test_bare_cop_opens_the_app_without_typer(tmp_path):
    """Bare `cop` has no command line to parse, so it does not load Typer (≈ 40 ms of every
    launch) and opens the database COP_DB names, as `cop --db` would."""
    db = sample_database(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", APP_PROBE],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "COP_DB": str(db)},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    line = next(li for li in result.stderr.splitlines() if li.startswith("MODULES="))
    modules = set(json.loads(line.removeprefix("MODULES=")))
    assert "store.database" in modules and "typer" not in modules
    assert not {
        m for m in modules if m.startswith("facilitator.cli.") and m != "facilitator.cli.opening"
    }


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


TEXTUAL_ALLOWED = {ROOT / "facilitator" / "app.py"}


@pytest.mark.parametrize("package", ["facilitator", "store", "exporters"])
def test_textual_is_imported_only_by_screens_and_the_app(package):
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / package).rglob("*.py")
        if path not in TEXTUAL_ALLOWED and "textual" in _imports(path)
    ]
    assert offenders == []


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("store", {"facilitator", "screens", "exporters", "textual", "typer"}),
        ("exporters", {"store", "screens", "textual", "sqlmodel", "sqlalchemy"}),
        ("facilitator", {"screens"}),
    ],
)
def test_layers_point_one_way(package, forbidden):
    offenders = {}
    for path in (ROOT / package).rglob("*.py"):
        if path in TEXTUAL_ALLOWED:
            continue  # the App composes screens
        bad = _imports(path) & forbidden
        if bad:
            offenders[str(path.relative_to(ROOT))] = sorted(bad)
    assert offenders == {}


def test_each_command_line_builds_only_the_part_of_the_tree_it_uses(cop):
    """`command_tree` builds one group for `cop roster …`, names only for `cop --help`,
    and the whole tree where a message or completion needs every command."""
    import typer
    from click.testing import CliRunner

    from facilitator.cli.typer_app import command_tree, every_command

    [roster] = command_tree(["roster", "list"]).registered_groups
    assert roster.name == "roster"
    assert [c.name for c in roster.typer_instance.registered_commands] == ["list"]
    assert [c.name for c in command_tree(["--db", "x.db", "report"]).registered_commands] == [
        "report"
    ]
    assert command_tree([]).registered_groups == []
    assert command_tree(["rostr", "list"]) is every_command()  # "did you mean roster?"

    runner = CliRunner()
    app = every_command()
    whole = runner.invoke(typer.main.get_command(app), ["--help"], prog_name="cop").output
    assert cop("--help").out == whole  # the same page, built from names and help alone
    group = runner.invoke(typer.main.get_command(app), ["roster", "--help"], prog_name="cop")
    assert cop("roster", "--help").out == group.output
    assert "Did you mean 'roster'" in cop("rostr", "list").err
    assert "Did you mean 'list'?" in cop("roster", "lst").err
    assert "list" in cop("roster").err + cop("roster").out  # a group alone shows its commands


def test_shell_completion_sees_every_command(monkeypatch):
    from facilitator.cli.typer_app import command_tree, every_command

    monkeypatch.setenv("_COP_COMPLETE", "bash_complete")
    assert command_tree(["roster"]) is every_command()
