"""The command palette (ctrl+p): every screen and every action of the screen in front.

Names of communities are user text: prompts are given as Text so they show literally, and
help lines are escaped, because Textual reads a plain string there as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from screens.bindings import key_text, usable_bindings, words

Command = tuple[str, str, Callable[[], object]]


def screen_actions(screen) -> list[Command]:
    """The actions of the screen in front, from its own key bindings: what the key does in
    words (its tooltip, else its label), with the key as help."""
    found: list[Command] = []
    for binding in usable_bindings(screen):
        if binding.action.startswith(("back", "close", "home")):
            continue
        said = words(binding)
        found.append(
            (
                said[:1].upper() + said[1:],
                f"key: {key_text(screen, binding)}",
                partial(screen.run_action, binding.action),
            )
        )
    return found


class CopCommands(Provider):
    def commands(self) -> list[Command]:
        app = self.app
        screen = self.screen
        found: list[Command] = []
        if app.workspace.is_empty():
            return found
        found += screen_actions(screen)
        if hasattr(screen, "palette_commands"):  # commands that depend on the screen's data
            found += screen.palette_commands()
        found += [
            ("Home", "The next session, recent sessions", app.go_home),
            ("Start or resume the session", "Today's session, or the live one", app.open_start),
            (
                "Plan a session",
                "A date and a topic; the cadence's next date is proposed",
                app.open_plan,
            ),
            ("Roster", "Members: search, add, edit, deactivate", app.open_roster),
            ("History", "Past sessions' summaries: read, save, publish", app.open_history),
            ("Follow-up review", "Open commitments: mark outcomes, nudge", app.open_review),
            ("Library", "Search what the community learned", app.open_library),
            (
                "Save the next session's invitation",
                "An .ics file every calendar imports",
                app.save_invitation,
            ),
            (
                "Insights",
                "The quarter's health, warning signs and launch checklist",
                app.open_insights,
            ),
        ]
        current = app.workspace.current_community()
        for name in app.workspace.community_names():
            if name != current:
                found.append(
                    (
                        f"Switch to {name}",
                        "Show it, and use it by default",
                        partial(app.switch, name),
                    )
                )
        return found

    async def discover(self) -> Hits:
        for title, help_text, callback in self.commands():
            yield DiscoveryHit(Text(title), callback, text=title, help=escape(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self.commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    literal_highlight(matcher, title),
                    callback,
                    text=title,
                    help=escape(help_text),
                )


def literal_highlight(matcher, title: str) -> Content:
    """The matched letters underlined on the literal title (Textual's own highlighter reads
    the title as markup, so "[b]Guild[/b]" lost its brackets)."""
    content = Content(title)
    _, offsets = matcher.fuzzy_search.match(matcher.query, title)
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize("bold underline", offset, offset + 1)
    return content
