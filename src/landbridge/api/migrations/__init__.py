"""The service's schema migrations (Alembic), run at start-up by :func:`upgrade`.

Revisions live in ``versions/``: ``0001`` is the schema as the service first created it (with
``create_all``, before migrations existed), ``0002`` adds the job lease columns. A database
made before migrations existed has the tables and no ``alembic_version``: it is marked as
``0001`` and upgraded from there, so every saved plan, scenario and job is kept.
"""

from __future__ import annotations

import logging
from importlib.resources import files

from sqlalchemy import inspect
from sqlalchemy.engine import Connection, Engine

__all__ = ["HEAD", "upgrade"]

log = logging.getLogger(__name__)

#: The newest revision: what :func:`upgrade` brings a database to.
HEAD = "0002"
_FIRST = "0001"
#: Any number, the same in every instance: PostgreSQL's lock for one migration at a time.
_PG_LOCK = 0x6C616E64


def _config(connection: Connection) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("landbridge.api") / "migrations"))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database to :data:`HEAD`, one instance at a time (SQLite: a write lock
    held throughout; PostgreSQL: an advisory lock), in one transaction."""
    from alembic import command
    from alembic.config import Config

    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")  # other instances wait here
        elif connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_LOCK})")
        config = _config(connection)
        assert isinstance(config, Config)
        tables = set(inspect(connection).get_table_names())
        if "jobs" in tables and "alembic_version" not in tables:
            log.info("database made before migrations: marking it as revision %s", _FIRST)
            command.stamp(config, _FIRST)
        command.upgrade(config, HEAD)
        connection.commit()
