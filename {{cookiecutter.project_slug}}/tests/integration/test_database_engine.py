"""The engine's pool on PostgreSQL: a connection that died while idle is replaced before use."""

import unittest
from unittest import mock

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from {{ cookiecutter.package_name }}.infrastructure.databases import engine as engine_module
from {{ cookiecutter.package_name }}.infrastructure.databases.engine import create_database_engine

from ..support.database import test_database_url


def backend_pid(connection: Connection) -> int:
    pid: int = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    return pid


class IdleConnectionTest(unittest.TestCase):
    def setUp(self) -> None:
        self.engine = create_database_engine(test_database_url(), pool_size=1, max_overflow=0)
        self.addCleanup(self.engine.dispose)
        self.admin: Engine = create_engine(make_url(test_database_url()), poolclass=NullPool)
        self.addCleanup(self.admin.dispose)

    def pooled_connection_killed_by_the_server(self) -> int:
        """Leave one connection in the pool, then end its session from the server side."""
        with self.engine.connect() as connection:
            pid = backend_pid(connection)
        with self.admin.connect() as admin:
            admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        return pid

    def test_a_connection_that_died_while_idle_is_replaced_before_use(self) -> None:
        killed = self.pooled_connection_killed_by_the_server()
        with (
            mock.patch.object(engine_module, "PING_AFTER_IDLE_SECONDS", 0.0),
            self.engine.connect() as connection,
        ):
            self.assertNotEqual(backend_pid(connection), killed)

    def test_a_connection_used_a_moment_ago_is_handed_out_without_a_ping(self) -> None:
        # Within the idle bound nothing is checked, so the dead connection surfaces on first use
        # (and the pool is invalidated, so the next checkout gets a live one).
        killed = self.pooled_connection_killed_by_the_server()
        with mock.patch.object(engine_module, "PING_AFTER_IDLE_SECONDS", 3600.0):
            with self.assertRaises(OperationalError), self.engine.connect() as connection:
                backend_pid(connection)
            with self.engine.connect() as connection:
                self.assertNotEqual(backend_pid(connection), killed)
