"""Which chat channel to post to, when the community has several."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from facilitator.chat_config import ChatChannel
from screens.failures import ReportsFailures
from screens.format import literal


class ChannelPicker(ReportsFailures, ModalScreen[ChatChannel | None]):
    DEFAULT_CSS = """
    ChannelPicker {
        align: center middle;
    }

    ChannelPicker #picker {
        width: 60;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: thick $primary;
        background: $surface;
        padding: 1 2;
    }

    ChannelPicker OptionList {
        height: auto;
        max-height: 12;
        margin-top: 1;
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="channel_picker.cancel")]

    def __init__(self, channels: list[ChatChannel]) -> None:
        super().__init__()
        self.channels = channels

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label("Post to which channel? (enter posts, esc cancels)")
            yield OptionList(
                *(
                    Option(literal(f"{c.name} · {c.platform} · {c.hint}"), id=str(i))
                    for i, c in enumerate(self.channels)
                )
            )

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.channels[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        self.dismiss(None)
