"""The run's test database: one PostgreSQL server for the whole run, a fresh database in it.

TEST_DATABASE_URL names a server to use; without it testcontainers starts one PostgreSQL
container for the run (never one per test). Either way the run creates its own database, migrates
it with the project's migrations and drops it at exit, so two runs never interfere.
"""

from __future__ import annotations

import atexit
import os
import uuid
from functools import cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from {{ cookiecutter.package_name }}.config import normalize_database_url
from {{ cookiecutter.package_name }}.infrastructure.databases.engine import create_database_engine
from {{ cookiecutter.package_name }}.infrastructure.databases.metadata import metadata
from {{ cookiecutter.package_name }}.infrastructure.databases.migrations import MigrationRunner
from {{ cookiecutter.package_name }}.infrastructure.mappers import mapper_modules, start_mappers

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS_DIR = PROJECT_ROOT / "migrations"
POSTGRES_IMAGE = "postgres:16-alpine"


@cache
def database_server_url() -> str:
    """The PostgreSQL server of this run, started once when the environment names none."""
    configured = os.environ.get("TEST_DATABASE_URL", "").strip()
    if configured:
        return normalize_database_url(configured)
    # Imported here: testcontainers needs a Docker engine only when no server is configured.
    from testcontainers.postgres import PostgresContainer  # noqa: PLC0415

    container = PostgresContainer(POSTGRES_IMAGE, driver="psycopg2")
    container.start()
    atexit.register(container.stop)
    return normalize_database_url(container.get_connection_url())


def create_fresh_database(prefix: str = "test") -> str:
    """Create an empty database on the run's server, dropped at exit; return its URL."""
    server = make_url(database_server_url())
    name = f"{prefix}_{uuid.uuid4().hex[:16]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    atexit.register(drop)
    return server.set(database=name).render_as_string(hide_password=False)


def create_migrated_database(prefix: str = "test") -> str:
    """Create a database as create_fresh_database does, migrated to the newest revision."""
    url = create_fresh_database(prefix)
    MigrationRunner(url, MIGRATIONS_DIR).upgrade()
    return url


@cache
def test_database_url() -> str:
    """The run's database, migrated to the newest revision."""
    return create_migrated_database()


@cache
def test_engine() -> Engine:
    start_mappers()
    engine = create_database_engine(test_database_url())
    atexit.register(engine.dispose)
    return engine


def empty_all_tables(engine: Engine) -> None:
    """Remove every row the previous test left, keeping the schema the migrations built."""
    mapper_modules()
    tables = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    if tables:
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
