"""A form that keeps its half-typed fields: saved a moment after typing stops and on exit.

When the terminal is closed (SIGHUP) or the app is stopped (SIGTERM) the app asks every
open form to keep its draft before exiting; the next time the form opens, it is refilled.
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Select

from facilitator.errors import SHOWN_ERRORS
from facilitator.live_session import LiveSession
from screens.failures import ReportsFailures, in_timer
from screens.note_area import NoteArea

DRAFT_DELAY_SECONDS = 1.0

ResultType = TypeVar("ResultType")


class DraftForm(ReportsFailures, ModalScreen[ResultType]):
    """Subclasses name their form, have a `#text` NoteArea (the note itself) and list the
    widgets whose values make the draft."""

    DRAFT_FIELDS: tuple[str, ...] = ()

    def __init__(self, live: LiveSession, form: str) -> None:
        super().__init__()
        self.live = live
        self.form = form
        self._draft_timer: Timer | None = None

    def restore_draft(self) -> bool:
        """Refill the fields from a kept draft; True when there was one."""
        try:
            fields = self.live.load_draft(self.form)
        except SHOWN_ERRORS as error:  # the database is out of reach: the form still opens
            self.app.report_failure(error)
            return False
        if not fields:
            return False
        for name in self.DRAFT_FIELDS:
            if name in fields:
                widget = self.query_one(f"#{name}")
                if isinstance(widget, Select):
                    widget.value = fields[name] or Select.NULL
                else:
                    widget.value = fields[name]
        self.notify("Your unsaved note was kept; here it is again.")
        return True

    def draft_fields(self) -> dict[str, str]:
        values = {}
        for name in self.DRAFT_FIELDS:
            value = self.query_one(f"#{name}").value
            values[name] = "" if value is Select.NULL or value is None else str(value)
        return values

    def keep_draft(self) -> None:
        """Store the typed fields; a form whose text is empty keeps no draft."""
        typed = bool(self.query_one("#text", NoteArea).value.strip())
        self.live.save_draft(self.form, self.draft_fields() if typed else {})

    def discard_draft(self) -> None:
        """After a save: the draft is gone. If the database went away just then, the note
        itself was saved; the stale draft is only said, not a reason to keep the form."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
        try:
            self.live.clear_draft(self.form)
        except SHOWN_ERRORS as error:
            self.app.report_failure(error)

    def close_keeping_draft(self) -> None:
        """Close without saving, keeping what was typed as a draft; when the draft cannot
        be stored (the database is out of reach) a typed note keeps the form open instead
        of being lost."""
        try:
            self.keep_draft()
        except SHOWN_ERRORS as error:
            if self.query_one("#text", NoteArea).value.strip():
                self.query_one("#error").update(
                    f"{error} The note stays here: save it when the database is back."
                )
                return
        self.dismiss(None)

    def _schedule_draft(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY_SECONDS, in_timer(self, self.keep_draft))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._schedule_draft()

    def on_text_area_changed(self, event: NoteArea.Changed) -> None:
        self._schedule_draft()
