"""Every `cop` command and group: the module it lives in, and the line `cop --help` lists
it with.

A command line names one command, so only that command's module is imported (see
facilitator.cli.typer_app); `cop --help` lists them all from this index without importing
any. Each line is written to fit an 80-column terminal whole, where the first sentences of
the commands' help, cut short, ended mid-phrase in "...". A group's line is also the help
its own page opens with (`cop roster --help`); a command's page shows its docstring.
"""

COMMANDS = {
    "demo": ("demo", "demo", "Load a realistic sample community to try cop on."),
    "rotate": ("rotate", "rotate", "Assign the next session's host by the fair rotation."),
    "export": ("export", "export", "Export a session's summary as Markdown or for Confluence."),
    "report": ("report", "report", "A period's report: attendance, voices, follow-through."),
    "checklist": ("checklist", "checklist", "What a lasting community has in place."),
    "invite": ("invite", "invite", "Write the period's sessions as a calendar file (.ics)."),
    "announce": ("invite", "announce", "A ready-to-paste message about a coming session."),
    "pulse": ("pulse", "pulse", "Record, correct or list the pulse of sessions."),
    "room": ("room", "room", "Show the live session on a second screen; never writes."),
}
"""Commands at the top: name -> (module in facilitator.cli, function, line)."""

GROUPS = {
    "community": ("community", "app", "Create, list and edit communities."),
    "roster": ("roster", "app", "Add, edit, list, import and export members."),
    "session": ("session", "app", "Plan, list, show and cancel sessions."),
    "talk": ("talk", "app", "Lightning talks: sign up and see the queue."),
    "topic": ("topic", "app", "Dialogue topics: propose before the session, list, withdraw."),
    "db": ("db", "app", "Where the data lives, backups and checks."),
    "followup": ("followup", "app", "Follow up on commitments: list, mark outcomes, nudge."),
    "config": ("config", "app", "Settings outside the database: Confluence, theme, motion."),
    "archive": ("archive", "app", "Move or merge the history between laptops and servers."),
    "library": ("library", "app", "The community's library: every takeaway, searchable."),
    "survey": ("survey", "app", "The impact survey: is AI use growing? Counts, twice a year."),
    "chat": ("chat", "app", "Chat channels (Slack, Microsoft Teams) that cop posts to."),
    "post": ("chat", "post_app", "Post a call for talks, a summary, nudges or a report to chat."),
}
"""Groups of commands: name -> (module in facilitator.cli, its Typer app, line)."""


def group_help(name: str) -> str:
    """The help a group's page opens with: its line in this index."""
    return GROUPS[name][2]
