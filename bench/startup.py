"""Start-up figures, each beside its floor measured in the same run.

    python bench/startup.py [--runs N] [--cpu | --instructions]

Prints the median wall time (or, with --cpu, CPU time) of N runs (after one warm-up each) for:
  cop --help          vs  python -c "import typer"
  cop roster list     vs  python -c "import typer, sqlmodel"
  home screen painted vs  a bare Textual app with Header and Footer that imports sqlmodel
and the ratio to the floor: the median of each pair's ratio (and, in brackets, the ratio
of the two medians). Targets: 1.2x, 1.2x, 1.25x. The runs alternate (floor, cop,
floor, cop, …) so that a machine slowing down or speeding up during the run affects both
sides alike instead of landing in the ratio. Not a test: numbers depend on the machine, so
nothing here asserts.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
PY_VERSION = sys.version.split()[0]
EXIT_AT_PAINT = "--exit-at-paint"


def seconds(command: list[str], env: dict[str, str]) -> float:
    """Wall seconds from launch to exit, or to the first paint when the program says when
    that was (bench/paint.py prints the system-wide monotonic clock at its first frame)."""
    start = time.monotonic()
    done = subprocess.run(command, check=True, capture_output=True, env=env, text=True)
    end = time.monotonic()
    for line in done.stdout.splitlines():
        if line.startswith("painted at "):
            end = float(line.removeprefix("painted at "))
    return end - start


def cpu_seconds(command: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user and system) the program used from launch to exit: home is ended at
    its first frame (--exit-at-paint), so this is launch to paint. Unlike wall time, it
    leaves out the moments the machine gave to other work."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, capture_output=True, env=env, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def interleaved_medians(
    floor: list[str], cop: list[str], runs: int, env: dict[str, str], measure=seconds
) -> tuple[float, float, float]:
    """Median seconds of the floor and of cop, each run right after the other, and the
    median of each pair's ratio (cop over the floor run just before it). The ratio is taken
    pair by pair because this machine's speed drifts by a third within a minute (the floor
    alone read 0.65-0.92 s in six runs of the same day): a pair shares the moment's speed,
    where the two medians may each come from a different phase."""
    measure(floor, env)  # warm the disk cache for both
    measure(cop, env)
    floors, cops = [], []
    for _ in range(runs):
        floors.append(measure(floor, env))
        cops.append(measure(cop, env))
    ratios = [c / f for f, c in zip(floors, cops, strict=True)]
    return statistics.median(floors), statistics.median(cops), statistics.median(ratios)


def instructions(command: list[str], env: dict[str, str]) -> int:
    """Instructions executed from launch to exit, counted by valgrind's callgrind: the
    same count run after run, whatever else the machine is doing (wall time here swings
    by half between runs)."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        check=True,
        capture_output=True,
        env=env,
        text=True,
    )
    return int(re.search(r"Collected : (\d+)", done.stderr).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument(
        "--cpu",
        action="store_true",
        help="CPU time instead of wall time (home ended at its first frame)",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions with valgrind instead of timing (one run each, ~1 min)",
    )
    arguments = parser.parse_args()
    runs = arguments.runs
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "bench.db")
        env = {**os.environ, "COP_DB": db, "COLUMNS": "120", "TEXTUAL_ANIMATIONS": "none"}
        # As installed: Python caches compiled modules (the warm-up run writes them).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run([PY, "-m", "facilitator", "demo"], check=True, capture_output=True, env=env)
        cases = [
            (
                "cop --help",
                [PY, "-m", "facilitator", "--help"],
                "import typer",
                [PY, "-c", "import typer"],
                1.2,
            ),
            (
                "cop roster list",
                [PY, "-m", "facilitator", "roster", "list"],
                "import typer, sqlmodel",
                [PY, "-c", "import typer, sqlmodel"],
                1.2,
            ),
            (
                "home screen painted",
                [PY, str(HERE / "paint.py"), "cop", db],
                "bare Textual + sqlmodel",
                [PY, str(HERE / "paint.py"), "bare"],
                1.25,
            ),
        ]
        if arguments.instructions:
            env["PYTHONHASHSEED"] = "0"  # the same dict and set orders, run after run
            print(f"instructions, launch to exit (home: to its first frame), {PY_VERSION}\n")
            print(f"{'measure':<22}{'cop M':>9}  {'floor':<26}{'floor M':>9}{'ratio':>8}  target")
            for name, command, floor_name, floor, target in cases:
                if name.startswith("home"):
                    command, floor = [*command, EXIT_AT_PAINT], [*floor, EXIT_AT_PAINT]
                seconds(floor, env)  # writes the bytecode caches, as an installed cop has
                seconds(command, env)
                floor_n, cop_n = instructions(floor, env), instructions(command, env)
                ratio = cop_n / floor_n
                verdict = "ok" if ratio <= target else "OVER"
                print(
                    f"{name:<22}{cop_n / 1e6:>9,.0f}  {floor_name:<26}{floor_n / 1e6:>9,.0f}"
                    f"{ratio:>7.2f}x  <= {target}x {verdict}"
                )
            return
        kind = "CPU time" if arguments.cpu else "wall time"
        print(f"median {kind} of {runs} runs, {PY_VERSION}, {os.cpu_count()} cores\n")
        print(f"{'measure':<22}{'cop':>9}  {'floor':<26}{'floor s':>9}{'ratio':>8}  target")
        for name, command, floor_name, floor, target in cases:
            measure = seconds
            if arguments.cpu:
                measure = cpu_seconds
                if name.startswith("home"):
                    command, floor = [*command, EXIT_AT_PAINT], [*floor, EXIT_AT_PAINT]
            floor_s, cop_s, ratio = interleaved_medians(floor, command, runs, env, measure)
            verdict = "ok" if ratio <= target else "OVER"
            print(
                f"{name:<22}{cop_s:>8.3f}s  {floor_name:<26}{floor_s:>8.3f}s"
                f"{ratio:>7.2f}x  <= {target}x {verdict}  (of medians {cop_s / floor_s:.2f}x)"
            )


if __name__ == "__main__":
    main()
