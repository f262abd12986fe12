"""Textual screens and widgets of cop; each screen keeps its .tcss next to it."""
