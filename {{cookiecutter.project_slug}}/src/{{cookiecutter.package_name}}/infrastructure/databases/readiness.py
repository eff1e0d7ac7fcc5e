"""Readiness probe that asks the database a trivial question."""

from __future__ import annotations

import logging

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from ...services.health import ReadinessProbe
from .availability import summary, unavailability

logger = logging.getLogger(__name__)


class DatabaseReadinessProbe(ReadinessProbe):
    name = "database"

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def problem(self) -> str | None:
        try:
            with self._engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError as error:
            reason = unavailability(error) or summary(error)
            logger.warning("the database is not ready: %s", reason)
            return reason
        return None
