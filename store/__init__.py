"""Persistence: SQLModel tables, the engine factory, migrations and queries. No Textual here."""
