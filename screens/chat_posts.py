"""Posting to a chat channel from a screen, the same way everywhere: the community's
channels (one is used at once, several are offered to choose from), the post sent in a
worker thread so the network never freezes the screen, a question before the same post
goes to the same channel twice, and one status line saying where it went or what is wrong."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual import work

from facilitator.errors import SHOWN_ERRORS
from screens.format import literal, sentence

if TYPE_CHECKING:
    from facilitator.chat_config import ChatChannel

NO_CHANNEL = (
    "No chat channel for this community yet: add one with "
    "cop chat add NAME --slack URL (or --teams URL)"
)


class PostsToChat:
    """For a Screen that is also SavesAndPublishes (its `say` and `#status` line) and has
    a `workspace`."""

    posting = False

    def chat_commands(self, subject: str, label: str, target: str | None) -> list:
        """Palette commands "<label> to NAME", one per channel of the community."""
        try:
            channels = self.workspace.chat_channels()
        except SHOWN_ERRORS:
            return []
        return [
            (
                f"{label} to {channel.name}",
                f"{channel.platform} ({channel.hint})",
                partial(self.post_to, subject, target, channel),
            )
            for channel in channels
        ]

    def choose_channel_and_post(self, subject: str, target: str | None) -> None:
        try:
            channels = self.workspace.chat_channels()
        except SHOWN_ERRORS as error:
            self.say(sentence(str(error)), error=True)
            return
        if not channels:
            self.say(literal(NO_CHANNEL), error=True)
        elif len(channels) == 1:
            self.post_to(subject, target, channels[0])
        else:
            from screens.channel_picker import ChannelPicker

            def chosen(channel: ChatChannel | None) -> None:
                if channel is not None:
                    self.post_to(subject, target, channel)

            self.app.push_screen(ChannelPicker(channels), chosen)

    def post_to(
        self, subject: str, target: str | None, channel: ChatChannel, again: bool = False
    ) -> None:
        if self.posting:
            return
        self.posting = True
        self.say(literal(f"Posting to {channel.name}…"))
        self._post(subject, target, channel, again)

    @work(thread=True, exclusive=True, group="chat")
    def _post(self, subject: str, target: str | None, channel: ChatChannel, again: bool) -> None:
        from facilitator.services.chat_posting import AlreadyPosted

        try:
            said = self.workspace.post_to_chat(subject, target, channel, again)
        except AlreadyPosted as already:
            self.app.call_from_thread(self._ask_again, subject, target, channel, already.said)
            return
        except SHOWN_ERRORS as error:
            self.app.call_from_thread(self._posted, sentence(str(error)), True)
            return
        self.app.call_from_thread(self._posted, literal(said), False)

    def _posted(self, message, error: bool) -> None:
        self.posting = False
        self.say(message, error)

    def _ask_again(self, subject: str, target: str | None, channel: ChatChannel, said: str) -> None:
        from screens.confirm import ConfirmScreen

        self.posting = False
        said = said[:1].upper() + said[1:]
        self.say(literal(said))

        def answer(again: bool | None) -> None:
            if again:
                self.post_to(subject, target, channel, again=True)

        self.app.push_screen(
            ConfirmScreen("Post it again?", f"{said}.", confirm="Post again"), answer
        )
