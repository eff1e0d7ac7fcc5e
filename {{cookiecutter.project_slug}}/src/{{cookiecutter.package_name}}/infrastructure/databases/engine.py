"""Builds the engine and the session factory from the settings."""

from __future__ import annotations

import select
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, pool
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session, sessionmaker

from ...config import DEFAULT_DATABASE_CONNECT_TIMEOUT, normalize_database_url

# A pooled connection is checked before it is handed out, so that a database restart costs a new
# connection, not a failed request. Checking costs next to nothing when it needs no round trip:
# - the server ended the session (restart, shutdown, terminated backend): it said so on the
#   socket, which is readable although the connection sat idle; then a ping confirms;
# - idle for longer than PING_AFTER_IDLE_SECONDS: a ping, since a network path can also die
#   silently. One used a moment ago, with nothing to read, is alive: pinging it too would add a
#   round trip to every request.
PING_AFTER_IDLE_SECONDS = 5.0
_CHECKED_IN_AT = "checked_in_at"


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    # SQLite ignores foreign keys unless every connection asks for them.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _note_checkin(_dbapi_connection: Any, record: Any) -> None:
    record.info[_CHECKED_IN_AT] = time.monotonic()


def _has_input(dbapi_connection: Any) -> bool:
    """The server sent something to an idle connection: most likely that it is closing it."""
    descriptor = dbapi_connection.fileno()
    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(descriptor, select.POLLIN)
        return bool(poller.poll(0))
    readable, _, _ = select.select([descriptor], [], [], 0)  # Windows has no poll()
    return bool(readable)


def _check_on_checkout(engine: Engine) -> Any:
    def check(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        checked_in_at = record.info.get(_CHECKED_IN_AT)
        recently_used = (
            checked_in_at is not None and time.monotonic() - checked_in_at < PING_AFTER_IDLE_SECONDS
        )
        if recently_used and not _has_input(dbapi_connection):
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as error:
            # The pool discards this connection and hands out a fresh one instead.
            raise DisconnectionError(f"a pooled connection is gone: {error}") from error

    return check


def create_database_engine(
    database_url: str,
    pool_size: int = 5,
    max_overflow: int = 10,
    connect_timeout: int = DEFAULT_DATABASE_CONNECT_TIMEOUT,
) -> Engine:
    """One engine per process; PostgreSQL gets a checked pool, SQLite a file it can create.

    connect_timeout bounds both waits for a connection: for a free one in the pool, and for the
    server to accept a new one. Past it the request fails (503), rather than hang until the
    worker is killed.
    """
    url = make_url(normalize_database_url(database_url))
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url)
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
        return engine
    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=connect_timeout,
        connect_args={"connect_timeout": connect_timeout},
    )
    event.listen(engine, "checkin", _note_checkin)
    event.listen(engine, "checkout", _check_on_checkout(engine))
    return engine


def create_migration_engine(database_url: str) -> Engine:
    """An engine for migrations: no pool, and on SQLite DDL that a rollback undoes.

    pysqlite commits on its own before DDL; with its transaction handling turned off and BEGIN
    emitted when SQLAlchemy begins, a failed migration leaves the database file as it was.
    Foreign keys stay off on this engine: altering a SQLite table copies it, and with them on,
    dropping the old copy would delete or refuse the rows that point at it.
    """
    url = make_url(normalize_database_url(database_url))
    if url.get_backend_name() != "sqlite":
        return create_engine(url, poolclass=pool.NullPool)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, poolclass=pool.NullPool)
    event.listen(engine, "connect", _leave_transactions_to_sqlalchemy)
    event.listen(engine, "begin", _emit_begin)
    return engine


def _leave_transactions_to_sqlalchemy(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def _emit_begin(connection: Connection) -> None:
    connection.exec_driver_sql("BEGIN")


def create_session_factory(engine: Engine) -> sessionmaker[Session]:
    # Loaded objects stay readable after commit: use cases return them to the API.
    return sessionmaker(bind=engine, expire_on_commit=False)
