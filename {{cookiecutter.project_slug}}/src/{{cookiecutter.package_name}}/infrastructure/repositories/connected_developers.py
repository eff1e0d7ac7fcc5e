"""The register of realtime checks on SQLAlchemy, and the unit of work that holds it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.models.connected_developers.register import DeveloperPair, RegisteredCheck
from ...services.connected_developers.ports import (
    ConnectedDevelopersUnitOfWork,
    ConnectionRegister,
)
from ..mappers.connected_developers import connected_developers_checks_table as checks
from .unit_of_work import SqlAlchemyUnitOfWork


class SqlAlchemyConnectionRegister(ConnectionRegister):
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, check: RegisteredCheck) -> None:
        self._session.add(check)

    def checks_of(self, pair: DeveloperPair) -> list[RegisteredCheck]:
        statement = (
            select(RegisteredCheck)
            .where(checks.c.first_developer == pair.first, checks.c.second_developer == pair.second)
            # The id breaks ties between checks registered in the same microsecond.
            .order_by(checks.c.registered_at, checks.c.id)
        )
        # Closing the unit of work detaches the checks as loaded: they stay readable after it.
        return list(self._session.scalars(statement))


class SqlAlchemyConnectedDevelopersUnitOfWork(SqlAlchemyUnitOfWork, ConnectedDevelopersUnitOfWork):
    def _start(self, session: Session) -> None:
        self.register = SqlAlchemyConnectionRegister(session)
