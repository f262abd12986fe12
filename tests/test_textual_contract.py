"""The one private Textual hook cop relies on, checked so an upgrade cannot silently turn
refusals back into crashes (pyproject pins Textual below 9; this fails first if a release
within the pin changes the hook)."""

from __future__ import annotations

import inspect

from textual.message_pump import MessagePump
from textual.screen import Screen

from screens.failures import ReportsFailures


def test_textual_still_dispatches_every_message_through_the_hook_cop_guards():
    hook = MessagePump._on_message
    assert inspect.iscoroutinefunction(hook)
    assert list(inspect.signature(hook).parameters) == ["self", "message"]
    # The dispatch path calls it for every message a screen handles.
    assert "_on_message" in inspect.getsource(MessagePump._dispatch_message)


def test_every_cop_screen_puts_the_guard_before_textuals_dispatch():
    import importlib
    import pkgutil

    import screens

    for module in pkgutil.iter_modules(screens.__path__):
        importlib.import_module(f"screens.{module.name}")

    def all_subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from all_subclasses(sub)

    cop_screens = [s for s in all_subclasses(Screen) if s.__module__.startswith("screens.")]
    assert len(cop_screens) >= 10
    for screen in cop_screens:
        mro = screen.__mro__
        assert ReportsFailures in mro, f"{screen.__name__} does not report failures"
        assert mro.index(ReportsFailures) < mro.index(MessagePump), screen.__name__
