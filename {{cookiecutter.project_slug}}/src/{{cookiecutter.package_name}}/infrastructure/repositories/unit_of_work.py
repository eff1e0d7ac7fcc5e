"""The SQLAlchemy Unit of Work: one session, one transaction, rolled back unless committed."""

from __future__ import annotations

from types import TracebackType
from typing import TypeVar

from sqlalchemy.orm import Session, sessionmaker

from ...services.unit_of_work import UnitOfWork

SqlAlchemyUnitOfWorkT = TypeVar("SqlAlchemyUnitOfWorkT", bound="SqlAlchemyUnitOfWork")


class SqlAlchemyUnitOfWork(UnitOfWork):
    """Opens a session on entry; subclasses build their repositories on it in _start()."""

    session: Session

    def __init__(self, session_factory: sessionmaker[Session]) -> None:
        self._session_factory = session_factory

    def __enter__(self: SqlAlchemyUnitOfWorkT) -> SqlAlchemyUnitOfWorkT:
        self.session = self._session_factory()
        self._start(self.session)
        return super().__enter__()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        # Closing the session rolls back whatever was not committed and gives the connection
        # back: a rollback() before it would only add a round of session bookkeeping. Objects
        # loaded in the block stay as they were (detached), readable by the caller. So the port's
        # __exit__ (which calls rollback()) is deliberately not called.
        self.session.close()

    def _start(self, session: Session) -> None:
        """Build the repositories of this unit of work on the session."""

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
