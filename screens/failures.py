"""One error path for the app: a refusal or a database failure becomes one clear message.

A handler that hits "database is locked" past the busy timeout, a full disk or an I/O
error must not end the app with a traceback: the message is shown, the app stays up, and a
form keeps what was typed (its own handler returned before dismissing it). Nothing
acknowledged is lost, because every capture is committed before it is shown as saved.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message

from facilitator.errors import SHOWN_ERRORS


class ReportsFailures:
    """Mixed into every cop screen: errors from its handlers, mounts and timers go to the app.

    Textual stops a screen's message loop on an exception escaping a handler, so the guard
    sits at the screen's dispatch point, `_on_message`, through which all of them pass.
    """

    async def _on_message(self, message: Message) -> None:
        try:
            await super()._on_message(message)  # type: ignore[misc]
        except SHOWN_ERRORS as error:
            self.app.report_failure(error)  # type: ignore[attr-defined]


def in_timer(screen, callback: Callable[[], object]) -> Callable[[], None]:
    """A timer's callback runs outside the screen's handlers (Textual ends the app on an
    error there): report a failure once, not at every tick, until the callback works again."""
    last: list[str] = []

    def run() -> None:
        try:
            callback()
        except SHOWN_ERRORS as error:
            if last != [str(error)]:
                last[:] = [str(error)]
                screen.app.report_failure(error)
        else:
            last.clear()

    return run
