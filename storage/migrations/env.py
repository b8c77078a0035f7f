"""Alembic environment: runs on the connection handed over by ``storage.db``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from storage.db import include_name
from storage.tables import metadata

connection: Connection | None = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through storage.db (newscrawler db upgrade)")

context.configure(
    connection=connection,
    target_metadata=metadata,
    include_name=include_name,
    compare_type=True,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
