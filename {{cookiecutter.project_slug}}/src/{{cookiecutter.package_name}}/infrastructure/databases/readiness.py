"""Readiness probes: the database answers, and it is migrated to the code's newest revisions."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from ...services.health import ReadinessProbe
from ..repositories.maintenance import is_missing_table
from .availability import summary, unavailability
from .migrations import MigrationError, MigrationRunner, describe_revisions

logger = logging.getLogger(__name__)

UNAVAILABLE = "the database does not answer"


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


class _Revisions:
    """The migrations' heads and each revision's ancestors, read from the folder once."""

    def __init__(self, runner: MigrationRunner) -> None:
        self.heads = runner.head_revisions()
        self.ancestors = {
            revision.revision: runner.ancestors(revision.revision)
            for revision in runner.script().walk_revisions()
        }

    def pending(self, current: tuple[str, ...]) -> bool:
        """Whether some revision is not applied. A revision the code does not know (a newer
        version of the service migrated the database) counts as applied, not pending."""
        if any(revision not in self.ancestors for revision in current):
            return False
        applied = set(current).union(*(self.ancestors[revision] for revision in current))
        return not set(self.ancestors) <= applied


class MigrationsReadinessProbe(ReadinessProbe):
    """Not ready while the database is behind the migrations: one query of alembic_version.

    The migrations folder is read on the first probe and kept: the code, and so its
    migrations, do not change while the process runs.
    """

    name = "migrations"

    def __init__(self, engine: Engine, migrations_dir: Path) -> None:
        self._engine = engine
        self._migrations_dir = migrations_dir
        self._revisions: _Revisions | None = None
        self._lock = threading.Lock()

    def problem(self) -> str | None:
        try:
            revisions = self._known_revisions()
        except MigrationError as error:
            logger.error("the migrations cannot be read: %s", error)
            return "migrations unreadable"
        try:
            with self._engine.connect() as connection:
                rows = connection.execute(text("SELECT version_num FROM alembic_version"))
                current = tuple(rows.scalars())
        except DBAPIError as error:
            if not is_missing_table(error):
                return UNAVAILABLE  # the database probe logs why
            current = ()
        except SQLAlchemyError:
            return UNAVAILABLE
        if revisions.pending(current):
            return (
                f"migrations pending: at {describe_revisions(current)}, "
                f"head {describe_revisions(revisions.heads)}"
            )
        return None

    def _known_revisions(self) -> _Revisions:
        with self._lock:
            if self._revisions is None:
                url = self._engine.url.render_as_string(hide_password=False)
                self._revisions = _Revisions(MigrationRunner(url, self._migrations_dir))
            return self._revisions
