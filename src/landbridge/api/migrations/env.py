"""Alembic's environment: migrations run on the connection :func:`upgrade` passes in (never
from the ``alembic`` command line, which has no ``alembic.ini`` here)."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
