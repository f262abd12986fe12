"""Saving a document and publishing it to Confluence from a screen, the same way everywhere:
the path asked for with the default filled in, publishing in a worker thread (the network
never freezes the screen), and one status line saying where it went or what is wrong."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.widgets import Static

from facilitator.errors import SHOWN_ERRORS
from facilitator.vocabulary import PublishOutcome
from screens.format import literal, sentence

if TYPE_CHECKING:  # publishing loads when a screen first publishes, not with home
    from facilitator.services.publish import Published

WORDS = {
    PublishOutcome.CREATED: "Published",
    PublishOutcome.UPDATED: "Updated",
    PublishOutcome.UNCHANGED: "Already up to date",
}


class SavesAndPublishes:
    """For a Screen with a `#status` Static."""

    publishing = False

    def say(self, message: Text | str, error: bool = False) -> None:
        status = self.query_one("#status", Static)
        status.set_class(error, "-error")
        status.update(message)

    def ask_and_save(self, question: str, default: Path, write: Callable[[Path], bool]) -> None:
        """Ask where to save (enter keeps `default`); `write` returns False when the file
        already held exactly that."""
        from screens.prompt import PromptScreen

        def save(answer: str | None) -> None:
            if answer is None:
                return
            path = Path(answer.strip() or default).expanduser()
            try:
                changed = write(path)
            except SHOWN_ERRORS as error:
                self.say(sentence(str(error)), error=True)
                return
            self.say(literal(f"Saved to {path}" if changed else f"{path} was already up to date"))

        self.app.push_screen(PromptScreen(question, str(default)), save)

    def start_publishing(self, what: str, send: Callable[[], Published]) -> None:
        if self.publishing:
            return
        self.publishing = True
        self.say(literal(f"Publishing {what} to Confluence…"))
        self._publish(send)

    @work(thread=True, exclusive=True, group="publish")
    def _publish(self, send: Callable[[], Published]) -> None:
        try:
            result = send()
        except SHOWN_ERRORS as error:
            self.app.call_from_thread(self.published, sentence(str(error)), True)
            return
        message = f"{WORDS[result.outcome]}: {result.url} (copy in {result.local_file})"
        self.app.call_from_thread(self.published, literal(message), False)

    def published(self, message: Text, error: bool) -> None:
        self.publishing = False
        self.say(message, error)
