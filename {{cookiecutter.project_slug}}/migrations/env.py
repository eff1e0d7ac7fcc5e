"""Alembic environment: the project's metadata, and one transaction for the whole run."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from {{ cookiecutter.package_name }}.infrastructure.databases.engine import create_migration_engine
from {{ cookiecutter.package_name }}.infrastructure.databases.metadata import metadata
from {{ cookiecutter.package_name }}.infrastructure.databases.revision_rendering import render_item
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
    # The migration commands hand over a connection already in the run's one transaction.
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run_on(connection)
        return
    engine = create_migration_engine(str(context.config.get_main_option("sqlalchemy.url")))
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
        # The project's own column types are imported by name in a revision.
        render_item=render_item,
        # One transaction for every revision of the run, SQLite included.
        transactional_ddl=True,
        # SQLite alters a table by copying it: a revision written in batch mode runs on SQLite
        # and on PostgreSQL (where it alters in place), whichever database it was written on.
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
