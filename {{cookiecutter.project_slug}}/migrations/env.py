"""Alembic environment: the project's metadata, and one transaction for the whole upgrade."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from {{ cookiecutter.package_name }}.infrastructure.databases.engine import create_database_engine
from {{ cookiecutter.package_name }}.infrastructure.databases.metadata import metadata
from {{ cookiecutter.package_name }}.infrastructure.mappers import mapper_modules

# Importing the mapper modules puts every table on the metadata that autogenerate compares.
mapper_modules()
target_metadata = metadata


def run_migrations_offline() -> None:
    """Write the SQL of the migrations instead of running it (alembic --sql)."""
    context.configure(
        url=context.config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    # A caller (the maintenance window, the tests) may hand over a connection it already holds.
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    engine = create_database_engine(str(context.config.get_main_option("sqlalchemy.url")))
    try:
        with engine.connect() as connection:
            _run_on(connection)
    finally:
        engine.dispose()


def _run_on(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        # SQLite alters tables by copying them; batch mode lets migrations run on it too.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
