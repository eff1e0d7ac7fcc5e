"""Readiness probe that asks the database a trivial question."""

from __future__ import annotations

import logging

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from ...services.health import ReadinessProbe

logger = logging.getLogger(__name__)


class DatabaseReadinessProbe(ReadinessProbe):
    name = "database"

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def is_ready(self) -> bool:
        try:
            with self._engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            logger.warning("database is not reachable", exc_info=True)
            return False
        return True
