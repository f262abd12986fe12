"""Chat channels cop posts to, kept with the other per-user settings in config.ini (one
`[chat:NAME]` section each: the platform, the community, the address's last four
characters). The webhook address itself is a secret, like the Confluence token: it lives
in the system keyring, or comes from COP_CHAT_WEBHOOK_<NAME>, and is never written to a
file, the database, an export, an archive or any output."""

from __future__ import annotations

import os
import re
from contextlib import suppress
from dataclasses import dataclass
from urllib.parse import urlsplit

from facilitator.config import (
    is_loopback,
    keep_secret,
    keyring_module,
    read_settings,
    write_settings,
)
from facilitator.errors import InvalidInput, not_found
from facilitator.vocabulary import ChatPlatform, known, listed

KEYRING_SERVICE = "cop-chat"
SECTION = "chat:"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")


@dataclass(frozen=True)
class ChatChannel:
    name: str
    platform: ChatPlatform
    community: str
    hint: str
    """The address as shown: `…/` and its last four characters."""

    @property
    def variable(self) -> str:
        return webhook_variable(self.name)


def webhook_variable(name: str) -> str:
    """COP_CHAT_WEBHOOK_TEAM_AI for the channel team-ai: the address from the environment
    where no keyring is usable (a server, a CI job)."""
    return "COP_CHAT_WEBHOOK_" + re.sub(r"[^A-Z0-9]", "_", name.upper())


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise InvalidInput(
            f"{name!r} is not a channel name: up to 40 letters, digits, - and _, "
            "starting with a letter or digit"
        )
    return name


def check_webhook(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.hostname or len(parts.path) < 2:
        raise InvalidInput("that is not a webhook address: give the https://… address in full")
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise InvalidInput("use the https address: a webhook address must not travel unencrypted")
    if parts.fragment or any(c.isspace() for c in url):
        raise InvalidInput("a webhook address has no spaces and no #fragment: copy it again")
    return url


def load_channels() -> list[ChatChannel]:
    parser = read_settings()
    channels = []
    for section in parser.sections():
        if not section.startswith(SECTION):
            continue
        values = parser[section]
        platform = values.get("platform", "")
        if not known(ChatPlatform, platform) or not values.get("community"):
            raise InvalidInput(
                f"[{section}] in the settings file needs platform ({listed(ChatPlatform)}) "
                "and community; fix it or remove the channel with cop chat remove"
            )
        channels.append(
            ChatChannel(
                name=section.removeprefix(SECTION),
                platform=ChatPlatform(platform),
                community=values["community"],
                hint=values.get("hint", "…"),
            )
        )
    return sorted(channels, key=lambda c: c.name.casefold())


def find_channel(name: str) -> ChatChannel:
    channels = load_channels()
    for channel in channels:
        if channel.name.casefold() == name.casefold():
            return channel
    if not channels:
        raise InvalidInput(f"no chat channel {name!r}: add one with cop chat add")
    raise not_found("chat channel", name, [c.name for c in channels])


def save_channel(channel: ChatChannel) -> None:
    parser = read_settings()
    for section in parser.sections():
        if section.casefold() == (SECTION + channel.name).casefold():
            parser.remove_section(section)
    parser[SECTION + channel.name] = {
        "platform": str(channel.platform),
        "community": channel.community,
        "hint": channel.hint,
    }
    write_settings(parser)


def remove_channel(channel: ChatChannel) -> None:
    parser = read_settings()
    parser.remove_section(SECTION + channel.name)
    write_settings(parser)
    keyring, keyring_error = keyring_module()
    with suppress(keyring_error):  # not there, or no keyring: nothing of it is left
        keyring.delete_password(KEYRING_SERVICE, channel.name.casefold())


def read_webhook(channel: ChatChannel) -> str:
    """The channel's address from its variable, else the keyring; a message naming both
    when neither has it."""
    url = os.environ.get(channel.variable, "").strip()
    if url:
        return check_webhook(url)
    keyring, keyring_error = keyring_module()
    try:
        url = keyring.get_password(KEYRING_SERVICE, channel.name.casefold()) or ""
    except keyring_error:
        url = ""
    if not url:
        raise InvalidInput(
            f"the webhook address of {channel.name} is neither in this computer's keyring nor "
            f"in {channel.variable}: add it again with cop chat add {channel.name} "
            f"--{channel.platform} URL, or set {channel.variable}"
        )
    return url


def store_webhook(channel: ChatChannel, url: str) -> None:
    problem = keep_secret(KEYRING_SERVICE, channel.name.casefold(), url)
    if problem is not None:
        raise InvalidInput(
            f"no usable system keyring ({problem}): the channel {channel.name} is saved "
            f"without its address; set {channel.variable} in the environment"
        )
