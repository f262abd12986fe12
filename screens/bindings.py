"""The keys of a screen that do something now: what the key bar, help and the palette list.

A screen declares its keys once, in BINDINGS (with a tooltip where the label is terse);
`check_action` hides those that would do nothing at the moment (History's save and publish
with no session).
"""

from __future__ import annotations

from textual.binding import Binding
from textual.screen import Screen


def usable_bindings(screen: Screen) -> list[Binding]:
    """The screen's own described bindings that its check_action allows, one per action."""
    found: list[Binding] = []
    seen: set[str] = set()
    for binding in getattr(screen, "BINDINGS", ()):
        if not isinstance(binding, Binding) or not binding.description:
            continue
        if binding.action in seen:
            continue
        if screen.check_action(binding.action.partition("(")[0], ()) is False:
            continue
        seen.add(binding.action)
        found.append(binding)
    return found


def key_text(screen: Screen, binding: Binding, every_key: bool = False) -> str:
    """How the key reads on screen: its own display, else the first key (or all of them)."""
    if binding.key_display:
        return binding.key_display
    keys = binding.key.split(",") if every_key else binding.key.split(",")[:1]
    return ", ".join(screen.app.get_key_display(Binding(key, binding.action)) for key in keys)


def words(binding: Binding) -> str:
    """What the key does, in words: its tooltip, else its label."""
    return binding.tooltip or binding.description
