"""Management commands: run the service, migrate its database, open maintenance windows."""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import click
from dotenv import load_dotenv
from sqlalchemy import inspect

from {{ cookiecutter.package_name }}.cli.db import (
    build_window_options,
    db,
    migration_runner,
    migration_window,
    window_options,
)
from {{ cookiecutter.package_name }}.cli.support import (
    MODE_CHOICE,
    clear_errors,
    expected_end,
    maintenance_settings,
)
from {{ cookiecutter.package_name }}.config import MIGRATIONS_FOLDER, Settings
from {{ cookiecutter.package_name }}.create_app import create_app
from {{ cookiecutter.package_name }}.dependency_container import Container
from {{ cookiecutter.package_name }}.domain.models.maintenance import (
    MaintenanceMode,
    MaintenanceWindow,
    WindowOwner,
)
from {{ cookiecutter.package_name }}.domain_tooling.cli import new_domain
from {{ cookiecutter.package_name }}.domain_tooling.removal import (
    check_deletable,
    delete_files,
    describe_removal,
    plan_removal,
)
from {{ cookiecutter.package_name }}.infrastructure.databases.engine import (
    create_database_engine,
    create_migration_engine,
)
from {{ cookiecutter.package_name }}.infrastructure.databases.migration_window import running_migrators
from {{ cookiecutter.package_name }}.infrastructure.databases.migrations import UPGRADE_COMMAND
from {{ cookiecutter.package_name }}.infrastructure.databases.readiness import MigrationsReadinessProbe
from {{ cookiecutter.package_name }}.infrastructure.mappers.service_context import service_context_table
from {{ cookiecutter.package_name }}.services.maintenance import MaintenanceService

PROJECT_ROOT = Path(__file__).resolve().parent
PACKAGE = "{{ cookiecutter.package_name }}"


def maintenance_service() -> MaintenanceService:
    container = Container(settings=Settings.from_environment())
    service: MaintenanceService = container.maintenance_service()
    return service


def migration_state() -> tuple[bool, str | None]:
    """Whether the window's table exists, and which migrations are pending (None: none)."""
    engine = create_migration_engine(Settings.from_environment().database_url)
    try:
        with engine.connect() as connection:  # a refused connection is reported from here
            migrated = inspect(connection).has_table(service_context_table.name)
        return migrated, MigrationsReadinessProbe(engine, MIGRATIONS_FOLDER).problem()
    finally:
        engine.dispose()


def describe(window: MaintenanceWindow) -> str:
    """The window in a few lines for an operator."""
    if not window.is_open:
        return "Maintenance: off (every request is served)."
    lines = [f"Maintenance: on ({window.mode.value})"]
    if window.opened_at:
        by = window.opened_by.value if window.opened_by else "unknown"
        lines.append(f"Opened: {window.opened_at:%Y-%m-%d %H:%M:%S %Z} by {by}")
    if window.expected_end:
        minutes = round((window.expected_end - datetime.now(timezone.utc)).total_seconds() / 60)
        when = f"in {minutes} min" if minutes >= 0 else f"{-minutes} min ago"
        lines.append(f"Expected end: {window.expected_end:%Y-%m-%d %H:%M %Z} ({when})")
    else:
        lines.append("Expected end: not set")
    lines.append(f"Reason: {window.reason or 'not given'}")
    return "\n".join(lines)


@click.group()
def cli() -> None:
    """{{ cookiecutter.project_name }} management commands."""
    load_dotenv(PROJECT_ROOT / ".env")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--debug/--no-debug", default=False, show_default=True)
@clear_errors
def run(host: str, port: int, debug: bool) -> None:
    """Serve with the development server (use gunicorn in production)."""
    create_app().run(host=host, port=port, debug=debug)


cli.add_command(db)


@cli.group()
def maintenance() -> None:
    """Maintenance windows, shared by every instance through the database."""


@maintenance.command("on")
@click.option("--mode", type=MODE_CHOICE, default="full", show_default=True)
@click.option("--reason", help="Why, for operators (status, GET /v1/service-context).")
@click.option("--expected-minutes", type=click.IntRange(min=1), help="Expected duration.")
@clear_errors
def maintenance_on(mode: str, reason: str | None, expected_minutes: int | None) -> None:
    """Open a window: every instance refuses requests within MAINTENANCE_REFRESH_SECONDS."""
    window = maintenance_service().open(
        MaintenanceMode.parse(mode), reason=reason, expected_end=expected_end(expected_minutes)
    )
    click.echo(describe(window))
    click.echo(
        f"Every instance follows within {maintenance_settings().refresh_seconds:g} s. "
        "Close it with: python manage.py maintenance off"
    )


@maintenance.command("off")
@clear_errors
def maintenance_off() -> None:
    """Close the window: every instance serves every request again."""
    maintenance_service().close()
    click.echo(
        "Maintenance: off. Every instance serves again within "
        f"{maintenance_settings().refresh_seconds:g} s."
    )


@maintenance.command("status")
@clear_errors
def maintenance_status() -> None:
    """Show the window: mode, who opened it and when, expected end, reason."""
    migrated, pending = migration_state()
    if not migrated:
        raise click.ClickException(
            f"Maintenance: unknown, the database is not migrated ({pending}). "
            f"Run: {UPGRADE_COMMAND}"
        )
    window = maintenance_service().status()
    click.echo(describe(window))
    if pending:
        click.echo(f"The database is behind the code ({pending}). Run: {UPGRADE_COMMAND}")
    migrators = running_migrators(Settings.from_environment().session_database_url)
    if migrators:
        click.echo(f"Migration running: {', '.join(migrators)}")
    elif window.is_open and window.opened_by is WindowOwner.MIGRATION:
        click.echo(
            "No migrator is running: a migration was interrupted. Run db upgrade again (it takes "
            "the window over) or close the window with: python manage.py maintenance off"
        )


@cli.group()
def domain() -> None:
    """Add and remove domains: each owns every file and folder named after it."""


domain.add_command(new_domain)


@domain.command("remove")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
@window_options
@clear_errors
def domain_remove(name: str, yes: bool, **options: Any) -> None:
    """Remove the domain NAME: drop its tables, then delete its files.

    Says which files it deletes and which tables it drops (with their rows) and asks first.
    Migrates the domain's branch down to its base (on PostgreSQL inside a maintenance window,
    like db downgrade); other domains' tables and rows stay. A failed migration changes nothing.
    """
    runner = migration_runner()
    engine = create_database_engine(runner.database_url)
    try:
        plan = plan_removal(PROJECT_ROOT, PACKAGE, name, runner, engine)
    finally:
        engine.dispose()
    check_deletable(plan)
    click.echo("\n".join(describe_removal(plan, PROJECT_ROOT)))
    if not yes:
        click.confirm("Remove it?", abort=True)
    if plan.migrated:
        migration_window().downgrade(f"{name}@base", build_window_options(**options))
    delete_files(plan, PROJECT_ROOT, PACKAGE)
    click.echo(f"Removed the domain {name!r}.")


if __name__ == "__main__":
    sys.exit(cli())
