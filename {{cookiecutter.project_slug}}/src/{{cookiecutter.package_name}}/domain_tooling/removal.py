"""Removing a domain: what it owns, what dropping its tables would lose, and deleting its files."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect, select
from sqlalchemy.sql.functions import count

from ..infrastructure.databases.migrations import MigrationRunner
from ..infrastructure.mappers import tables_of
from .ownership import domain_roots, owned_paths, present_domains


class RemovalRefused(Exception):
    """The domain cannot be removed as asked; nothing was changed."""


@dataclass(frozen=True)
class RemovalPlan:
    domain: str
    paths: list[Path]
    # The domain's tables that exist in the database, each with its rows, in drop order.
    rows_by_table: dict[str, int]
    # True when the database holds any of the domain's revisions: its branch must go down first.
    migrated: bool


def plan_removal(
    project: Path, package: str, domain: str, runner: MigrationRunner, engine: Engine
) -> RemovalPlan:
    present = present_domains(project, package)
    if domain not in present:
        raise RemovalRefused(
            f"There is no domain {domain!r} to remove; the domains are: "
            f"{', '.join(present) or 'none'}."
        )
    existing = set(inspect(engine).get_table_names())
    tables = [table for table in reversed(tables_of(domain)) if table.name in existing]
    with engine.connect() as connection:
        rows = {
            table.name: int(connection.scalar(select(count()).select_from(table)) or 0)
            for table in tables
        }
    script = runner.script()
    current = script.get_revisions(runner.current_revisions(engine))
    migrated = any(
        revision is not None and domain in revision.branch_labels for revision in current
    )
    return RemovalPlan(domain, owned_paths(project, package, domain), rows, migrated)


def describe_removal(plan: RemovalPlan, project: Path) -> list[str]:
    """What the removal deletes and drops, for the operator to confirm."""
    lines = [f"Removing the domain {plan.domain!r} deletes:"]
    lines += [f"  {path.relative_to(project)}{'/' if path.is_dir() else ''}" for path in plan.paths]
    if plan.migrated:
        lines.append(f"and migrates its branch down to its base ({plan.domain}@base), dropping:")
        lines += [
            f"  {table} ({rows} {'row' if rows == 1 else 'rows'})"
            for table, rows in plan.rows_by_table.items()
        ]
    else:
        lines.append("Its migrations are not applied to this database: no table is dropped.")
    return lines


def check_deletable(plan: RemovalPlan) -> None:
    """Refuse before anything changes when a file or folder could not be deleted."""
    for path in plan.paths:
        for folder in [path.parent, *([path] if path.is_dir() else [])]:
            if not folder.exists() or not _writable(folder):
                raise RemovalRefused(f"Cannot delete {path}: {folder} is not writable.")


def delete_files(plan: RemovalPlan, project: Path, package: str) -> None:
    for path in plan.paths:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    for root in domain_roots(project, package):
        # Compiled copies of the deleted modules would otherwise linger beside the others'.
        for compiled in root.rglob(f"__pycache__/{plan.domain}.*.pyc"):
            compiled.unlink()
        _remove_empty_folders(root)


def _writable(folder: Path) -> bool:
    return os.access(folder, os.W_OK | os.X_OK)


def _remove_empty_folders(root: Path) -> None:
    """Folders the deletion left empty go too, as generation leaves none."""
    if not root.is_dir():
        return
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    if not any(root.iterdir()):
        root.rmdir()
