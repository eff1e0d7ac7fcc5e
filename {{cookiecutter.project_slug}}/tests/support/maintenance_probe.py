"""Maintenance-window test helpers: probe revisions, databases and routes, instances, locks.

The probe revisions chain onto the project's newest revision, whatever example domains it has:
9001 creates the maintenance_probe table the probe routes write to; 9002 changes it, as a copy
and swap or an added column, sleeping MAINTENANCE_PROBE_SLEEP seconds inside its transaction and
failing when MAINTENANCE_PROBE_FAIL is set.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import IO, Any, ClassVar

import click
from alembic.script import ScriptDirectory
from click.testing import CliRunner, Result
from flask import request
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from {{ cookiecutter.package_name }}.app import ServiceApp
from {{ cookiecutter.package_name }}.create_app import create_app
from {{ cookiecutter.package_name }}.infrastructure.databases.engine import create_database_engine
from {{ cookiecutter.package_name }}.infrastructure.databases.maintenance_fence import (
    SERVICE_NAME,
    PostgresInstanceFence,
)
from {{ cookiecutter.package_name }}.infrastructure.databases.migrations import MigrationRunner
from {{ cookiecutter.package_name }}.infrastructure.repositories.maintenance import SqlMaintenanceStateStore
from {{ cookiecutter.package_name }}.services.maintenance_gate import MaintenanceGate

from .database import MIGRATIONS_DIR, PROJECT_ROOT, create_fresh_database
from .processes import manage_command

PROBE_REVISION = "9001_maintenance_probe"
CHANGE_REVISION = "9002_maintenance_probe_change"
SLEEP_VARIABLE = "MAINTENANCE_PROBE_SLEEP"
FAIL_VARIABLE = "MAINTENANCE_PROBE_FAIL"
PROBE_FAILURE = "the backfill found a token it cannot read"

_PROBE = '''"""Test only: the table the probe routes write to."""

import sqlalchemy as sa
from alembic import op

revision = "9001_maintenance_probe"
down_revision = "DOWN_REVISION"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "maintenance_probe",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("instance", sa.String(64), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("maintenance_probe")
'''

_CHANGE_HEADER = '''"""Test only: adds token_length to maintenance_probe and backfills it."""

import os

import sqlalchemy as sa
from alembic import op

revision = "9002_maintenance_probe_change"
down_revision = "9001_maintenance_probe"
branch_labels = None
depends_on = None


def pause_or_fail() -> None:
    seconds = float(os.environ.get("MAINTENANCE_PROBE_SLEEP", "0"))
    if seconds:
        op.execute(sa.text("SELECT pg_sleep(:seconds)").bindparams(seconds=seconds))
    if os.environ.get("MAINTENANCE_PROBE_FAIL"):
        raise RuntimeError("the backfill found a token it cannot read")

'''

# Copy and swap, as batch migrations do: rows written between the copy and the drop are lost
# unless nothing writes meanwhile, which is what the window guarantees.
COPY_AND_SWAP = "".join(
    (
        _CHANGE_HEADER,
        """
def upgrade() -> None:
    op.create_table(
        "maintenance_probe_next",
        sa.Column("token", sa.String(64), primary_key=True),
        sa.Column("instance", sa.String(64), nullable=False),
        sa.Column("token_length", sa.Integer(), nullable=True),
    )
    op.execute(
        "INSERT INTO maintenance_probe_next (token, instance, token_length) "
        "SELECT token, instance, length(token) FROM maintenance_probe"
    )
    pause_or_fail()
    op.drop_table("maintenance_probe")
    op.rename_table("maintenance_probe_next", "maintenance_probe")


def downgrade() -> None:
    op.drop_column("maintenance_probe", "token_length")
""",
    )
)

ADD_COLUMN = "".join(
    (
        _CHANGE_HEADER,
        """
def upgrade() -> None:
    op.add_column("maintenance_probe", sa.Column("token_length", sa.Integer(), nullable=True))
    op.execute("UPDATE maintenance_probe SET token_length = length(token)")
    pause_or_fail()


def downgrade() -> None:
    op.drop_column("maintenance_probe", "token_length")
""",
    )
)


def probe_migrations(folder: Path, change: str = ADD_COLUMN) -> Path:
    """The project's core migrations copied into folder, the two probe revisions after its head.

    The domains' branches are left out: the window's behaviour does not depend on them, and one
    branch keeps every revision the tests name unambiguous.
    """
    target = folder / "migrations"
    shutil.copytree(MIGRATIONS_DIR, target, ignore=_core_only)
    versions = target / "versions" / "core"
    head = ScriptDirectory(str(target), recursive_version_locations=True).get_current_head()
    (versions / f"{PROBE_REVISION}.py").write_text(_PROBE.replace("DOWN_REVISION", str(head)))
    (versions / f"{CHANGE_REVISION}.py").write_text(change)
    return target


def _core_only(folder: str, names: list[str]) -> list[str]:
    """What copytree leaves out: caches, and every branch in versions/ but the core one."""
    if Path(folder) == MIGRATIONS_DIR / "versions":
        return [name for name in names if name != "core"]
    return [name for name in names if name == "__pycache__"]


class ProbeDatabaseTestCase(unittest.TestCase):
    """Each test gets a database of its own at PROBE_REVISION and the migrations to go further.

    The probe table holds one row per token of `tokens`; `change` is the revision still to run.
    """

    database_prefix: ClassVar[str] = "maintenance_probe"
    change: ClassVar[str] = ADD_COLUMN
    tokens: ClassVar[frozenset[str]] = frozenset()

    def setUp(self) -> None:
        super().setUp()
        self.url = create_fresh_database(self.database_prefix)
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.migrations = probe_migrations(Path(folder.name), self.change)
        MigrationRunner(self.url, self.migrations).upgrade(PROBE_REVISION)
        if self.tokens:
            add_probe_rows(self.url, self.tokens)

    def assert_unchanged(self) -> None:
        """The revision, the probe table and its rows are as set up: nothing was migrated."""
        self.assertEqual(current_revision(self.url), PROBE_REVISION)
        self.assertNotIn("token_length", columns(self.url, "maintenance_probe"))
        self.assertEqual(probe_tokens(self.url), self.tokens)


def instance_gate(
    test: unittest.TestCase, database_url: str, refresh_seconds: float
) -> MaintenanceGate:
    """The gate of one more instance of the service, on an engine of its own; both closed after."""
    engine = create_database_engine(database_url)
    test.addCleanup(engine.dispose)
    gate = MaintenanceGate(
        SqlMaintenanceStateStore(engine), PostgresInstanceFence(engine), refresh_seconds
    )
    test.addCleanup(gate.close)
    return gate


def add_probe_routes(app: ServiceApp) -> None:
    """/probe/echo answers without the database; POST /probe/writes inserts one probe row.

    ?hold=SECONDS keeps the write's transaction open that long after the insert, like a request
    with more work to do: it is still in flight when a window opens.
    """
    engine = app.container.engine()

    def echo() -> dict[str, Any]:
        return {"method": request.method}

    def write() -> tuple[dict[str, Any], int]:
        token = str(request.get_json()["token"])
        hold = request.args.get("hold", default=0.0, type=float)
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO maintenance_probe (token, instance) VALUES (:token, :instance)"),
                {"token": token, "instance": f"{socket.gethostname()}:{os.getpid()}"[:64]},
            )
            time.sleep(hold)
        return {"token": token}, 201

    app.add_url_rule("/probe/echo", "probe_echo", echo, methods=["GET", "POST"])
    app.add_url_rule("/probe/writes", "probe_writes", write, methods=["POST"])


def create_probe_app() -> ServiceApp:
    """The service with the probe routes, for gunicorn: 'tests.support.maintenance_probe:...()'."""
    app = create_app()
    add_probe_routes(app)
    return app


def test_environment(database_url: str, **extra: str) -> dict[str, str]:
    """What the service and manage.py read in these tests, on top of the real environment."""
    return {
        "APP_ENV": "testing",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        "MAINTENANCE_REFRESH_SECONDS": "0.2",
        **extra,
    }


def process_environment(database_url: str, **extra: str) -> dict[str, str]:
    return {**os.environ, **test_environment(database_url, **extra)}


@cache
def manage_cli() -> click.Group:
    """manage.py's command group, loaded once: the tests invoke it without a new interpreter."""
    spec = importlib.util.spec_from_file_location("manage_under_test", PROJECT_ROOT / "manage.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    cli: click.Group = module.cli
    return cli


def invoke(*args: str, database_url: str, input: str | None = None, **extra: str) -> Result:
    """Run manage.py in this process; result.output holds what it printed (stdout and stderr)."""
    environment = test_environment(database_url, **extra)
    return CliRunner().invoke(manage_cli(), list(args), env=environment, input=input)


def start_manage(*args: str, database_url: str, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        manage_command(*args),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=process_environment(database_url, **extra),
        cwd=PROJECT_ROOT,
    )


def serve(
    database_url: str,
    port: int,
    workers: int = 1,
    threads: int = 4,
    log: IO[bytes] | None = None,
    **extra: str,
) -> subprocess.Popen[bytes]:
    """One instance of the service with the probe routes, under gunicorn and gunicorn.conf.py.

    log: where its output goes (nowhere by default); extra: environment over the tests' own.
    """
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
    command += ["--threads", str(threads), "tests.support.maintenance_probe:create_probe_app()"]
    output = subprocess.DEVNULL if log is None else log
    return subprocess.Popen(
        command,
        env=process_environment(database_url, **extra),
        cwd=PROJECT_ROOT,
        stdout=output,
        stderr=output,
    )


def wait_until(condition: Callable[[], bool], timeout: float, interval: float = 0.05) -> bool:
    """Poll condition until it holds (True) or timeout seconds have passed (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def _query(database_url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql), params)]
    finally:
        engine.dispose()


def locks_held_by_others(database_url: str) -> list[tuple[Any, ...]]:
    """Every lock another session holds or waits for in this database (advisory ones included)."""
    return _query(
        database_url,
        "SELECT locktype, mode, pid FROM pg_locks WHERE pid <> pg_backend_pid() "
        "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    )


def running(database_url: str, fragment: str) -> bool:
    """A session of this database is running a statement containing fragment."""
    name = make_url(database_url).database
    rows = _query(
        database_url,
        "SELECT count(*) FROM pg_stat_activity WHERE datname = :name AND state = 'active' "
        "AND query LIKE :pattern AND pid <> pg_backend_pid()",
        name=name,
        pattern=f"%{fragment}%",
    )
    return bool(rows[0][0])


def write_in_flight(database_url: str) -> bool:
    """A probe write has inserted its row and keeps its transaction open (?hold=SECONDS)."""
    rows = _query(
        database_url,
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND state = 'idle in transaction' AND query LIKE 'INSERT INTO maintenance_probe%'",
    )
    return bool(rows[0][0])


def fence_sessions(database_url: str) -> int:
    """The sessions that carry a serving process's fence (named '<package> instance ...')."""
    rows = _query(
        database_url,
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND application_name LIKE :pattern",
        pattern=f"{SERVICE_NAME} instance %",
    )
    return int(rows[0][0])


def columns(database_url: str, table: str) -> set[str]:
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        return {column["name"] for column in inspect(engine).get_columns(table)}
    finally:
        engine.dispose()


def add_probe_rows(database_url: str, tokens: Iterable[str]) -> None:
    """One probe row per token, as written by an instance named 'test'."""
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO maintenance_probe (token, instance) VALUES (:token, 'test')"),
                [{"token": token} for token in tokens],
            )
    finally:
        engine.dispose()


def probe_tokens(database_url: str) -> set[str]:
    return {row[0] for row in _query(database_url, "SELECT token FROM maintenance_probe")}


def probe_writers(database_url: str) -> set[str]:
    """The processes (host:pid) that wrote probe rows."""
    return {row[0] for row in _query(database_url, "SELECT instance FROM maintenance_probe")}


def current_revision(database_url: str) -> str:
    return str(_query(database_url, "SELECT version_num FROM alembic_version")[0][0])


def window_row(database_url: str) -> tuple[Any, ...]:
    rows = _query(database_url, "SELECT maintenance_mode, opened_by FROM service_context")
    return rows[0] if rows else ("off", None)
