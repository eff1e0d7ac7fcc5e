"""The advisory locks that keep a migration and the requests of every instance apart.

PostgreSQL session-level advisory locks, keyed (LOCK_NAMESPACE, key) in the service's database:
- FENCE_LOCK: each serving process holds it shared while it lets requests in; a migrator takes it
  exclusively, which PostgreSQL grants only once every process has let go (drained).
- MIGRATOR_LOCK: held exclusively by the one migrator running.
Both end with the session that holds them, so a process or migrator that dies leaves none behind.
Each serving process keeps its fence on a session of its own, outside its pool, on
Settings.session_database_url: a transaction pooler would not keep a session lock.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, pool, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from ...config import DEFAULT_DATABASE_CONNECT_TIMEOUT
from ...domain.models.maintenance import MaintenanceWindow
from ...services.maintenance import MaintenanceStateStore, MaintenanceStateUnavailable
from ...services.maintenance_gate import FenceUnavailable, InstanceFence
from ..repositories.maintenance import is_missing_table, read_window
from .availability import summary

logger = logging.getLogger(__name__)

LOCK_NAMESPACE = 1_296_124_238  # "MAIN" in ASCII: the first key of every lock the service takes
MIGRATOR_LOCK = 1
FENCE_LOCK = 2
SERVICE_NAME = __name__.split(".", 1)[0]

_HOLDERS = text(
    """
    SELECT a.pid, a.application_name
    FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid
    WHERE l.locktype = 'advisory' AND l.granted AND l.mode = :mode
      AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      AND l.classid = :namespace AND l.objid = :key AND l.objsubid = 2
      AND l.pid <> pg_backend_pid()
    ORDER BY a.application_name, a.pid
    """
)


def process_label(role: str) -> str:
    """Names this process in pg_stat_activity, so a migrator can say whom it waits for."""
    return f"{SERVICE_NAME} {role} {socket.gethostname()}:{os.getpid()}"[:63]


def _keys(key: int) -> dict[str, Any]:
    return {"namespace": LOCK_NAMESPACE, "key": key}


def try_lock(connection: Connection, key: int, shared: bool = False) -> bool:
    function = "pg_try_advisory_lock_shared" if shared else "pg_try_advisory_lock"
    result = connection.execute(text(f"SELECT {function}(:namespace, :key)"), _keys(key))
    return bool(result.scalar())


def unlock(connection: Connection, key: int, shared: bool = False) -> None:
    function = "pg_advisory_unlock_shared" if shared else "pg_advisory_unlock"
    connection.execute(text(f"SELECT {function}(:namespace, :key)"), _keys(key))


def lock_holders(connection: Connection, key: int, shared: bool) -> list[str]:
    """Who holds the lock, e.g. ['{{ cookiecutter.package_name }} instance web-1:4242 (pid 812)']."""
    mode = "ShareLock" if shared else "ExclusiveLock"
    rows = connection.execute(_HOLDERS, {"mode": mode, **_keys(key)})
    return [f"{name or 'unnamed session'} (pid {pid})" for pid, name in rows]


def set_application_name(connection: Connection, role: str) -> None:
    connection.execute(
        text("SELECT set_config('application_name', :name, false)"), {"name": process_label(role)}
    )


class PostgresInstanceFence(InstanceFence):
    """The shared FENCE_LOCK on one connection this process keeps while it holds the lock."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None

    def acquire(self) -> bool:
        if self._connection is not None:
            return True
        try:
            connection = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        except SQLAlchemyError as error:
            raise FenceUnavailable(f"cannot connect: {summary(error)}") from error
        try:
            set_application_name(connection, "instance")
            held = try_lock(connection, FENCE_LOCK, shared=True)
        except SQLAlchemyError as error:
            self._drop(connection)
            raise FenceUnavailable(f"cannot take the fence: {summary(error)}") from error
        if not held:
            connection.close()
            return False
        self._connection = connection
        return True

    def read_window(self) -> MaintenanceWindow:
        connection = self._connection
        if connection is None:
            raise FenceUnavailable("the fence is not held")
        try:
            return read_window(connection)
        except DBAPIError as error:
            if is_missing_table(error):
                return MaintenanceWindow.closed()
            self.release()
            raise FenceUnavailable(f"the fence's connection failed: {summary(error)}") from error
        except MaintenanceStateUnavailable as error:
            self.release()  # not held while nothing is let in: a migrator need not wait for it
            raise FenceUnavailable(error.message) from error

    def release(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            unlock(connection, FENCE_LOCK, shared=True)
            connection.close()
        except SQLAlchemyError:
            self._drop(connection)  # ending the session ends its locks too

    @staticmethod
    def _drop(connection: Connection) -> None:
        try:
            connection.invalidate()
        except SQLAlchemyError:
            logger.debug("could not invalidate the fence's connection", exc_info=True)


class LocalInstanceFence(InstanceFence):
    """An embedded database has no advisory locks and one serving process: nothing to fence."""

    shared = False

    def __init__(self, store: MaintenanceStateStore) -> None:
        self._store = store

    def acquire(self) -> bool:
        return True

    def read_window(self) -> MaintenanceWindow:
        try:
            return self._store.read()
        except MaintenanceStateUnavailable as error:
            raise FenceUnavailable(str(error)) from error

    def release(self) -> None:
        """Nothing is held."""


def create_instance_fence(
    session_url: str,
    store: MaintenanceStateStore,
    connect_timeout: int = DEFAULT_DATABASE_CONNECT_TIMEOUT,
) -> InstanceFence:
    """The fence of one serving process: one session of its own, opened when it takes the lock.

    That session is not pooled: the process holds one more database session than its pool. A
    server that does not answer is given up after connect_timeout seconds (requests get 503).
    """
    if make_url(session_url).get_backend_name() == "postgresql":
        engine = create_engine(
            session_url,
            poolclass=pool.NullPool,
            connect_args={"connect_timeout": connect_timeout},
        )
        return PostgresInstanceFence(engine)
    return LocalInstanceFence(store)
