"""One of several cop processes opening the same database at once (tests/test_concurrency.py).

    python tests/concurrent_opener.py GO_FILE

Imports everything first, waits until GO_FILE exists so that all start together, then
opens the database cop would (COP_DB or COP_DATABASE_URL), which creates or migrates its
schema. Prints the schema revision it ended with, or the error.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from store.database import open_database
from store.location import resolve_location
from store.migrate import ensure_schema  # noqa: F401  (imported before the start line)


def main() -> None:
    go = Path(sys.argv[1])
    import alembic.command  # noqa: F401  (loaded before the start line, as far as can be)

    while not go.exists():
        time.sleep(0.01)
    try:
        db = open_database(resolve_location())
    except Exception as error:  # every failure is reported, whatever it is
        print(f"{type(error).__name__}: {error}")
        return
    print(db.schema.revision)
    db.close()


if __name__ == "__main__":
    main()
