"""The run's test database: one PostgreSQL server for the whole run, a fresh database in it.

TEST_DATABASE_URL (from the environment, or from .env as manage.py reads it) names a server to
use; without it testcontainers starts one PostgreSQL container for the run (never one per test).
Either way the run creates its own database, migrates it with the project's migrations and drops
it at exit, so two runs never interfere. With neither, the first test that needs the database
fails with one message saying what to do, and the others are skipped.
"""

from __future__ import annotations

import atexit
import gc
import os
import unittest
import uuid
import warnings
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from dotenv import dotenv_values
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
NO_DATABASE = """No PostgreSQL for the tests: TEST_DATABASE_URL is not set and testcontainers \
could not start {image} ({reason}).
Either set TEST_DATABASE_URL, in the environment or in .env, to a PostgreSQL server where the \
tests may create databases, for example
    TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres python -m unittest
or start a Docker engine, so that testcontainers can run PostgreSQL in a container.
Every other test that needs the database is skipped."""


class NoTestDatabase(Exception):
    """Neither TEST_DATABASE_URL nor a Docker engine gives the tests a PostgreSQL server."""


def configured_server_url(
    environ: Mapping[str, str] = os.environ, env_file: Path = PROJECT_ROOT / ".env"
) -> str:
    """TEST_DATABASE_URL as manage.py would see it: the environment first, then .env."""
    if "TEST_DATABASE_URL" in environ:
        return environ["TEST_DATABASE_URL"].strip()
    return (dotenv_values(env_file).get("TEST_DATABASE_URL") or "").strip()


@cache
def _start_server() -> str | NoTestDatabase:
    """The server's URL, or why there is none: tried once per run, never once per test."""
    configured = configured_server_url()
    if configured:
        return normalize_database_url(configured)
    # Imported here: testcontainers needs a Docker engine only when no server is configured.
    from docker.errors import DockerException  # noqa: PLC0415
    from testcontainers.community.postgres import PostgresContainer  # noqa: PLC0415

    try:  # both reach the Docker engine
        container = PostgresContainer(POSTGRES_IMAGE, driver="psycopg2")
        container.start()
    except DockerException as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
    else:
        atexit.register(container.stop)
        return normalize_database_url(container.get_connection_url())
    # The failed Docker client's sockets, closed now rather than warned about in a later test.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()
    return NoTestDatabase(NO_DATABASE.format(image=POSTGRES_IMAGE, reason=reason))


_reported: list[NoTestDatabase] = []


def database_server_url() -> str:
    """The PostgreSQL server of this run, started once when the environment names none."""
    server = _start_server()
    if isinstance(server, str):
        return server
    if _reported:
        raise unittest.SkipTest("no PostgreSQL for the tests: see the first error")
    _reported.append(server)
    raise server


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
