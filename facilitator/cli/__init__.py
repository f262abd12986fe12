"""The `cop` command line: thin commands over the services.

`main` is the single place where domain and store errors become a one-line message and an
exit code (a traceback only with --debug). Bare `cop`, the app, is opened without loading
Typer, which a command line needs to be parsed (≈ 40 ms of every launch); any other command
line goes through the Typer app in facilitator.cli.typer_app.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn


def main(argv: list[str] | None = None) -> None:
    """Run the CLI: every refusal, a usage mistake or cop's own, becomes one line."""
    args = sys.argv[1:] if argv is None else argv
    try:
        if args or os.environ.get("_COP_COMPLETE"):
            from facilitator.cli.typer_app import run

            code = run(args)
        else:
            from facilitator.cli.opening import open_app

            # As the root's --db option reads it: an empty COP_DB means the default.
            open_app(os.environ.get("COP_DB") or None)
            code = None
    except Exception as error:  # the one boundary that turns errors into messages
        if "--debug" in args:
            raise
        from facilitator.errors import EXIT_USER_ERROR, CopError

        if isinstance(error, CopError):
            fail(str(error), error.exit_code)
        if _is_store_error(error):
            fail(str(error), EXIT_USER_ERROR)
        if isinstance(error, UnicodeError):
            # Fields are checked where they come in; this catches any text that slipped past.
            fail("some of the text given is not valid UTF-8; check the arguments", EXIT_USER_ERROR)
        fail(f"unexpected {type(error).__name__}: {error} (run with --debug for details)", 1)
    if isinstance(code, int) and code:
        sys.exit(code)


def _is_store_error(error: Exception) -> bool:
    store_errors = sys.modules.get("store.errors")
    return store_errors is not None and isinstance(error, store_errors.StoreError)


def fail(message: str, code: int) -> NoReturn:
    """Say what is wrong on one line of stderr and exit with `code`."""
    # A message may quote what was typed, undecodable bytes included: show them escaped.
    from exporters.text import terminal_safe

    shown = terminal_safe(message.encode("utf-8", "backslashreplace").decode("utf-8"))
    print(f"cop: error: {shown}", file=sys.stderr, flush=True)
    sys.exit(code)
