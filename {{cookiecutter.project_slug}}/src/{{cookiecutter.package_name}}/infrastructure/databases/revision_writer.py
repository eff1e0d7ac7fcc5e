"""db migrate: a revision of what changed in the models, written into the branch that owns it.

A table belongs to the branch named after the mapper module that defines it (a domain), or to
core (the service's own tables). The revision continues its branch's numbering, imports the
project's own column types, and is formatted with ruff when ruff is installed.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alembic import command
from alembic.operations.ops import MigrationScript
from alembic.runtime.migration import MigrationContext

from ..mappers import mapper_modules, tables_of
from .engine import create_migration_engine
from .migrations import MigrationError, MigrationRunner
from .schema_changes import changed_tables, describe, referenced_tables

CORE = "core"


class NoChanges(MigrationError):
    """The models match the database: there is nothing to write."""


@dataclass
class WrittenRevision:
    path: Path
    revision_id: str
    branch: str
    changes: list[str] = field(default_factory=list)
    formatted: bool = False


def table_branches(branches: Iterable[str]) -> dict[str, str]:
    """Each mapped table's branch: the domain whose mapper module defines it, else core."""
    known = set(branches)
    owners: dict[str, str] = {}
    for module in mapper_modules():
        name = module.__name__.rsplit(".", 1)[1]
        branch = name if name in known else CORE
        for table in tables_of(name):
            # A table imported into another mapper module stays with the one named like it.
            if table.name not in owners or table.name.startswith(f"{name}_"):
                owners[table.name] = branch
    return owners


@dataclass
class _Plan:
    """Decides, once autogenerate has compared, where the revision goes and what it is called."""

    runner: MigrationRunner
    chosen: str | None
    written: WrittenRevision | None = None

    def direct(self, _context: MigrationContext, _revision: Any, directives: list[Any]) -> None:
        script: MigrationScript = directives[0]
        assert script.upgrade_ops is not None
        if script.upgrade_ops.is_empty():
            directives[:] = []  # write nothing
            return
        differences = script.upgrade_ops.as_diffs()
        branches = self.runner.branches()
        owners = table_branches(branches)
        branch = self.chosen or self._branch_of(changed_tables(differences), owners, branches)
        script.rev_id = self.runner.next_revision_id(branch)
        script.head = f"{branch}@head"
        script.version_path = str(self.runner.branch_folder(branch))
        needed = {owners.get(table) for table in referenced_tables(differences)}
        others = sorted(other for other in needed if other and other != branch)
        if others:
            # Its foreign keys point at another branch's tables: their migrations run first.
            script.depends_on = [
                head for other in others for head in self.runner.branch_heads(other)
            ]
        self.written = WrittenRevision(Path(), script.rev_id, branch, describe(differences))

    def _branch_of(self, tables: set[str], owners: dict[str, str], branches: list[str]) -> str:
        found: dict[str, list[str]] = {}
        unknown = []
        for table in sorted(tables):
            branch = owners.get(table) or _by_prefix(table, branches)
            if branch is None:
                unknown.append(table)
            else:
                found.setdefault(branch, []).append(table)
        if unknown:
            raise MigrationError(
                f"No mapper module defines {', '.join(unknown)} (dropped from the models?): "
                f"say which branch the change goes to with --domain ({', '.join(branches)})."
            )
        if len(found) > 1:
            spread = "; ".join(f"{branch}: {', '.join(names)}" for branch, names in found.items())
            raise MigrationError(
                f"The changes span several branches ({spread}): write one revision per branch "
                "with --domain, or pick the one that takes them all with --domain."
            )
        return next(iter(found))


def _by_prefix(table: str, branches: list[str]) -> str | None:
    """A dropped table's branch, from the domain naming its tables after itself."""
    matches = [branch for branch in branches if table.startswith(f"{branch}_")]
    return max(matches, key=len) if matches else None


def write_revision(
    runner: MigrationRunner, message: str, branch: str | None = None, empty: bool = False
) -> WrittenRevision:
    """Write the next revision of the branch the model changes belong to (or of branch).

    Raises NoChanges, writing nothing, when the models match the database; MigrationError when
    the database is not at the newest revisions or the branch cannot be told.
    """
    branches = runner.branches()
    if branch is not None and branch not in branches:
        raise MigrationError(f"No branch {branch!r}: the branches are {', '.join(branches)}.")
    config, formatted = runner.writing_config()
    if empty:
        if branch is None:
            raise MigrationError(
                f"An empty revision needs its branch: add --domain ({', '.join(branches)})."
            )
        revision_id = runner.next_revision_id(branch)
        path = _revision(
            config,
            message=message,
            head=f"{branch}@head",
            rev_id=revision_id,
            version_path=str(runner.branch_folder(branch)),
        )
        runner.forget_script()
        return WrittenRevision(path, revision_id, branch, [], formatted)
    plan = _Plan(runner, branch)
    engine = create_migration_engine(runner.database_url)
    try:
        runner.require_at_heads(engine)
        with engine.connect() as connection:
            config.attributes["connection"] = connection
            path = _revision(
                config,
                message=message,
                autogenerate=True,
                head=f"{CORE}@head",  # replaced by the plan once the branch is known
                process_revision_directives=plan.direct,
            )
    finally:
        engine.dispose()
    runner.forget_script()
    assert plan.written is not None
    plan.written.path = path
    plan.written.formatted = formatted
    return plan.written


def _revision(config: Any, **arguments: Any) -> Path:
    """command.revision without Alembic's progress lines; the path of the file written."""
    with contextlib.redirect_stdout(io.StringIO()):
        script = command.revision(config, **arguments)
    if script is None or isinstance(script, list):
        raise NoChanges(
            "No change: the models match the database, so no revision was written. "
            "Use --empty --domain BRANCH for a revision you write by hand."
        )
    return Path(script.path)
