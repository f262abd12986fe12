"""One cop command started at the same moment as others (tests/test_concurrency.py).

    python tests/concurrent_command.py GO_FILE ARGS...

Imports cop first, waits until GO_FILE exists so that all start together, then runs
`cop ARGS` on the database cop would (COP_DB or COP_DATABASE_URL) through its real error
boundary. Prints the exit code, then what the command said on stderr.
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
from pathlib import Path

from facilitator.cli import main as cop
from facilitator.services import demo, talks  # noqa: F401  (loaded before the start line)


def main() -> None:
    go, args = Path(sys.argv[1]), sys.argv[2:]
    while not go.exists():
        time.sleep(0.01)
    said = io.StringIO()
    code = 0
    with contextlib.redirect_stderr(said), contextlib.redirect_stdout(io.StringIO()):
        try:
            cop(args)
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    print(code)
    print(said.getvalue().strip())


if __name__ == "__main__":
    main()
