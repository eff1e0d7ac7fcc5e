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
        try:
            super().__exit__(exc_type, exc, traceback)
        finally:
            self.session.close()

    def _start(self, session: Session) -> None:
        """Build the repositories of this unit of work on the session."""

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()
