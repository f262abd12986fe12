"""Alembic environment: runs on the connection cop hands over, in batch mode for SQLite."""

from alembic import context
from sqlmodel import SQLModel

from store.models import load_all
from store.schema_extras import outside_models

load_all()  # every table on SQLModel.metadata, for autogenerate
connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=True,
    compare_type=True,
    include_name=outside_models,  # SQL of its own: search, standings
)
with context.begin_transaction():
    context.run_migrations()
