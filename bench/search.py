"""How fast the library answers at 100× and 1,000× the sample's history.

    python bench/search.py [--scales 100 1000] [--runs 15] [--keep DIR]

Builds the histories with bench/history.py (1,000× is 12,000 sessions and about 48,000
takeaways; it takes several minutes, so `--keep DIR` keeps and reuses them), then runs a
set of searches as the app and `cop library search` run them (the service, in this
process) and prints, per search, the median and the worst of `--runs` wall-clock runs
after a warm-up, and over all searches the median of medians and the worst. Targets (the
issue): median under 20 ms, worst under 100 ms. Not a test: nothing here asserts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

SEARCHES = [
    ("a common word", dict(query="prompt")),
    ("two words", dict(query="review meeting")),
    ("a prefix", dict(query="summ")),
    ("accents folded", dict(query="résumé")),
    ("a rare word", dict(query="spreadsheet")),
    ("nothing matches", dict(query="zebra")),
    ("the most recent", dict(query="")),
    ("by kind", dict(query="", kind="prompt")),
    ("what worked, first", dict(query="prompt", sort="worked")),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keep", type=Path, help="keep (and reuse) the histories here")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="cop-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        {"XDG_CONFIG_HOME": str(folder / "config"), "XDG_DATA_HOME": str(folder / "data")}
    )

    from history import build

    from facilitator.cli.common import State, open_db
    from facilitator.clock import utc_now
    from facilitator.services.library import LibrarySort, search

    print(f"{sys.version.split()[0]}, {os.cpu_count()} cores, {args.runs} runs per search")
    for scale in args.scales:
        path = folder / f"history-{scale}x.db"
        State.db_path = str(path)
        new = not path.exists()
        if new:
            writer = open_db()
            build(writer, scale, 20261121, utc_now())
            writer.close()
        db = open_db(reading=True)  # as `cop library search` and the app's reads open it
        takeaways = _count(db)
        print(f"\n{scale}× ({takeaways:,} takeaways)")
        medians, worst = [], 0.0
        for label, options in SEARCHES:
            options = dict(options)
            if "sort" in options:
                options["sort"] = LibrarySort(options["sort"])
            search(db, **options)  # warm-up
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                found = search(db, **options)
                times.append((time.perf_counter() - start) * 1000)
            medians.append(statistics.median(times))
            worst = max(worst, max(times))
            print(
                f"  {label:<22}{len(found.entries):>4} shown  "
                f"median {statistics.median(times):6.1f} ms  worst {max(times):6.1f} ms"
            )
        middle = statistics.median(medians)
        print(
            f"  all searches: median {middle:.1f} ms ({'met' if middle < 20 else 'NOT MET'}), "
            f"worst {worst:.1f} ms ({'met' if worst < 100 else 'NOT MET'})"
        )
        db.close()


def _count(db) -> int:
    from sqlalchemy import text

    with db.session() as s:
        return s.exec(text("SELECT count(*) FROM takeaway")).one()[0]


if __name__ == "__main__":
    main()
