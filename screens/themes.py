"""The two high-contrast themes, made for projectors and for every kind of eyesight: pure
black and white grounds, text at full strength, and the states in colours far apart from
each other and from the ground (every state is also said in words or a symbol)."""

from __future__ import annotations

from textual.theme import Theme

from facilitator.display import CONTRAST_DARK, CONTRAST_LIGHT

HIGH_CONTRAST = (
    Theme(
        name=CONTRAST_DARK,
        primary="#FFFF00",
        secondary="#00FFFF",
        accent="#FF80FF",
        warning="#FFB000",
        error="#FF4040",
        success="#00FF00",
        foreground="#FFFFFF",
        background="#000000",
        surface="#000000",
        panel="#202020",
        dark=True,
        luminosity_spread=0.1,
        text_alpha=1.0,
    ),
    Theme(
        name=CONTRAST_LIGHT,
        primary="#0000C0",
        secondary="#005050",
        accent="#800080",
        warning="#8A4000",
        error="#B00000",
        success="#005A00",
        foreground="#000000",
        background="#FFFFFF",
        surface="#FFFFFF",
        panel="#E8E8E8",
        dark=False,
        luminosity_spread=0.1,
        text_alpha=1.0,
    ),
)
