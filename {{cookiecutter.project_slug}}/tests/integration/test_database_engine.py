"""The engine's pool on PostgreSQL: a connection whose session ended is replaced before use."""

import unittest
from unittest import mock

from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
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
            # With a timeout, it returns once the session has ended (not just been signalled).
            admin.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
        return pid

    def test_a_connection_that_died_while_idle_is_replaced_before_use(self) -> None:
        killed = self.pooled_connection_killed_by_the_server()
        with (
            mock.patch.object(engine_module, "PING_AFTER_IDLE_SECONDS", 0.0),
            self.engine.connect() as connection,
        ):
            self.assertNotEqual(backend_pid(connection), killed)

    def test_a_connection_the_server_ended_a_moment_ago_is_replaced_before_use(self) -> None:
        # A restart ends every session at once, moments after the last request used them.
        killed = self.pooled_connection_killed_by_the_server()
        with (
            mock.patch.object(engine_module, "PING_AFTER_IDLE_SECONDS", 3600.0),
            self.engine.connect() as connection,
        ):
            self.assertNotEqual(backend_pid(connection), killed)

    def test_a_live_connection_used_a_moment_ago_is_handed_out_without_a_ping(self) -> None:
        with self.engine.connect() as connection:
            used = backend_pid(connection)
        with (
            mock.patch.object(engine_module, "PING_AFTER_IDLE_SECONDS", 3600.0),
            mock.patch.object(
                self.engine.dialect, "do_ping", wraps=self.engine.dialect.do_ping
            ) as ping,
            self.engine.connect() as connection,
        ):
            self.assertEqual(backend_pid(connection), used)
        ping.assert_not_called()
