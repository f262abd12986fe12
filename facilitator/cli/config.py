"""`cop config`: where to publish (Confluence), and its token kept out of files and output."""

from __future__ import annotations

from typing import Annotated

import typer

from facilitator.cli.common import command_group, read_secret, say

app = command_group("config")


@app.command("confluence")
def confluence(
    url: Annotated[
        str | None, typer.Option("--url", help="The site, e.g. https://example.atlassian.net.")
    ] = None,
    deployment: Annotated[
        str | None, typer.Option("--deployment", help="cloud or datacenter.")
    ] = None,
    space: Annotated[str | None, typer.Option("--space", help="The space key, e.g. AI.")] = None,
    parent: Annotated[
        str | None, typer.Option("--parent", help="Id of the page to publish under.")
    ] = None,
    email: Annotated[
        str | None, typer.Option("--email", help="Cloud: the account's e-mail address.")
    ] = None,
    set_token: Annotated[
        bool,
        typer.Option("--set-token", help="Ask for the API token (not echoed) for the keyring."),
    ] = False,
) -> None:
    """Set up Confluence publishing; with no options, show the current settings."""
    from facilitator.config import (
        ConfluenceConfig,
        check_deployment,
        clean_url,
        load_confluence,
        save_confluence,
        store_token,
    )
    from facilitator.errors import InvalidInput
    from facilitator.text import clean_email
    from facilitator.vocabulary import Deployment

    current = load_confluence()
    changes = any(v is not None for v in (url, deployment, space, parent, email))
    if changes:
        if current is None and not (url and deployment and space):
            raise InvalidInput("the first set-up needs --url, --deployment and --space")
        # with nothing saved yet, all three were given: the blank ones are never read
        before = current or ConfluenceConfig(url="", deployment="", space="")
        kind = check_deployment(deployment or before.deployment)
        config = ConfluenceConfig(
            url=clean_url(url or before.url, kind),
            deployment=kind,
            space=(space or before.space).strip(),
            parent_id=(parent if parent is not None else before.parent_id) or None,
            email=clean_email(email) if email is not None else before.email,
        )
        if not config.space.replace("~", "").isalnum():
            raise InvalidInput(f"{config.space!r} is not a space key (letters and digits)")
        if config.parent_id and not config.parent_id.isdigit():
            raise InvalidInput(f"--parent is a page id (digits), not {config.parent_id!r}")
        say(f"Saved {save_confluence(config)}")
        current = config
    if set_token:
        if current is None:
            raise InvalidInput("set up Confluence first (--url, --deployment, --space)")
        store_token(current, read_secret("API token", "token"))
        say("The token is in the system keyring.")
    if not changes and not set_token:
        _show(current)
    elif current and current.deployment == Deployment.CLOUD and not current.email:
        say("Cloud also needs the account's e-mail: cop config confluence --email E")


def _show(config) -> None:
    import os

    from facilitator.config import TOKEN_VARIABLE, config_path, read_token

    if config is None:
        say(f"Confluence is not set up ({config_path()} has no [confluence] section).")
        return
    token = read_token(config)
    source = (
        f"from {TOKEN_VARIABLE}"
        if os.environ.get(TOKEN_VARIABLE, "").strip()
        else ("in the system keyring" if token else "missing (cop config confluence --set-token)")
    )
    for label, value in (
        ("URL", config.url),
        ("Deployment", config.deployment),
        ("Space", config.space),
        ("Parent page", config.parent_id or "(top of the space)"),
        ("E-mail", config.email or "—"),
        ("Token", source),
    ):
        say(f"{label + ':':<13}{value}")


@app.command("theme")
def theme(
    name: Annotated[
        str | None, typer.Argument(help="A theme, e.g. cop-contrast-dark; none shows them all.")
    ] = None,
) -> None:
    """Keep the app's theme: cop-contrast-dark or cop-contrast-light (high contrast, for
    projectors) or one of Textual's (ansi-dark and ansi-light use the terminal's colours)."""
    from facilitator.display import COP_THEMES, THEMES, chosen_theme, save_display

    if name is not None:
        save_display(theme=name)
        say(f"The app will use {name}.")
        return
    current, _ = chosen_theme(None)
    for known in THEMES:
        mark = "*" if known == current else " "
        note = "  (high contrast)" if known in COP_THEMES else ""
        say(f"{mark} {known}{note}")


@app.command("motion")
def motion(
    level: Annotated[str, typer.Argument(help="reduced (no animation, no blinking) or full.")],
) -> None:
    """Reduce motion in the app: no animations and no blinking cursor; the clock's seconds
    still tick. TEXTUAL_ANIMATIONS=none does the same for one run."""
    from facilitator.display import save_display

    save_display(motion=level)
    say(f"Motion: {level}.")
