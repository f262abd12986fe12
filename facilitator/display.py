"""How the app looks and moves, chosen per user: the theme (two high-contrast ones made for
projectors, and Textual's own) and reduced motion. Kept in config.ini's [display] section
beside the other settings; `--theme`, COP_THEME or TEXTUAL_THEME choose for one run.

The names are listed here, not read from Textual, so `cop config` and `cop --help` never
load it; tests/test_display.py checks the list against Textual's own themes."""

from __future__ import annotations

import os
from collections.abc import Mapping

from facilitator.config import config_path, read_settings, write_settings
from facilitator.errors import InvalidInput

CONTRAST_DARK = "cop-contrast-dark"
CONTRAST_LIGHT = "cop-contrast-light"
COP_THEMES = (CONTRAST_DARK, CONTRAST_LIGHT)
TEXTUAL_THEMES = (
    "ansi-dark",
    "ansi-light",
    "atom-one-dark",
    "atom-one-light",
    "catppuccin-frappe",
    "catppuccin-latte",
    "catppuccin-macchiato",
    "catppuccin-mocha",
    "dracula",
    "flexoki",
    "gruvbox",
    "monokai",
    "nord",
    "rose-pine",
    "rose-pine-dawn",
    "rose-pine-moon",
    "solarized-dark",
    "solarized-light",
    "textual-dark",
    "textual-light",
    "tokyo-night",
)
THEMES = COP_THEMES + TEXTUAL_THEMES
DEFAULT_THEME = "textual-dark"
THEME_VARIABLES = ("COP_THEME", "TEXTUAL_THEME")
MOTION = ("full", "reduced")


def check_theme(name: str, where: str = "the theme") -> str:
    name = name.strip()
    if name not in THEMES:
        raise InvalidInput(
            f"{where} {name!r} is not one cop knows; choose one of {', '.join(THEMES)}"
        )
    return name


def _saved(key: str) -> str | None:
    """A [display] setting; without a settings file nothing is read (every start of the
    app asks, and most users never write one)."""
    if not config_path().exists():
        return None
    return read_settings().get("display", key, fallback=None) or None


def saved_theme() -> str | None:
    return _saved("theme")


def save_display(theme: str | None = None, motion: str | None = None) -> None:
    parser = read_settings()
    if not parser.has_section("display"):
        parser.add_section("display")
    if theme is not None:
        parser["display"]["theme"] = check_theme(theme)
    if motion is not None:
        if motion not in MOTION:
            raise InvalidInput(f"motion is full or reduced, not {motion!r}")
        parser["display"]["motion"] = motion
    write_settings(parser)


def chosen_theme(option: str | None, environ: Mapping[str, str] | None = None) -> tuple[str, bool]:
    """The theme for this run and whether it is the user's remembered choice (so a change
    from the palette is remembered only then): --theme, then COP_THEME, TEXTUAL_THEME, the
    saved theme, the default. A name cop does not know is refused with the list."""
    found: Mapping[str, str] = os.environ if environ is None else environ
    if option:
        return check_theme(option, "--theme"), False
    for variable in THEME_VARIABLES:
        if found.get(variable, "").strip():
            return check_theme(found[variable], variable), False
    saved = saved_theme()
    if saved and saved in THEMES:
        return saved, True
    return DEFAULT_THEME, True


def reduced_motion(environ: Mapping[str, str] | None = None) -> bool:
    """TEXTUAL_ANIMATIONS=none, or `cop config motion reduced`: no animation, no blinking
    (the clock's seconds still tick)."""
    found: Mapping[str, str] = os.environ if environ is None else environ
    if found.get("TEXTUAL_ANIMATIONS", "").strip().lower() == "none":
        return True
    return _saved("motion") == "reduced"
